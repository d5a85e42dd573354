// Third-party insight generators, published as releases and enabled by a bank, run in the bank's sandbox
// through the same InsightsService path as first-party ones (real API app, PostgreSQL, isolation runtime):
// they see a pseudonym and only the features they declared, their candidates are checked and stored like
// any other, and one that fails (over its limits: audited by the sandbox; or answering something that is
// not a list) is reported while the bank's other generators still run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainQuery, entryOf } from '../audit';
import { ConsentClock } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { PluginReleases, PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { lowBalanceInput } from '../testing/insight-fixtures';
import { installThirdPartyBundles } from '../testing/plugin-fixtures';
import { personalisedDemoBank } from '../testing/notification-fixtures';
import { withClient } from '../testing/deploy';
import { rowsAsTenant } from '../testing/tenant-rows';
import { thirdPartyBundle, thirdPartyManifest } from '../testing/third-party-bundles';
import { InsightsService } from './insights.service';

const now = '2026-10-29T09:00:00.000Z';

/** Proposes one insight that quotes what the generator was given: who, which features, how many days. */
const roundUpBundle = thirdPartyBundle(
  thirdPartyManifest('acme-round-up', '1.0.0'),
  `{ 'insight-generator': {
      kinds: [{ kind: 'round-up-savings', description: 'Savings from rounding card payments up.' }],
      features: ['balance.mean'],
      transactionDays: 30,
      create: (plugin) => ({
        async generate(input) {
          const latest = input.transactions.items[input.transactions.items.length - 1];
          return [{
            kind: 'round-up-savings',
            title: 'Round up and save',
            body: 'Seen {who} with {features}; {count} transactions.',
            parameters: {
              who: { type: 'text', value: input.customer },
              features: { type: 'text', value: Object.keys(input.features).sort().join(',') },
              count: { type: 'number', value: input.transactions.items.length },
            },
            severity: 'info',
            relevance: 0.9,
            evidence: [{ kind: 'transaction', id: latest.id }],
            expiresAt: '2026-12-31T00:00:00.000Z',
            dedupeKey: 'round-up:' + plugin.tenantId.slice(0, 4),
          }];
        },
      }),
    } }`,
);

/** Never answers: the sandbox ends the call at its CPU limit. */
const spinningBundle = thirdPartyBundle(
  thirdPartyManifest('acme-spinning', '1.0.0'),
  `{ 'insight-generator': {
      kinds: [{ kind: 'never', description: 'Never produced.' }],
      features: [],
      transactionDays: 0,
      create: () => ({ async generate() { for (;;) {} } }),
    } }`,
);

/** Answers an object where a list of candidates belongs. */
const wrongShapeBundle = thirdPartyBundle(
  thirdPartyManifest('acme-wrong-shape', '1.0.0'),
  `{ 'insight-generator': {
      kinds: [{ kind: 'odd', description: 'Answers the wrong shape.' }],
      features: [],
      transactionDays: 0,
      create: () => ({ async generate() { return { insights: [] }; } }),
    } }`,
);

describe('third-party insight generators run in the bank’s sandbox', () => {
  let api: ApiFixture;
  let bank: TenantRef;
  let anaId: string;
  const service = <T>(type: abstract new (...args: never[]) => T): T => api.running.app.get(type);
  const asBank = <T>(work: () => Promise<T>) => runAsTenant(bank, work);
  const input = lowBalanceInput(now, { 'balance.mean': 123_400, 'income.monthly': 350_000 });

  beforeAll(async () => {
    api = await startApiFixture();
    service(ConsentClock).use(() => new Date(now));
    ({ bank, anaId } = await personalisedDemoBank(api));
    await installThirdPartyBundles(
      api.running.app,
      bank,
      [roundUpBundle, spinningBundle, wrongShapeBundle],
      ['insights-core'],
    );
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('stores a third-party candidate like a first-party one; failures are reported, the others still run', async () => {
    const report = await asBank(() => service(InsightsService).generate(anaId, input, 'en-GB'));
    expect(report.failed).toEqual([
      {
        pluginId: 'acme-spinning',
        reason: expect.stringMatching(
          /^The plugin "acme-spinning" failed in insight-generator\.generate: timeout \(cpu limit of \d+ ms\)$/,
        ),
      },
      {
        pluginId: 'acme-wrong-shape',
        reason: 'The plugin "acme-wrong-shape" failed in insight-generator.generate: invalid-result',
      },
    ]);
    // insights-core's upcoming-low-balance and the round-up insight.
    expect(report).toMatchObject({ skipped: null, dropped: [], stored: 2 });

    const rows = await rowsAsTenant<{ id: string; plugin_id: string; kind: string; body_enc: string }>(
      api.database.ownerUrl,
      bank.id,
      'select id, plugin_id, kind, body_enc from insight where customer_id = $1 order by plugin_id',
      [anaId],
    );
    expect(rows.map((row) => [row.plugin_id, row.kind])).toEqual([
      ['acme-round-up', 'round-up-savings'],
      ['insights-core', 'upcoming-low-balance'],
    ]);
    const [body] = await asBank(() =>
      service(FieldEncryptionService).decryptMany([
        { stored: rows[0]!.body_enc, address: { table: 'insight', column: 'body_enc', rowId: rows[0]!.id } },
      ]),
    );
    // Only the declared feature, a pseudonym (never the customer id), the transactions given.
    expect(body).toBe('Seen p-ana with balance.mean; 1 transactions.');
    expect(body).not.toContain(anaId);

    // The sandbox audited the call it ended on the bank's chain; the wrong answer is the host's finding.
    const chain = await withClient(api.database.ownerUrl, async (client) => {
      await client.query(`select set_config('app.tenant_id', $1, false)`, [bank.id]);
      return (await client.query(chainQuery, [bank.id])).rows.map(entryOf as never) as ReturnType<
        typeof entryOf
      >[];
    });
    const calls = chain.filter((entry) => entry.action === 'plugin.call');
    expect(calls.map((entry) => [entry.resourceId, entry.changes.method, entry.changes.outcome])).toEqual([
      ['acme-spinning@1.0.0', 'extensions.insight-generator.generate', 'timeout'],
    ]);
  }, 60_000);

  it('refuses to publish a generator whose declarations are wrong, naming the field', async () => {
    const bad = thirdPartyBundle(
      thirdPartyManifest('acme-bad-kinds', '1.0.0'),
      `{ 'insight-generator': { kinds: [], features: ['shoe-size'], transactionDays: 7,
          create: () => ({ async generate() { return []; } }) } }`,
    );
    await expect(service(PluginReleases).publish(Buffer.from(bad), 'tests')).rejects.toMatchObject({
      code: 'INVALID',
      details: {
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'extensions.insight-generator.kinds' }),
          expect.objectContaining({ field: 'extensions.insight-generator.features[0]' }),
        ]),
      },
    });
    const listed = await asBank(() => service(PluginsService).available());
    expect(listed.map((plugin) => plugin.id)).not.toContain('acme-bad-kinds');
  });
});
