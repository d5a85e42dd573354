import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../audit';
import { requireContext, runAsTenant } from '../request-context';
import {
  type CorpusWorld,
  corpusLimits,
  fixtureBundle,
  hostileCorpus,
  startCorpusHost,
} from './hostile/corpus';
import {
  type IsolatedPlugin,
  PluginDenied,
  PluginIsolation,
  type PluginRunReport,
  auditEventOf,
  needsAudit,
} from './plugin-isolation';

const tenantA = { id: 'tenant-a', slug: 'bank-a', realm: 'bank-a' };
const tenantB = { id: 'tenant-b', slug: 'bank-b', realm: 'bank-b' };
const customers: Record<string, string[]> = { 'tenant-a': ['ana'], 'tenant-b': ['bo'] };

/** Tenant A's well-behaved plugin: a price quote, answered while B's hostile plugin runs. */
const quotePlugin: IsolatedPlugin = {
  id: 'quote',
  version: '1.0.0',
  bundle: `module.exports = { quote: { price(args) {
    return { product: args.product, priceMinor: args.quantity * 1250, currency: 'EUR' };
  } } };`,
  allowedHosts: [],
  hostFunctions: {},
};

const hostFunctions: IsolatedPlugin['hostFunctions'] = {
  echo: (args) => args,
  listCustomers: (args) => {
    const tenant = requireContext().tenant!;
    const asked = (args as { tenantId?: unknown } | null)?.tenantId;
    if (asked !== undefined && asked !== tenant.id)
      throw new PluginDenied("a plugin sees only its own tenant's data");
    return customers[tenant.id] ?? [];
  },
};

/** A plugin for the tests beyond the corpus, under the corpus limits. */
function testPlugin(id: string, bundle: string): IsolatedPlugin {
  return { id, version: '1.0.0', bundle, allowedHosts: [], hostFunctions, limits: corpusLimits };
}

const host = { objectKeys: Object.keys(Object.prototype), push: Array.prototype.push, parse: JSON.parse };

describe('hostile-plugin corpus', () => {
  let server: Awaited<ReturnType<typeof startCorpusHost>>;
  let world: CorpusWorld;
  let declaredHost: string;
  const reports: PluginRunReport[] = [];
  const isolation = new PluginIsolation({ onReport: (report) => void reports.push(report) });
  let warmLatencyMs = 0;

  beforeAll(async () => {
    server = await startCorpusHost();
    declaredHost = server.address;
    world = { declaredUrl: `http://${declaredHost}`, otherTenantId: tenantA.id };
    // Tenant A's sandbox is warm before the corpus runs: its calls measure the steady state.
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await runAsTenant(tenantA, () =>
        isolation.call(quotePlugin, 'quote.price', { product: 'p', quantity: 1 }),
      );
      samples.push(performance.now() - started);
    }
    warmLatencyMs = samples.sort((a, b) => a - b)[10]!;
  }, 60_000);

  afterAll(async () => {
    await isolation.close();
    await server.close();
  });

  it('has at least 30 cases, one fixture file per file-based case, each listed once', () => {
    expect(hostileCorpus.length).toBeGreaterThanOrEqual(30);
    const names = hostileCorpus.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    const files = readdirSync(join(__dirname, 'hostile'))
      .filter((file) => file.endsWith('.js'))
      .map((file) => file.replace(/\.js$/, ''));
    const fileCases = hostileCorpus.filter((entry) => !entry.bundle).map((entry) => entry.name);
    expect(files.sort()).toEqual(fileCases.sort());
  });

  it('the README documents every case with its outcome', () => {
    const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
    for (const entry of hostileCorpus) {
      const row = new RegExp(`\\|\\s*\`${entry.name}\`\\s*\\|\\s*\`${entry.expected.kind}\`\\s*\\|`);
      expect(readme, entry.name).toMatch(row);
    }
  });

  for (const entry of hostileCorpus) {
    it(`${entry.name}: ${entry.expected.kind}, contained and reported, while tenant A is served`, async () => {
      const plugin: IsolatedPlugin = {
        id: `hostile-${entry.name}`,
        version: '1.0.0',
        bundle: entry.bundle ? entry.bundle() : fixtureBundle(entry.name),
        allowedHosts: [declaredHost],
        hostFunctions,
        limits: { ...corpusLimits, ...entry.limits },
      };
      for (const step of entry.before ?? []) {
        const earlier = await runAsTenant(tenantB, () =>
          isolation.call(plugin, step.method, step.args ?? null),
        );
        expect(earlier.outcome.kind).toBe('ok');
      }
      const args: JsonValue = entry.hostArgs ? entry.hostArgs() : (entry.args?.(world) ?? {});
      const hostile = runAsTenant(tenantB, () => isolation.call(plugin, entry.method ?? 'run', args));
      // Tenant A's call starts while B's plugin misbehaves and must be answered correctly, in normal time.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const startedA = performance.now();
      const served = await runAsTenant(tenantA, () =>
        isolation.call(quotePlugin, 'quote.price', { product: 'savings', quantity: 3 }),
      );
      const latencyA = performance.now() - startedA;
      const { outcome, report } = await hostile;

      expect(outcome).toEqual(entry.expected);
      expect(served.outcome).toEqual({
        kind: 'ok',
        value: { product: 'savings', priceMinor: 3750, currency: 'EUR' },
      });
      expect(
        latencyA,
        `tenant A answered in ${latencyA.toFixed(1)} ms (warm p50 ${warmLatencyMs.toFixed(1)} ms)`,
      ).toBeLessThan(Math.max(1_000, warmLatencyMs * 20));

      // The report is audit-ready: the right tenant, plugin and outcome, and an audit event to match.
      expect(report).toMatchObject({
        tenantId: tenantB.id,
        pluginId: plugin.id,
        pluginVersion: '1.0.0',
        method: entry.method ?? 'run',
        outcome: entry.expected.kind,
      });
      expect(reports).toContain(report);
      const event = auditEventOf(report);
      expect(event).toMatchObject({
        action: 'plugin.call',
        resourceType: 'plugin',
        resourceId: `${plugin.id}@1.0.0`,
      });
      const violation = ['denied', 'too-large', 'quota'].includes(entry.expected.kind);
      expect(event.outcome).toBe(entry.expected.kind === 'ok' ? 'allowed' : violation ? 'denied' : 'failed');
      expect(needsAudit(report)).toBe(entry.expected.kind !== 'ok');
      if (['timeout', 'memory', 'crashed'].includes(entry.expected.kind))
        expect(report.sandboxStopped).toBe(true);

      // The host's own realm is untouched, whatever the plugin did to its realm.
      expect(Object.keys(Object.prototype)).toEqual(host.objectKeys);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      expect(Array.prototype.push).toBe(host.push);
      expect(JSON.parse).toBe(host.parse);
    }, 30_000);
  }

  it('stdout flood: ctx.log keeps 100 lines of at most 2000 characters and counts the rest', () => {
    const report = reports.find((candidate) => candidate.pluginId === 'hostile-stdout-flood')!;
    expect(report.logs).toHaveLength(100);
    expect(report.logsDropped).toBe(900);
    expect(Math.max(...report.logs.map((line) => line.length))).toBe(2_000);
  });

  it('a plugin that tampered with its globals keeps answering later calls correctly', async () => {
    const plugin = testPlugin('hostile-globalthis-tampering', fixtureBundle('globalthis-tampering'));
    const { outcome } = await runAsTenant(tenantB, () => isolation.call(plugin, 'again', { value: 7 }));
    expect(outcome).toEqual({ kind: 'ok', value: { echoed: 7 } });
  });

  it('a stopped plugin is reloaded for its next call and works if the call behaves', async () => {
    const plugin = testPlugin(
      'flaky',
      'module.exports = { spin() { for (;;) {} }, ok: (args) => ({ twice: args.n * 2 }) };',
    );
    const first = await runAsTenant(tenantB, () => isolation.call(plugin, 'spin', null));
    expect(first.outcome).toMatchObject({ kind: 'timeout', limit: 'cpu' });
    const second = await runAsTenant(tenantB, () => isolation.call(plugin, 'ok', { n: 21 }));
    expect(second.outcome).toEqual({ kind: 'ok', value: { twice: 42 } });
  }, 30_000);

  it('host functions answer as the calling tenant, whatever the plugin passes', async () => {
    const plugin = testPlugin(
      'customers',
      'module.exports = { run: (args, ctx) => ctx.call("listCustomers", {}) };',
    );
    const [a, b] = await Promise.all([
      runAsTenant(tenantA, () => isolation.call(plugin, 'run', null)),
      runAsTenant(tenantB, () => isolation.call(plugin, 'run', null)),
    ]);
    expect(a.outcome).toEqual({ kind: 'ok', value: ['ana'] });
    expect(b.outcome).toEqual({ kind: 'ok', value: ['bo'] });
  }, 30_000);
});
