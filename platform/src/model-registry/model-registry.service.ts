import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ModelArtifact } from '@finpersona/plugin-sdk';
import { AuditService } from '../audit';
import { Conflict, Invalid, NotFound } from '../errors';
import { requireContext, type TenantRef } from '../request-context';
import {
  type DataWindow,
  type FeatureProfile,
  ModelVersion,
  type ModelVersionStatus,
  type RetrainingTrigger,
  type ValidationReport,
} from './model-version.entity';
import { RetrainingPolicyRow } from './retraining-policy.entity';
import { TrainingRun, type TrainingRunStage, type TrainingRunStatus } from './training-run.entity';

/** The champion a bank's recommendations are scored with (Seam 5). */
export interface Champion {
  versionId: string;
  pluginId: string;
  /** The registry's version number (1, 2, … per bank and plugin). */
  version: number;
  /** The plugin version that trained it (the artefact's format is that version's). */
  pluginVersion: string;
  artifact: ModelArtifact;
  /** The features it was trained on, in the order of its training dataset. */
  features: readonly string[];
}

/** How a bank retrains one model (`model_retraining_policy`, or these defaults). */
export interface RetrainingPolicy {
  /** A scheduled run this many days after the last run. */
  periodDays: number;
  /** An early run once this many new recommendation outcomes arrived since the last run. */
  feedbackThreshold: number;
  /** An early run once any model feature's PSI against the champion's training data reaches this. */
  driftThreshold: number;
  /** A better challenger waits as `awaiting-approval` until a staff member approves or rejects it. */
  approvalRequired: boolean;
}

/**
 * Defaults: weekly; 200 outcomes (enough to move a per-product rate of a few percent); PSI 0.25, the usual
 * "significant shift" mark (0.1–0.25 is moderate); no human approval.
 */
export const defaultRetrainingPolicy: RetrainingPolicy = {
  periodDays: 7,
  feedbackThreshold: 200,
  driftThreshold: 0.25,
  approvalRequired: false,
};

/** What a training run produced, to store as a candidate version. */
export interface TrainedVersionInput {
  trainingRunId: string | null;
  modelPluginId: string;
  pluginVersion: string;
  trigger: RetrainingTrigger;
  modelMetrics: Readonly<Record<string, number>>;
  /** Null until `recordValidation` (the workflow evaluates after storing the trained version). */
  validation: ValidationReport | null;
  dataWindow: DataWindow;
  features: readonly string[];
  featureProfile: FeatureProfile;
  examples: number;
  positives: number;
  artifact: ModelArtifact;
}

/** The registry's decision on a candidate, as the workflow applies it. */
export interface VersionDecision {
  promote: boolean;
  reason: string;
  /** With `promote`: wait for a person (`awaiting-approval`) instead of promoting now. */
  approvalRequired: boolean;
}

export const maxDecisionReasonLength = 1000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The model registry of the current bank (request context or `runAsTenant`): trained versions of each
 * recommendation-model plugin with their metrics, data windows and artefacts, the champion each bank's
 * recommendations are scored with, the training runs, and the bank's retraining policy.
 *
 * Every status change of a version (promoted, rejected, awaiting approval, approved, retired) is audited
 * on the bank's chain in the change's transaction, with who decided (`system` for the workflow) and why.
 * At most one champion per bank and plugin: promoting retires the previous one in the same transaction
 * (and a partial unique index backs it).
 */
@Injectable()
export class ModelRegistryService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  // --- Seam 5: what delivery and the workflow read ---

  /**
   * The champion of `modelPluginId` for the current bank, or — without an id — the bank's most recently
   * promoted champion of any model; null when the bank has none (deliver nothing and say so).
   */
  async champion(modelPluginId?: string): Promise<Champion | null> {
    return this.inTransaction(async (em) => {
      const [row] = await em.find(
        ModelVersion,
        { tenantId: tenant().id, status: 'champion', ...(modelPluginId ? { modelPluginId } : {}) },
        { orderBy: { promotedAt: 'desc', id: 'desc' }, limit: 1 },
      );
      return row ? championOf(row) : null;
    });
  }

  /** A version of the current bank by id; NOT_FOUND for another bank's, unknown or malformed ids. */
  async version(versionId: string): Promise<ModelVersion> {
    return this.inTransaction((em) => this.versionIn(em, versionId));
  }

  /** The bank's versions (of one plugin when given), newest first: metrics over time. */
  async versions(modelPluginId?: string | null, limit = 100): Promise<ModelVersion[]> {
    return this.inTransaction((em) =>
      em.find(
        ModelVersion,
        { tenantId: tenant().id, ...(modelPluginId ? { modelPluginId } : {}) },
        { orderBy: { createdAt: 'desc', version: 'desc' }, limit },
      ),
    );
  }

  /** The bank's training runs (of one plugin when given), newest first. */
  async runs(modelPluginId?: string | null, limit = 100): Promise<TrainingRun[]> {
    return this.inTransaction((em) =>
      em.find(
        TrainingRun,
        { tenantId: tenant().id, ...(modelPluginId ? { modelPluginId } : {}) },
        { orderBy: { startedAt: 'desc', id: 'desc' }, limit },
      ),
    );
  }

  async run(runId: string): Promise<TrainingRun> {
    return this.inTransaction(async (em) => {
      const row = uuid.test(runId)
        ? await em.findOne(TrainingRun, { id: runId, tenantId: tenant().id })
        : null;
      if (!row) throw new NotFound('This bank has no training run with this id; check the id.');
      return row;
    });
  }

  /** The bank's retraining policy for `modelPluginId` (its own row, the bank's `*` row, or the defaults). */
  async policy(modelPluginId: string): Promise<RetrainingPolicy> {
    return this.inTransaction(async (em) => {
      const rows = await em.find(RetrainingPolicyRow, {
        tenantId: tenant().id,
        modelPluginId: { $in: [modelPluginId, '*'] },
      });
      const row = rows.find((candidate) => candidate.modelPluginId === modelPluginId) ?? rows[0];
      if (!row) return { ...defaultRetrainingPolicy };
      return {
        periodDays: row.periodDays,
        feedbackThreshold: row.feedbackThreshold,
        driftThreshold: row.driftThreshold,
        approvalRequired: row.approvalRequired,
      };
    });
  }

  /** Sets the bank's retraining policy for `modelPluginId` (`*`: every model without its own); audited. */
  async setPolicy(modelPluginId: string, policy: RetrainingPolicy): Promise<RetrainingPolicy> {
    const problems = policyProblems(policy);
    if (problems.length > 0) throw Invalid.fields(problems);
    return this.inTransaction(async (em) => {
      const bank = tenant();
      let row = await em.findOne(
        RetrainingPolicyRow,
        { tenantId: bank.id, modelPluginId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      row ??= em.create(RetrainingPolicyRow, {
        tenantId: bank.id,
        modelPluginId,
        ...policy,
        updatedBy: actor(),
      });
      Object.assign(row, policy, { updatedBy: actor(), updatedAt: new Date() });
      await em.flush();
      await this.audit.record({
        action: 'model-retraining-policy.set',
        resourceType: 'model-retraining-policy',
        resourceId: row.id,
        changes: { modelPluginId, ...policy },
      });
      return { ...policy };
    });
  }

  // --- Training runs (the workflow's activities) ---

  /**
   * Records that the workflow `workflowId` started a run; the same workflow id gives the same run (an
   * activity retried after a crash writes nothing twice).
   */
  async startRun(input: {
    modelPluginId: string;
    workflowId: string;
    trigger: RetrainingTrigger;
    reason: string;
    requestedBy?: string;
  }): Promise<TrainingRun> {
    return this.inTransaction(async (em) => {
      const bank = tenant();
      const existing = await em.findOne(TrainingRun, { tenantId: bank.id, workflowId: input.workflowId });
      if (existing) return existing;
      const run = em.create(TrainingRun, {
        tenantId: bank.id,
        modelPluginId: input.modelPluginId,
        workflowId: input.workflowId,
        trigger: input.trigger,
        reason: input.reason.slice(0, maxDecisionReasonLength),
        requestedBy: input.requestedBy ?? actor(),
      });
      await em.flush();
      await this.audit.record({
        action: 'model-training-run.start',
        resourceType: 'model-training-run',
        resourceId: run.id,
        changes: { modelPluginId: run.modelPluginId, trigger: run.trigger, reason: run.reason },
      });
      return run;
    });
  }

  /** Where a run is (heartbeats); progress is clamped to [0, 1] and never goes back within a stage. */
  async reportProgress(runId: string, stage: TrainingRunStage, progress: number): Promise<void> {
    await this.inTransaction(async (em) => {
      const run = await em.findOne(TrainingRun, { id: runId, tenantId: tenant().id });
      if (!run || run.finishedAt) return;
      const value = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
      if (run.stage === stage && value < run.progress) return;
      run.stage = stage;
      run.progress = value;
      run.updatedAt = new Date();
      await em.flush();
    });
  }

  /** Ends a run (idempotent: an ended run stays as it ended). */
  async finishRun(
    runId: string,
    status: Exclude<TrainingRunStatus, 'running'>,
    outcomeReason: string | null,
  ): Promise<TrainingRun> {
    return this.inTransaction(async (em) => {
      const run = await em.findOne(
        TrainingRun,
        { id: runId, tenantId: tenant().id },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!run) throw new NotFound('This bank has no training run with this id; check the id.');
      if (run.finishedAt) return run;
      run.status = status;
      run.outcomeReason = outcomeReason?.slice(0, maxDecisionReasonLength) ?? null;
      run.updatedAt = new Date();
      if (status === 'awaiting-approval') {
        run.stage = 'awaiting-approval';
      } else {
        run.stage = 'done';
        run.progress = 1;
        run.finishedAt = new Date();
      }
      await em.flush();
      if (status !== 'awaiting-approval') {
        await this.audit.record({
          action: 'model-training-run.finish',
          resourceType: 'model-training-run',
          resourceId: run.id,
          changes: { modelPluginId: run.modelPluginId, status, reason: run.outcomeReason },
        });
      }
      return run;
    });
  }

  // --- Versions ---

  /**
   * Stores a trained, evaluated model as a `candidate` with the next version number; a run that stored its
   * version already gets that one back (retried activity).
   */
  async recordTrainedVersion(input: TrainedVersionInput): Promise<ModelVersion> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.inTransaction((em) => this.insertVersion(em, input));
      } catch (error) {
        // Two runs of one model finishing together took the same number: the second takes the next one.
        if (!(error instanceof UniqueConstraintViolationException) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Applies the workflow's promotion decision to a `candidate`: promote it (or make it wait for approval,
   * when the bank wants a person to say yes), or reject it with the reason. Audited as the system. A
   * version decided already is returned as it is.
   */
  async decide(versionId: string, decision: VersionDecision): Promise<ModelVersion> {
    return this.inTransaction(async (em) => {
      const row = await this.versionIn(em, versionId, true);
      if (row.status !== 'candidate') return row;
      const reason = decision.reason.slice(0, maxDecisionReasonLength);
      if (!decision.promote) return this.transition(em, row, 'rejected', reason, 'model-version.reject');
      if (decision.approvalRequired) {
        return this.transition(em, row, 'awaiting-approval', reason, 'model-version.await-approval');
      }
      return this.makeChampion(em, row, reason, 'model-version.promote');
    });
  }

  /**
   * A staff member approves a version waiting for approval: it becomes the champion. CONFLICT when it is
   * not waiting (decided already, or never better).
   */
  async approve(versionId: string, reason?: string | null): Promise<ModelVersion> {
    return this.inTransaction(async (em) => {
      const row = await this.versionIn(em, versionId, true);
      if (row.status !== 'awaiting-approval') {
        throw new Conflict(
          `Version ${row.version} is ${row.status}, not awaiting approval; reload the registry.`,
        );
      }
      return this.makeChampion(
        em,
        row,
        checkedReason(reason) ?? 'approved by a staff member',
        'model-version.approve',
      );
    });
  }

  /** A staff member rejects a version waiting for approval (the reason is required and kept). */
  async reject(versionId: string, reason: string): Promise<ModelVersion> {
    const why = checkedReason(reason);
    if (!why) throw Invalid.fields([{ field: 'reason', problem: 'must say why (1-1000 characters)' }]);
    return this.inTransaction(async (em) => {
      const row = await this.versionIn(em, versionId, true);
      if (row.status !== 'awaiting-approval') {
        throw new Conflict(
          `Version ${row.version} is ${row.status}, not awaiting approval; reload the registry.`,
        );
      }
      return this.transition(em, row, 'rejected', why, 'model-version.reject');
    });
  }

  /**
   * A staff member makes a version the champion directly (e.g. back to an earlier one after a bad
   * release): any version but the current champion; the reason is required. CONFLICT for the champion.
   */
  async promote(versionId: string, reason: string): Promise<ModelVersion> {
    const why = checkedReason(reason);
    if (!why) throw Invalid.fields([{ field: 'reason', problem: 'must say why (1-1000 characters)' }]);
    return this.inTransaction(async (em) => {
      const row = await this.versionIn(em, versionId, true);
      if (row.status === 'champion') {
        throw new Conflict(`Version ${row.version} is the champion already.`);
      }
      return this.makeChampion(em, row, why, 'model-version.promote');
    });
  }

  /** Stores what the platform measured for a version on its validation window (once; later calls keep it). */
  async recordValidation(versionId: string, report: ValidationReport): Promise<ModelVersion> {
    return this.inTransaction(async (em) => {
      const row = await this.versionIn(em, versionId, true);
      if (row.validationMetrics) return row;
      row.validationMetrics = report;
      row.updatedAt = new Date();
      await em.flush();
      return row;
    });
  }

  /** The training feature profile of the champion of `modelPluginId` (drift is measured against it). */
  async championProfile(modelPluginId: string): Promise<FeatureProfile | null> {
    return this.inTransaction(async (em) => {
      const row = await em.findOne(
        ModelVersion,
        { tenantId: tenant().id, modelPluginId, status: 'champion' },
        { fields: ['featureProfile'] },
      );
      return row?.featureProfile ?? null;
    });
  }

  /** A version nobody approved or rejected in time is rejected by the system with `reason`. */
  async expireApproval(versionId: string, reason: string): Promise<ModelVersion> {
    return this.inTransaction(async (em) => {
      const row = await this.versionIn(em, versionId, true);
      if (row.status !== 'awaiting-approval') return row;
      return this.transition(em, row, 'rejected', reason, 'model-version.reject');
    });
  }

  // --- helpers ---

  private async insertVersion(em: EntityManager, input: TrainedVersionInput): Promise<ModelVersion> {
    const bank = tenant();
    if (input.trainingRunId) {
      const stored = await em.findOne(ModelVersion, {
        tenantId: bank.id,
        trainingRunId: input.trainingRunId,
      });
      if (stored) return stored;
    }
    const [last] = await em.find(
      ModelVersion,
      { tenantId: bank.id, modelPluginId: input.modelPluginId },
      { orderBy: { version: 'desc' }, limit: 1 },
    );
    const row = em.create(ModelVersion, {
      tenantId: bank.id,
      modelPluginId: input.modelPluginId,
      pluginVersion: input.pluginVersion,
      version: (last?.version ?? 0) + 1,
      status: 'candidate',
      trigger: input.trigger,
      trainingRunId: input.trainingRunId,
      modelMetrics: input.modelMetrics,
      validationMetrics: input.validation,
      dataWindow: input.dataWindow,
      features: input.features,
      featureProfile: input.featureProfile,
      examples: input.examples,
      positives: input.positives,
      artifact: input.artifact,
    });
    await em.flush();
    if (input.trainingRunId) {
      await em.nativeUpdate(
        TrainingRun,
        { id: input.trainingRunId, tenantId: bank.id },
        { modelVersionId: row.id },
      );
    }
    await this.audit.record({
      action: 'model-version.record',
      resourceType: 'model-version',
      resourceId: row.id,
      changes: {
        modelPluginId: row.modelPluginId,
        pluginVersion: row.pluginVersion,
        version: row.version,
        trigger: row.trigger,
        examples: row.examples,
        positives: row.positives,
      },
    });
    return row;
  }

  private async makeChampion(
    em: EntityManager,
    row: ModelVersion,
    reason: string,
    action: string,
  ): Promise<ModelVersion> {
    const now = new Date();
    const previous = await em.find(
      ModelVersion,
      { tenantId: row.tenantId, modelPluginId: row.modelPluginId, status: 'champion', id: { $ne: row.id } },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const champion of previous) {
      champion.status = 'retired';
      champion.retiredAt = now;
      champion.updatedAt = now;
    }
    // Retire first: the partial unique index allows one champion per bank and plugin at any moment.
    await em.flush();
    for (const champion of previous) {
      await this.audit.record({
        action: 'model-version.retire',
        resourceType: 'model-version',
        resourceId: champion.id,
        changes: {
          modelPluginId: champion.modelPluginId,
          version: champion.version,
          status: 'retired',
          replacedBy: row.version,
        },
      });
    }
    row.promotedAt = now;
    return this.transition(em, row, 'champion', reason, action);
  }

  private async transition(
    em: EntityManager,
    row: ModelVersion,
    status: ModelVersionStatus,
    reason: string,
    action: string,
  ): Promise<ModelVersion> {
    const previousStatus = row.status;
    const now = new Date();
    row.status = status;
    row.decidedBy = actor();
    row.decisionReason = reason;
    row.decidedAt = now;
    row.updatedAt = now;
    await em.flush();
    await this.audit.record({
      action,
      resourceType: 'model-version',
      resourceId: row.id,
      changes: {
        modelPluginId: row.modelPluginId,
        pluginVersion: row.pluginVersion,
        version: row.version,
        status,
        previousStatus,
        reason,
        decidedBy: row.decidedBy,
      },
    });
    return row;
  }

  private async versionIn(em: EntityManager, versionId: string, lock = false): Promise<ModelVersion> {
    const row = uuid.test(versionId)
      ? await em.findOne(
          ModelVersion,
          { id: versionId, tenantId: tenant().id },
          lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
        )
      : null;
    if (!row) throw new NotFound('This bank has no model version with this id; check the id.');
    return row;
  }

  /** The caller's transaction (a request's), or a new one for background work. */
  private inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const current = this.em.getContext() as EntityManager;
    return current.isInTransaction() ? work(current) : this.em.transactional(work);
  }
}

export function championOf(row: ModelVersion): Champion {
  return {
    versionId: row.id,
    pluginId: row.modelPluginId,
    version: row.version,
    pluginVersion: row.pluginVersion,
    artifact: row.artifact,
    features: row.features,
  };
}

function tenant(): TenantRef {
  const { tenant } = requireContext();
  if (!tenant) throw new Error('The model registry is tenant-owned: use it in a request or runAsTenant()');
  return tenant;
}

/** Who acts: the staff member of the request, or `system` (the retraining workflow). */
function actor(): string {
  return requireContext().principal?.subject ?? 'system';
}

function checkedReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length === 0) return null;
  if (trimmed.length > maxDecisionReasonLength) {
    throw Invalid.fields([
      { field: 'reason', problem: `must be at most ${maxDecisionReasonLength} characters` },
    ]);
  }
  return trimmed;
}

function policyProblems(policy: RetrainingPolicy): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  if (!Number.isInteger(policy.periodDays) || policy.periodDays < 1 || policy.periodDays > 365) {
    problems.push({ field: 'periodDays', problem: 'must be a whole number of days between 1 and 365' });
  }
  if (
    !Number.isInteger(policy.feedbackThreshold) ||
    policy.feedbackThreshold < 1 ||
    policy.feedbackThreshold > 1_000_000
  ) {
    problems.push({ field: 'feedbackThreshold', problem: 'must be a whole number between 1 and 1000000' });
  }
  if (!Number.isFinite(policy.driftThreshold) || policy.driftThreshold <= 0 || policy.driftThreshold > 10) {
    problems.push({
      field: 'driftThreshold',
      problem: 'must be a PSI above 0 and at most 10 (0.25 is usual)',
    });
  }
  if (typeof policy.approvalRequired !== 'boolean') {
    problems.push({ field: 'approvalRequired', problem: 'must be true or false' });
  }
  return problems;
}
