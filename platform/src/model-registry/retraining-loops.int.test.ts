// The retraining loop starts by itself: a bank administrator enabling a recommendation model through the API
// starts the bank's `retrainRecommendationModel` workflow on the test run's real Temporal (once, however often
// it is enabled); with Temporal unreachable the enable still succeeds and is audited, and the loop is started
// by the reconcile of the next API start against a reachable Temporal.
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PluginCatalogue } from '../plugins';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { fixtureModelPlugin } from '../testing/model-fixtures';
import { withRulePack } from '../testing/rule-packs';
import { otherBank } from '../testing/seed';
import { waitUntil } from '../testing/webhook-subscriber';
import { retrainingWorkflowId } from './retraining-contract';

const install = `mutation($pluginId: String!) { installPlugin(pluginId: $pluginId) { pluginId status } }`;
const enable = `mutation($pluginId: String!) { enablePlugin(pluginId: $pluginId) { pluginId status } }`;
const disable = `mutation($pluginId: String!) { disablePlugin(pluginId: $pluginId) { pluginId status } }`;

describe('retraining loops start by themselves', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bank: { id: string; slug: string; realm: string };
  let temporal: { connection: Connection; client: Client };
  const started: string[] = [];

  const register = (app: ApiFixture, pluginId: string) =>
    app.running.app.get(PluginCatalogue).register(fixtureModelPlugin(pluginId));
  const asAdmin = async (on: ApiFixture, query: string, pluginId: string) => {
    const { body } = await on.graphql<Record<string, { status: string }>>(query, {
      token: await realm.bankAdminToken(),
      variables: { pluginId },
    });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return Object.values(body.data!)[0]!;
  };
  /** The loop's run id on Temporal, or null when no such workflow exists. */
  const runningLoop = async (pluginId: string): Promise<string | null> => {
    const workflowId = retrainingWorkflowId(bank.id, pluginId);
    try {
      const description = await temporal.client.workflow.getHandle(workflowId).describe();
      if (!started.includes(workflowId)) started.push(workflowId);
      return description.status.name === 'RUNNING' ? description.runId : null;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  };

  beforeAll(async () => {
    api = await startApiFixture();
    realm = await createBankRealm('loops');
    bank = tenantRef(
      await withRulePack(
        api.running.app,
        api.running.app.get(TenancyService).upsertTenant({
          ...otherBank,
          slug: realm.realm,
          realm: realm.realm,
          name: 'Loops Bank',
        }),
      ),
    );
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    // No worker serves these loops here: end them so the shared Temporal keeps only what runs.
    for (const workflowId of started) {
      await temporal?.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  it('enabling a recommendation model starts its retraining loop; enabling it again keeps the same run', async () => {
    const pluginId = 'loops-model';
    register(api, pluginId);
    await asAdmin(api, install, pluginId);
    expect(await runningLoop(pluginId)).toBeNull();

    expect(await asAdmin(api, enable, pluginId)).toMatchObject({ status: 'ENABLED' });
    let runId: string | null = null;
    await waitUntil('the loop runs', async () => (runId = await runningLoop(pluginId)) !== null, 20_000);

    await asAdmin(api, disable, pluginId);
    await asAdmin(api, enable, pluginId);
    // The re-enable's start has been asked for by the time a later request is answered; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await runningLoop(pluginId)).toBe(runId);
  });

  it('with Temporal unreachable the enable succeeds and is audited; the next API start starts the loop', async () => {
    // The default model: in every process's catalogue from the start, so the restarted API's reconcile sees it.
    const pluginId = 'model-propensity';
    // The same platform (database, key) with a Temporal address nothing listens on.
    const offline = await startApiFixture({ sharing: api, overrides: { TEMPORAL_ADDRESS: '127.0.0.1:9' } });
    try {
      await asAdmin(offline, install, pluginId);
      expect(await asAdmin(offline, enable, pluginId)).toMatchObject({ status: 'ENABLED' });
      const audited = await auditRows(api.database.ownerUrl, bank.id);
      expect(
        audited.filter((row) => row.action === 'plugin.enable' && row.changes.pluginId === pluginId),
      ).toHaveLength(1);
    } finally {
      await offline.close();
    }
    expect(await runningLoop(pluginId)).toBeNull();

    // An API start reconciles every bank's enabled models against the real Temporal.
    const restarted = await startApiFixture({ sharing: api });
    try {
      await waitUntil(
        'the reconcile started the loop',
        async () => (await runningLoop(pluginId)) !== null,
        30_000,
      );
    } finally {
      await restarted.close();
    }
  });
});
