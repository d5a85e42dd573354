// The model registry against a real, migrated PostgreSQL (row-level security on), through the worker entry
// point: versions recorded by a training run, the workflow's decisions, one champion per bank and plugin,
// staff approval and rejection, and two banks that never see each other's registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelArtifact } from '@finpersona/plugin-sdk';
import { createPlatformContext } from '../api';
import { migrateDatabase } from '../database';
import { Conflict, Invalid, NotFound } from '../errors';
import { runAsTenant, type Principal, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { auditRows } from '../testing/audit-rows';
import { createTestDatabase } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { metricsWithAuc } from '../testing/model-fixtures';
import { demoBank, otherBank } from '../testing/seed';
import {
  defaultRetrainingPolicy,
  ModelRegistryService,
  type TrainedVersionInput,
} from './model-registry.service';

const window = (from: string, to: string) => ({ from, to });
const dataWindow = {
  train: {
    featureWindow: window('2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
    labelWindow: window('2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'),
  },
  validation: {
    featureWindow: window('2026-02-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'),
    labelWindow: window('2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'),
  },
};

function trained(overrides: Partial<TrainedVersionInput> = {}): TrainedVersionInput {
  const artifact: ModelArtifact = { format: 'test-weights', encoding: 'json', data: { w: [0.1, 0.2] } };
  return {
    trainingRunId: null,
    modelPluginId: 'model-test',
    pluginVersion: '1.0.0',
    trigger: 'schedule',
    modelMetrics: { loss: 0.4 },
    validation: {
      window: dataWindow.validation,
      challenger: metricsWithAuc(0.8),
      champion: null,
      baselines: { popularity: metricsWithAuc(0.6), 'logistic-regression': metricsWithAuc(0.7) },
    },
    dataWindow,
    features: ['income.monthly', 'balance.mean'],
    featureProfile: {},
    examples: 40,
    positives: 6,
    artifact,
    ...overrides,
  };
}

describe('model registry (real PostgreSQL, row-level security)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: Awaited<ReturnType<typeof createPlatformContext>>;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>> | undefined;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let registry: ModelRegistryService;

  const asSystem = <T>(bank: TenantRef, work: () => Promise<T>) => runAsTenant(bank, work);
  const staff = (bank: TenantRef): Principal => ({
    kind: 'bank',
    subject: `admin-of-${bank.slug}`,
    realm: bank.realm,
    username: 'admin',
    displayName: undefined,
    roles: ['bank-admin'],
    client: 'finpersona-admin',
  });
  const asStaff = <T>(bank: TenantRef, work: () => Promise<T>) =>
    runAsTenant(bank, work, { principal: staff(bank) });
  const codeOf = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (error instanceof NotFound || error instanceof Conflict || error instanceof Invalid)
        return error.code;
      throw error;
    }
    throw new Error('expected an error');
  };

  beforeAll(async () => {
    database = await createTestDatabase('platform');
    await migrateDatabase(database.ownerUrl);
    context = await createPlatformContext({
      config: {
        database: { appUrl: database.appUrl, poolSize: 10 },
        crypto: (keyFile = await temporaryKeyFile()).crypto,
      },
      logger: false,
    });
    const tenancy = context.get(TenancyService);
    bankA = tenantRef(await tenancy.upsertTenant(demoBank));
    bankB = tenantRef(await tenancy.upsertTenant(otherBank));
    registry = context.get(ModelRegistryService);
  });
  afterAll(async () => {
    keyFile?.remove();
    await context?.close();
    await database?.drop();
  });

  it('a bank without a champion gets null; a promoted candidate becomes the champion (Seam 5)', async () => {
    expect(await asSystem(bankA, () => registry.champion())).toBeNull();
    const run = await asSystem(bankA, () =>
      registry.startRun({
        modelPluginId: 'model-test',
        workflowId: 'wf-a-1',
        trigger: 'schedule',
        reason: 'weekly',
      }),
    );
    const version = await asSystem(bankA, () =>
      registry.recordTrainedVersion(trained({ trainingRunId: run.id })),
    );
    expect(version).toMatchObject({ version: 1, status: 'candidate' });
    // The activity retried: the same run's version comes back, no second row.
    const again = await asSystem(bankA, () =>
      registry.recordTrainedVersion(trained({ trainingRunId: run.id })),
    );
    expect(again.id).toBe(version.id);

    await asSystem(bankA, () =>
      registry.decide(version.id, { promote: true, reason: 'beats every baseline', approvalRequired: false }),
    );
    const champion = await asSystem(bankA, () => registry.champion('model-test'));
    expect(champion).toEqual({
      versionId: version.id,
      pluginId: 'model-test',
      version: 1,
      pluginVersion: '1.0.0',
      artifact: trained().artifact,
      features: ['income.monthly', 'balance.mean'],
    });
    expect((await asSystem(bankA, () => registry.run(run.id))).modelVersionId).toBe(version.id);
    const audit = await auditRows(database.ownerUrl, bankA.id);
    expect(audit.find((row) => row.action === 'model-version.promote')).toMatchObject({
      actor_subject: 'system',
      resource_id: version.id,
      changes: expect.objectContaining({
        status: 'champion',
        previousStatus: 'candidate',
        reason: 'beats every baseline',
      }),
    });
  });

  it('promoting a second version retires the first: one champion per bank and plugin', async () => {
    const second = await asSystem(bankA, () => registry.recordTrainedVersion(trained()));
    expect(second.version).toBe(2);
    await asSystem(bankA, () =>
      registry.decide(second.id, { promote: true, reason: 'better', approvalRequired: false }),
    );
    const versions = await asSystem(bankA, () => registry.versions('model-test'));
    expect(versions.map((row) => [row.version, row.status])).toEqual([
      [2, 'champion'],
      [1, 'retired'],
    ]);
    expect((await asSystem(bankA, () => registry.champion()))?.version).toBe(2);
  });

  it('a worse candidate is rejected with the reason, and the champion stays', async () => {
    const worse = await asSystem(bankA, () => registry.recordTrainedVersion(trained()));
    const decided = await asSystem(bankA, () =>
      registry.decide(worse.id, {
        promote: false,
        reason: 'AUC 0.61 is below the champion',
        approvalRequired: false,
      }),
    );
    expect(decided).toMatchObject({
      status: 'rejected',
      decisionReason: 'AUC 0.61 is below the champion',
      decidedBy: 'system',
    });
    expect((await asSystem(bankA, () => registry.champion()))?.version).toBe(2);
    // Decided once: a retried decision changes nothing.
    const retried = await asSystem(bankA, () =>
      registry.decide(worse.id, { promote: true, reason: 'retry', approvalRequired: false }),
    );
    expect(retried.status).toBe('rejected');
  });

  it('with approval required a better candidate waits; staff approve (champion) or reject (with a reason)', async () => {
    const waiting = await asSystem(bankA, () => registry.recordTrainedVersion(trained()));
    await asSystem(bankA, () =>
      registry.decide(waiting.id, { promote: true, reason: 'better', approvalRequired: true }),
    );
    expect((await asSystem(bankA, () => registry.version(waiting.id))).status).toBe('awaiting-approval');
    expect((await asSystem(bankA, () => registry.champion()))?.version).toBe(2);
    const approved = await asStaff(bankA, () => registry.approve(waiting.id, 'checked the metrics'));
    expect(approved).toMatchObject({ status: 'champion', decidedBy: 'admin-of-demo-bank' });
    expect(await codeOf(() => asStaff(bankA, () => registry.approve(waiting.id)))).toBe('CONFLICT');

    const other = await asSystem(bankA, () => registry.recordTrainedVersion(trained()));
    await asSystem(bankA, () =>
      registry.decide(other.id, { promote: true, reason: 'better', approvalRequired: true }),
    );
    expect(await codeOf(() => asStaff(bankA, () => registry.reject(other.id, '  ')))).toBe('INVALID');
    const rejected = await asStaff(bankA, () => registry.reject(other.id, 'not before the audit'));
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'not before the audit' });
    const actions = (await auditRows(database.ownerUrl, bankA.id)).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'model-version.await-approval',
        'model-version.approve',
        'model-version.reject',
        'model-version.retire',
      ]),
    );
  });

  it("bank B never sees bank A's registry: no champion, NOT_FOUND for A's version and run", async () => {
    const [aVersion] = await asSystem(bankA, () => registry.versions());
    const [aRun] = await asSystem(bankA, () => registry.runs());
    expect(await asSystem(bankB, () => registry.champion())).toBeNull();
    expect(await asSystem(bankB, () => registry.versions())).toEqual([]);
    expect(await codeOf(() => asSystem(bankB, () => registry.version(aVersion!.id)))).toBe('NOT_FOUND');
    expect(await codeOf(() => asStaff(bankB, () => registry.promote(aVersion!.id, 'steal')))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(() => asSystem(bankB, () => registry.run(aRun!.id)))).toBe('NOT_FOUND');
    expect(await codeOf(() => asSystem(bankB, () => registry.version('not-a-uuid')))).toBe('NOT_FOUND');
  });

  it('retraining policy: defaults, a bank-wide row, a per-model row; bad input changes nothing', async () => {
    expect(await asSystem(bankB, () => registry.policy('model-test'))).toEqual(defaultRetrainingPolicy);
    await asStaff(bankB, () =>
      registry.setPolicy('*', {
        periodDays: 14,
        feedbackThreshold: 50,
        driftThreshold: 0.2,
        approvalRequired: true,
      }),
    );
    expect(await asSystem(bankB, () => registry.policy('model-test'))).toMatchObject({
      periodDays: 14,
      approvalRequired: true,
    });
    await asStaff(bankB, () =>
      registry.setPolicy('model-test', {
        periodDays: 3,
        feedbackThreshold: 10,
        driftThreshold: 0.1,
        approvalRequired: false,
      }),
    );
    expect(await asSystem(bankB, () => registry.policy('model-test'))).toMatchObject({
      periodDays: 3,
      feedbackThreshold: 10,
    });
    expect(
      await codeOf(() =>
        asStaff(bankB, () =>
          registry.setPolicy('model-test', {
            periodDays: 0,
            feedbackThreshold: 10,
            driftThreshold: 0.1,
            approvalRequired: false,
          }),
        ),
      ),
    ).toBe('INVALID');
    expect(await asSystem(bankB, () => registry.policy('model-test'))).toMatchObject({ periodDays: 3 });
    expect(await asSystem(bankA, () => registry.policy('model-test'))).toEqual(defaultRetrainingPolicy);
  });
});
