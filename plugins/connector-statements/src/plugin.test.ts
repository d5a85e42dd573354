import { validatePlugin } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { statementConnectorId, statementsPlugin } from './plugin';

describe('the statements plugin', () => {
  it('has a valid manifest whose code matches it and builds the statement-file connector', () => {
    const plugin = statementsPlugin({ loadUpload: () => Promise.reject(new Error('no uploads here')) });
    expect(validatePlugin(plugin)).toMatchObject({ ok: true });
    const connector = plugin.extensions['data-connector']!.create({
      tenantId: 'a',
      region: 'EU',
      settings: { pageSize: 10 },
    });
    expect(connector.id).toBe(statementConnectorId);
  });
});
