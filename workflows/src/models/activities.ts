// Retraining activities: every step of a run through the platform's `ModelTraining` as the bank (system
// work, no principal). Each is idempotent (the run is keyed by its workflow id, a trained version by its
// run, an evaluation and a decision are stored once), so a retried activity repeats nothing.
import { Context } from '@temporalio/activity';
import {
  type DatasetSummary,
  type ModelRegistryService,
  type ModelTraining,
  type RetrainingPolicy,
  type RetrainingTrigger,
  type RetrainingTriggerCheck,
  runAsTenant,
  type TenancyService,
  tenantRef,
  type TrainingRunStatus,
} from '@finpersona/platform';
import { asActivity } from '../platform-errors';

export interface ModelServices {
  tenancy: Pick<TenancyService, 'getById'>;
  training: Pick<
    ModelTraining,
    | 'startRun'
    | 'buildDataset'
    | 'train'
    | 'evaluate'
    | 'decide'
    | 'versionStatus'
    | 'finishRun'
    | 'checkTriggers'
  >;
  registry: Pick<ModelRegistryService, 'policy'>;
}

export interface BankModel {
  tenantId: string;
  modelPluginId: string;
}

export interface RunRef {
  tenantId: string;
  runId: string;
}

/** The activity's cancellation and heartbeats, as a model's `ModelRunContext`. */
function runContext() {
  const activity = Context.current();
  return {
    signal: activity.cancellationSignal,
    heartbeat: (progress?: { progress?: number; detail?: string }) => activity.heartbeat(progress),
  };
}

export function createModelActivities({ tenancy, training, registry }: ModelServices) {
  const asTenant = async <T>(tenantId: string, work: () => Promise<T>): Promise<T> =>
    asActivity(async () => runAsTenant(tenantRef(await tenancy.getById(tenantId)), work));

  return {
    async readRetrainingPolicy(input: BankModel): Promise<RetrainingPolicy> {
      return asTenant(input.tenantId, () => registry.policy(input.modelPluginId));
    },

    async checkRetrainingTriggers(input: BankModel & { since: string }): Promise<RetrainingTriggerCheck> {
      return asTenant(input.tenantId, () =>
        training.checkTriggers(input.modelPluginId, new Date(input.since)),
      );
    },

    async startTrainingRun(
      input: BankModel & {
        workflowId: string;
        trigger: RetrainingTrigger;
        reason: string;
        requestedBy: string;
      },
    ): Promise<{ runId: string }> {
      const { tenantId, ...run } = input;
      return asTenant(tenantId, () => training.startRun(run));
    },

    /** Builds the dataset under consent (kept in this worker's memory for the next steps). */
    async buildTrainingDataset(input: RunRef): Promise<DatasetSummary> {
      return asTenant(input.tenantId, () => training.buildDataset(input.runId));
    },

    /** Trains the challenger with heartbeats (progress); a cancelled workflow aborts the model. */
    async trainChallenger(input: RunRef): Promise<{ versionId: string; dataset: DatasetSummary }> {
      return asTenant(input.tenantId, () => training.train(input.runId, runContext()));
    },

    async evaluateChallenger(input: RunRef & { versionId: string }): Promise<void> {
      await asTenant(input.tenantId, () => training.evaluate(input.runId, input.versionId, runContext()));
    },

    async decideChallenger(
      input: RunRef & { versionId: string },
    ): Promise<{ status: string; reason: string }> {
      return asTenant(input.tenantId, () => training.decide(input.runId, input.versionId));
    },

    async readVersionStatus(input: {
      tenantId: string;
      versionId: string;
      expireWaiting: boolean;
    }): Promise<{ status: string; reason: string }> {
      return asTenant(input.tenantId, () => training.versionStatus(input.versionId, input.expireWaiting));
    },

    async finishTrainingRun(
      input: RunRef & { status: Exclude<TrainingRunStatus, 'running'>; reason: string },
    ): Promise<void> {
      await asTenant(input.tenantId, () => training.finishRun(input.runId, input.status, input.reason));
    },
  };
}

export type ModelActivities = ReturnType<typeof createModelActivities>;
