// The staff model-registry GraphQL against the real API, Keycloak (demo realm and a password-only realm),
// PostgreSQL and Temporal: what staff read, the decisions they take with a second factor, what a
// password-only administrator, a compliance officer and a customer are refused, and another bank's ids.
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { type ModelWorld, prepareModelWorld } from '../testing/model-fixtures';
import { withRulePack } from '../testing/rule-packs';
import { demoBank, otherBank } from '../testing/seed';

interface VersionView {
  id: string;
  version: number;
  status: string;
  auc: number | null;
  decidedBy: string | null;
  decisionReason: string | null;
  validationMetrics: string | null;
}

const versionFields = 'id version status auc decidedBy decisionReason validationMetrics';

describe('model registry GraphQL (staff)', () => {
  let api: ApiFixture;
  let demo: TenantRef;
  let demoModels: ModelWorld;
  let passwordOnly: BankRealm;
  let passwordOnlyBank: TenantRef;
  let passwordOnlyModels: ModelWorld;
  let tokens: { bankAdmin: string; complianceOfficer: string; customer: string };
  let temporal: { connection: Connection; client: Client };

  beforeAll(async () => {
    api = await startApiFixture();
    passwordOnly = await createBankRealm('model-staff', { staffSecondFactor: false });
    const tenancy = api.running.app.get(TenancyService);
    demo = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    passwordOnlyBank = tenantRef(
      await tenancy.upsertTenant({ ...otherBank, slug: passwordOnly.realm, realm: passwordOnly.realm }),
    );
    demoModels = await prepareModelWorld(api.running.app, demo, 'graphql-demo');
    passwordOnlyModels = await prepareModelWorld(api.running.app, passwordOnlyBank, 'graphql-other');
    const [bankAdmin, complianceOfficer, customer] = await Promise.all(
      (['bankAdmin', 'complianceOfficer', 'customer'] as const).map((user) =>
        tokensOf(user).then((t) => t.accessToken),
      ),
    );
    tokens = { bankAdmin: bankAdmin!, complianceOfficer: complianceOfficer!, customer: customer! };
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });
  afterAll(async () => {
    for (const workflowId of [demoModels?.workflowId, passwordOnlyModels?.workflowId]) {
      if (!workflowId) continue;
      await temporal?.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await passwordOnly?.remove().catch(() => undefined);
    await api?.close();
  });

  it('staff read the enabled models (no champion yet) and the versions newest first with their metrics', async () => {
    for (const token of [tokens.bankAdmin, tokens.complianceOfficer]) {
      const { body } = await api.graphql<{
        recommendationModels: { pluginId: string; champion: unknown; policy: { periodDays: number } }[];
        modelVersions: VersionView[];
      }>(
        `query($plugin: String) {
          recommendationModels { pluginId champion { id } policy { periodDays approvalRequired } }
          modelVersions(modelPluginId: $plugin) { ${versionFields} }
        }`,
        { token, variables: { plugin: demoModels.modelPluginId } },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.recommendationModels).toContainEqual({
        pluginId: demoModels.modelPluginId,
        champion: null,
        policy: { periodDays: 7, approvalRequired: false },
      });
      const versions = body.data!.modelVersions;
      expect(versions.map((version) => [version.version, version.status])).toEqual([
        [3, 'AWAITING_APPROVAL'],
        [2, 'AWAITING_APPROVAL'],
        [1, 'REJECTED'],
      ]);
      expect(versions[0]!.auc).toBe(0.7);
      expect(JSON.parse(versions[0]!.validationMetrics!)).toMatchObject({ challenger: { auc: 0.7 } });
    }
  });

  it('a bank administrator with a second factor approves a waiting version: it is the champion, audited', async () => {
    const { body } = await api.graphql<{ approveModelVersion: VersionView }>(
      `mutation($id: ID!) { approveModelVersion(id: $id, reason: "looked at the report") { ${versionFields} } }`,
      { token: tokens.bankAdmin, variables: { id: demoModels.approvableVersionId } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.approveModelVersion).toMatchObject({
      id: demoModels.approvableVersionId,
      status: 'CHAMPION',
      decisionReason: 'looked at the report',
    });
    const again = await api.graphql(`mutation($id: ID!) { approveModelVersion(id: $id) { id } }`, {
      token: tokens.bankAdmin,
      variables: { id: demoModels.approvableVersionId },
    });
    expect(again.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const { body: models } = await api.graphql<{
      recommendationModels: { champion: { id: string } | null }[];
    }>(`{ recommendationModels { pluginId champion { id } } }`, { token: tokens.complianceOfficer });
    expect(models.data?.recommendationModels).toContainEqual({
      pluginId: demoModels.modelPluginId,
      champion: { id: demoModels.approvableVersionId },
    });
    const audit = await auditRows(api.database.ownerUrl, demo.id);
    expect(
      audit.filter((row) => row.resource_id === demoModels.approvableVersionId).map((row) => row.action),
    ).toEqual(['model-version.record', 'model-version.await-approval', 'model-version.approve']);
  });

  it('a password-only bank administrator reads the registry but gets STEP_UP_REQUIRED for every change, audited', async () => {
    const token = await passwordOnly.bankAdminToken();
    const read = await api.graphql<{ modelVersions: VersionView[] }>(`{ modelVersions { id } }`, { token });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.modelVersions).toHaveLength(3);
    const calls = [
      `mutation { promoteModelVersion(id: "${passwordOnlyModels.promotableVersionId}", reason: "r") { id } }`,
      `mutation { approveModelVersion(id: "${passwordOnlyModels.approvableVersionId}") { id } }`,
      `mutation { rejectModelVersion(id: "${passwordOnlyModels.rejectableVersionId}", reason: "r") { id } }`,
      `mutation { retrainRecommendationModel(modelPluginId: "${passwordOnlyModels.modelPluginId}", reason: "r") { workflowId } }`,
    ];
    for (const query of calls) {
      const { body } = await api.graphql(query, { token });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', acrValues: 'mfa' });
    }
    const versions = await api.graphql<{ modelVersions: VersionView[] }>(
      `{ modelVersions { ${versionFields} } }`,
      {
        token,
      },
    );
    expect(versions.body.data?.modelVersions.map((version) => version.status)).toEqual([
      'AWAITING_APPROVAL',
      'AWAITING_APPROVAL',
      'REJECTED',
    ]);
    await expect
      .poll(async () =>
        (await auditRows(api.database.ownerUrl, passwordOnlyBank.id))
          .filter((row) => row.action === 'access.denied')
          .map((row) => row.resource_id),
      )
      .toEqual(expect.arrayContaining(['change recommendation models']));
  });

  it('a compliance officer may not change the registry and a customer may not read it (FORBIDDEN)', async () => {
    const promote = await api.graphql(
      `mutation($id: ID!) { promoteModelVersion(id: $id, reason: "r") { id } }`,
      { token: tokens.complianceOfficer, variables: { id: demoModels.promotableVersionId } },
    );
    expect(promote.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const read = await api.graphql(`{ modelVersions { id } }`, { token: tokens.customer });
    expect(read.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("another bank's version ids are NOT_FOUND and its versions are never listed", async () => {
    const { body } = await api.graphql(
      `mutation($id: ID!) { rejectModelVersion(id: $id, reason: "not ours") { id } }`,
      { token: tokens.bankAdmin, variables: { id: passwordOnlyModels.rejectableVersionId } },
    );
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const listed = await api.graphql<{ modelVersions: { id: string }[] }>(
      `{ modelVersions(first: 100) { id } }`,
      {
        token: tokens.bankAdmin,
      },
    );
    const ids = listed.body.data!.modelVersions.map((version) => version.id);
    expect(ids).toContain(demoModels.promotableVersionId);
    expect(ids).not.toContain(passwordOnlyModels.rejectableVersionId);
    const retrain = await api.graphql(
      `mutation($plugin: String!) { retrainRecommendationModel(modelPluginId: $plugin, reason: "r") { workflowId } }`,
      { token: tokens.bankAdmin, variables: { plugin: passwordOnlyModels.modelPluginId } },
    );
    expect(retrain.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('retraining asked for by the administrator starts the bank’s workflow for the model (signal-with-start)', async () => {
    const { body } = await api.graphql<{ retrainRecommendationModel: { workflowId: string } }>(
      `mutation($plugin: String!) { retrainRecommendationModel(modelPluginId: $plugin, reason: "new catalogue") { modelPluginId workflowId } }`,
      { token: tokens.bankAdmin, variables: { plugin: demoModels.modelPluginId } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.retrainRecommendationModel.workflowId).toBe(demoModels.workflowId);
    const description = await temporal.client.workflow.getHandle(demoModels.workflowId).describe();
    expect(description.type).toBe('retrainRecommendationModel');
    expect(description.status.name).toBe('RUNNING');
    const audit = await auditRows(api.database.ownerUrl, demo.id);
    expect(audit.find((row) => row.action === 'model-training.request')).toMatchObject({
      resource_id: demoModels.modelPluginId,
      changes: { modelPluginId: demoModels.modelPluginId, reason: 'new catalogue' },
    });
  });
});
