// A third-party recommendation model and product catalogue, published and enabled by a bank, reached through
// the host's ordinary paths (`enabledExtensions`, the products service) and run in the bank's sandbox (real
// API app, PostgreSQL, isolation runtime): predict, explain and train answer through the sandbox with the
// model's run context there; train gets the operator's training limits (a dataset over a request-time call's
// 256 KiB trains); an answer of the wrong shape fails with its outcome; a catalogue's products
// are validated like a first-party one's.
import { EntityManager } from '@mikro-orm/postgresql';
import { defaultCatalogue } from '@finpersona/catalogue-retail';
import type { ModelRunContext, PredictionBatch, TrainingDataset } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProductsService } from '../products';
import { runAsTenant, type TenantRef } from '../request-context';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { personalisedDemoBank } from '../testing/notification-fixtures';
import { installThirdPartyBundles } from '../testing/plugin-fixtures';
import { thirdPartyBundle, thirdPartyManifest } from '../testing/third-party-bundles';
import { PluginsService } from './plugins.service';
import { PluginCallFailed } from './third-party-runtime';

const modelBundle = thirdPartyBundle(
  thirdPartyManifest('acme-model', '1.0.0', { capabilities: ['recommendation-model'] }),
  `{ 'recommendation-model': {
      features: ['income.monthly'],
      productTypes: ['savings-account'],
      create: (plugin) => ({
        async train(dataset, context) {
          context.heartbeat({ progress: 0.5 });
          if (context.signal.aborted) throw new Error('aborted');
          return { artifact: { format: 'acme-mean', encoding: 'json', data: { examples: dataset.train.examples.length } }, metrics: {} };
        },
        async predict(batch) {
          if (batch.products[0].id === 'broken') return { scores: 'none' };
          return { scores: batch.customers.flatMap((customer) => batch.products
            .filter((product) => !customer.held.includes(product.id))
            .map((product) => ({ customer: customer.customer, product: product.id,
              score: Math.min(1, customer.features['income.monthly'] / 1000000) }))) };
        },
        async explain(request) {
          return { attributions: [{ feature: 'income.monthly', value: request.customer.features['income.monthly'], contribution: 0.4 }],
            sentence: 'Your income suits ' + request.product.id + ' (bank ' + plugin.tenantId.length + ')' };
        },
      }),
    } }`,
);

const saver = { ...defaultCatalogue('EU')[0]!, id: 'acme-saver' };
const catalogueBundle = thirdPartyBundle(
  thirdPartyManifest('acme-catalogue', '1.0.0', { capabilities: ['product-catalogue'] }),
  `{ 'product-catalogue': { listProducts: () => [${JSON.stringify(saver)}] } }`,
);

describe('third-party recommendation models and product catalogues run in the bank’s sandbox', () => {
  let api: ApiFixture;
  let bank: TenantRef;
  const service = <T>(type: abstract new (...args: never[]) => T): T => api.running.app.get(type);
  const asBank = <T>(work: () => Promise<T>) => runAsTenant(bank, work);
  const context: ModelRunContext = { signal: new AbortController().signal, heartbeat: () => undefined };
  // As the registry reads it: in a transaction (the bank's row-level security is set per transaction).
  const model = () =>
    asBank(() =>
      service(EntityManager).transactional(async () => {
        const [enabled] = await service(PluginsService).enabledExtensions('recommendation-model');
        return { enabled: enabled!, model: enabled!.extension.create(await enabled!.context()) };
      }),
    );

  beforeAll(async () => {
    api = await startApiFixture();
    ({ bank } = await personalisedDemoBank(api));
    await installThirdPartyBundles(api.running.app, bank, [modelBundle, catalogueBundle]);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('a model: its declarations from publishing; predict, explain and train answer from the sandbox', async () => {
    const { enabled, model: acme } = await model();
    expect(enabled.pluginId).toBe('acme-model');
    expect(enabled.extension.features).toEqual(['income.monthly']);
    expect(enabled.extension.productTypes).toEqual(['savings-account']);
    const batch: PredictionBatch = {
      artifact: { format: 'acme-mean', encoding: 'json', data: {} },
      asOf: '2026-11-26T00:00:00.000Z',
      products: [
        { id: 'saver', type: 'savings-account' },
        { id: 'card', type: 'credit-card' },
      ],
      customers: [{ customer: 'p-1', features: { 'income.monthly': 250_000 }, held: ['card'] }],
    };
    expect(await asBank(() => acme.predict(batch, context))).toEqual({
      scores: [{ customer: 'p-1', product: 'saver', score: 0.25 }],
    });
    const explanation = await asBank(() =>
      acme.explain(
        {
          artifact: batch.artifact,
          asOf: batch.asOf,
          customer: { customer: 'p-1', features: { 'income.monthly': 250_000 } },
          product: { id: 'saver', type: 'savings-account' },
          locale: 'en',
        },
        context,
      ),
    );
    expect(explanation).toEqual({
      attributions: [{ feature: 'income.monthly', value: 250_000, contribution: 0.4 }],
      sentence: `Your income suits saver (bank ${bank.id.length})`,
    });
    const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' };
    const dataset = (examples: number): TrainingDataset => ({
      features: ['income.monthly'],
      products: [{ id: 'saver', type: 'savings-account' }],
      train: {
        featureWindow: window,
        labelWindow: window,
        examples: Array.from({ length: examples }, (_, index) => ({
          customer: `p-${index}`,
          features: { 'income.monthly': 100_000 + index },
          held: [],
          labels: [{ product: 'saver', outcome: 'taken' as const }],
        })),
      },
      validation: { featureWindow: window, labelWindow: window, examples: [] },
    });
    expect(await asBank(() => acme.train(dataset(3), context))).toEqual({
      artifact: { format: 'acme-mean', encoding: 'json', data: { examples: 3 } },
      metrics: {},
    });
    // Over a request-time call's 256 KiB of arguments: `train` runs under the operator's training limits
    // (the defaults here: 32 MiB), so a training set of thousands of customers reaches the model.
    const large = dataset(5_000);
    expect(Buffer.byteLength(JSON.stringify(large))).toBeGreaterThan(256 * 1024);
    expect(await asBank(() => acme.train(large, context))).toEqual({
      artifact: { format: 'acme-mean', encoding: 'json', data: { examples: 5_000 } },
      metrics: {},
    });
    // An answer that is no `{ scores }` fails as an invalid result, not as an empty scoring.
    const broken = await asBank(() =>
      acme.predict({ ...batch, products: [{ id: 'broken', type: 'savings-account' }] }, context),
    ).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(PluginCallFailed);
    expect((broken as PluginCallFailed).outcome).toMatchObject({ kind: 'invalid-result' });
  }, 60_000);

  it('a product catalogue: its products are served (validated) beside the bank’s others', async () => {
    const products = await asBank(() =>
      service(EntityManager).transactional(() => service(ProductsService).offeredInBankRegion()),
    );
    expect(products.filter((entry) => entry.catalogue === 'acme-catalogue')).toEqual([
      { catalogue: 'acme-catalogue', product: saver },
    ]);
  });
});
