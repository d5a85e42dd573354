import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { AuditService, chainQuery, entryOf } from '../audit';
import { migrateDatabase } from '../database';
import { requireContext, runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { createTestDatabase, withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { demoBank, otherBank } from '../testing/seed';
import { corpusLimits, fixtureBundle, hostileCorpus } from './hostile/corpus';
import {
  type IsolatedPlugin,
  PluginDenied,
  PluginIsolation,
  auditEventOf,
  auditingSink,
  needsAudit,
} from './index';

/**
 * The corpus against the real audit trail: every case's report goes through `AuditService` into the
 * calling bank's hash chain (PostgreSQL, row-level security), the other bank's chain gets nothing, and
 * both chains verify end to end afterwards.
 */
describe('plugin isolation: every hostile case is audited on the calling bank’s chain', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: Awaited<ReturnType<typeof createPlatformContext>>;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let hostileBank: TenantRef;
  let otherTenant: TenantRef;
  let isolation: PluginIsolation;

  beforeAll(async () => {
    database = await createTestDatabase('platform_plugin_isolation');
    await migrateDatabase(database.ownerUrl);
    context = await createPlatformContext({
      config: {
        database: { appUrl: database.appUrl, poolSize: 4 },
        crypto: (keyFile = await temporaryKeyFile()).crypto,
      },
      logger: false,
    });
    const tenancy = context.get(TenancyService);
    hostileBank = tenantRef(await tenancy.upsertTenant(otherBank));
    otherTenant = tenantRef(await tenancy.upsertTenant(demoBank));
    const audit = context.get(AuditService);
    // The wiring `PluginIsolationModule` uses: failures and refusals go to the calling bank's audit trail.
    isolation = new PluginIsolation({ onReport: auditingSink(audit) });
  });

  afterAll(async () => {
    await isolation?.close();
    await context?.close();
    await database?.drop();
    await keyFile?.remove();
  });

  const readChain = (tenant: TenantRef) =>
    withClient(database.ownerUrl, async (client) => {
      await client.query(`select set_config('app.tenant_id', $1, false)`, [tenant.id]);
      return (await client.query(chainQuery, [tenant.id])).rows.map(entryOf as never) as ReturnType<
        typeof entryOf
      >[];
    });

  it('each case leaves one plugin.call entry with its outcome (none for a clean ok), and the chains verify', async () => {
    const hostFunctions: IsolatedPlugin['hostFunctions'] = {
      echo: (args) => args,
      listCustomers: (args) => {
        const asked = (args as { tenantId?: unknown } | null)?.tenantId;
        if (asked !== undefined && asked !== requireContext().tenant?.id) {
          throw new PluginDenied("a plugin sees only its own tenant's data");
        }
        return [];
      },
    };
    const expectedEntries: { resourceId: string; outcome: string; kind: string }[] = [];
    for (const entry of hostileCorpus) {
      // Cases that need the corpus test's local HTTP server are left to it; the rest run here.
      if (entry.args && entry.name.startsWith('ctx-fetch-')) continue;
      const plugin: IsolatedPlugin = {
        id: `hostile-${entry.name}`,
        version: '1.0.0',
        bundle: entry.bundle ? entry.bundle() : fixtureBundle(entry.name),
        allowedHosts: [],
        hostFunctions,
        limits: { ...corpusLimits, ...entry.limits },
      };
      await runAsTenant(hostileBank, async () => {
        for (const step of entry.before ?? []) await isolation.call(plugin, step.method, step.args ?? null);
        const args = entry.hostArgs
          ? entry.hostArgs()
          : (entry.args?.({ declaredUrl: '', otherTenantId: otherTenant.id }) ?? {});
        const { outcome, report } = await isolation.call(plugin, entry.method ?? 'run', args);
        expect(outcome, entry.name).toEqual(entry.expected);
        if (needsAudit(report)) {
          expectedEntries.push({
            resourceId: `${plugin.id}@1.0.0`,
            outcome: auditEventOf(report).outcome!,
            kind: entry.expected.kind,
          });
        }
      });
    }
    expect(expectedEntries.length).toBeGreaterThanOrEqual(30);

    const chain = (await readChain(hostileBank)).filter((row) => row.action === 'plugin.call');
    expect(
      chain.map((row) => ({
        resourceId: row.resourceId,
        outcome: row.outcome,
        kind: row.changes.outcome,
      })),
    ).toEqual(expectedEntries);
    for (const row of chain) {
      expect(row.tenantId).toBe(hostileBank.id);
      expect(row.resourceType).toBe('plugin');
      expect(row.changes).toMatchObject({ method: expect.any(String), durationMs: expect.any(Number) });
    }
    const otherChain = await readChain(otherTenant);
    expect(otherChain.filter((row) => row.action === 'plugin.call')).toEqual([]);

    const audit = context.get(AuditService);
    expect(await audit.verify({ tenant: hostileBank })).toMatchObject({ intact: true });
    expect(await audit.verify({ tenant: otherTenant })).toMatchObject({ intact: true });
  }, 600_000);
});
