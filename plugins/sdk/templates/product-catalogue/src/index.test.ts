import { assertHarnessPassed, runPluginHarness } from '@finpersona/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index';

describe('Example plugin', () => {
  it.each(['EU', 'UK', 'US'] as const)(
    'passes the harness for a bank in %s, in its currency',
    async (region) => {
      const report = await runPluginHarness(plugin, { region });
      assertHarnessPassed(report);
      const products = report.productCatalogue?.products ?? [];
      expect(products.map((product) => product.id)).toEqual(['everyday-account', 'easy-saver']);
      expect(new Set(products.map((product) => product.currency))).toEqual(
        new Set([{ EU: 'EUR', UK: 'GBP', US: 'USD' }[region]]),
      );
    },
  );

  it('links documents under the bank setting', async () => {
    const report = await runPluginHarness(plugin, {
      settings: { documentsBaseUrl: 'https://docs.acme.example/' },
    });
    assertHarnessPassed(report);
    expect(report.productCatalogue?.products[0]?.disclosures[0]?.url).toBe(
      'https://docs.acme.example/everyday-account/terms.pdf',
    );
  });
});
