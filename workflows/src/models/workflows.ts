// Retraining a bank's recommendation model, as a bank's model owner would describe it: after each period
// (the bank's policy), or earlier when enough new feedback arrived or the customers' features drifted from
// what the champion learnt on, or when a staff member asks — build a dataset of the customers who consent
// to personalisation, train a challenger, evaluate it beside the champion and the baselines on the same
// validation window, and promote it only if it beats them all; a bank that wants a person to decide gets
// the better challenger waiting for approval. Every decision is audited (in the activities). One workflow
// per bank and model, looping on a timer; it continues as new after a few runs to keep its history short.
import {
  ActivityFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  RetrainingInput,
  RetrainingResult,
  RetrainingRunOutcome,
  RetrainingTrigger,
  RetrainNowRequest,
} from '@finpersona/platform';
import type { ModelActivities } from './activities';

/** Same names as the platform's `retrainingSignals` (workflow code may not import the platform). */
export const retrainNowSignal = defineSignal<[RetrainNowRequest]>('retrainNow');
export const approvalDecidedSignal = defineSignal<[{ versionId: string }]>('approvalDecided');
export const retrainingStateQuery = defineQuery<{ lastRunAt: string; runs: RetrainingRunOutcome[] }>(
  'retrainingState',
);

const DAY_MS = 86_400_000;
/** How often the feedback and drift triggers are checked between scheduled runs. */
export const triggerCheckIntervalMs = 6 * 3_600_000;
/** A version waiting for approval this long is rejected (nobody decided); the next run may try again. */
export const approvalTimeoutMs = 30 * DAY_MS;
/** Runs per workflow history before it continues as new. */
const runsPerHistory = 20;

const quick = {
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
} as const;

const {
  readRetrainingPolicy,
  checkRetrainingTriggers,
  startTrainingRun,
  finishTrainingRun,
  readVersionStatus,
} = proxyActivities<ModelActivities>(quick);

const { buildTrainingDataset, evaluateChallenger, decideChallenger } = proxyActivities<ModelActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
  },
});

/** Training may be long: heartbeats (each epoch) keep it alive; a cancelled run aborts the model. */
const { trainChallenger } = proxyActivities<ModelActivities>({
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '2 minutes',
  cancellationType: 'WAIT_CANCELLATION_COMPLETED',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 3,
  },
});

export async function retrainRecommendationModel(input: RetrainingInput): Promise<RetrainingResult> {
  const { tenantId, modelPluginId } = input;
  let manual: RetrainNowRequest | null = null;
  let approvals = 0;
  setHandler(retrainNowSignal, (request) => void (manual = request));
  setHandler(approvalDecidedSignal, () => void (approvals += 1));
  let lastRunAt = input.lastRunAt ? Date.parse(input.lastRunAt) : Date.now();
  const runs: RetrainingRunOutcome[] = [];
  setHandler(retrainingStateQuery, () => ({ lastRunAt: new Date(lastRunAt).toISOString(), runs }));

  while (runs.length < (input.stopAfterRuns ?? runsPerHistory)) {
    const why = await nextTrigger();
    runs.push(await runOnce(why));
    lastRunAt = Date.now();
  }
  if (input.stopAfterRuns !== undefined) return { runs };
  return continueAsNew<typeof retrainRecommendationModel>({
    tenantId,
    modelPluginId,
    lastRunAt: new Date(lastRunAt).toISOString(),
  });

  /** Waits until a run is due: asked for, the period passed, enough feedback, or drift. */
  async function nextTrigger(): Promise<{ trigger: RetrainingTrigger; reason: string; requestedBy: string }> {
    for (;;) {
      const policy = await readRetrainingPolicy({ tenantId, modelPluginId });
      const dueAt = lastRunAt + policy.periodDays * DAY_MS;
      const asked = manual as RetrainNowRequest | null;
      if (asked) {
        manual = null;
        return { trigger: 'manual', reason: asked.reason, requestedBy: asked.requestedBy };
      }
      if (Date.now() >= dueAt) {
        return {
          trigger: 'schedule',
          reason: `${policy.periodDays} days since the last run`,
          requestedBy: 'system',
        };
      }
      if (await condition(() => manual !== null, Math.min(triggerCheckIntervalMs, dueAt - Date.now())))
        continue;
      if (Date.now() >= dueAt) continue;
      const check = await checkRetrainingTriggers({
        tenantId,
        modelPluginId,
        since: new Date(lastRunAt).toISOString(),
      });
      if (check.newFeedback >= check.feedbackThreshold) {
        return {
          trigger: 'feedback',
          reason: `${check.newFeedback} new recommendation outcomes since the last run (threshold ${check.feedbackThreshold})`,
          requestedBy: 'system',
        };
      }
      if (check.drift && check.drift.psi >= check.driftThreshold) {
        return {
          trigger: 'drift',
          reason: `feature ${check.drift.feature} drifted: PSI ${check.drift.psi.toFixed(3)} ≥ ${check.driftThreshold}`,
          requestedBy: 'system',
        };
      }
    }
  }

  async function runOnce(why: { trigger: RetrainingTrigger; reason: string; requestedBy: string }) {
    const startedAt = new Date().toISOString();
    const { runId } = await startTrainingRun({
      tenantId,
      modelPluginId,
      workflowId: `${workflowInfo().workflowId}:${startedAt}`,
      ...why,
    });
    const outcome = (
      status: RetrainingRunOutcome['status'],
      versionId: string | null,
      versionStatus: RetrainingRunOutcome['versionStatus'],
      outcomeReason: string,
    ): RetrainingRunOutcome => ({
      runId,
      trigger: why.trigger,
      reason: why.reason,
      startedAt,
      status,
      versionId,
      versionStatus,
      outcomeReason,
    });
    let versionId: string | null = null;
    try {
      await buildTrainingDataset({ tenantId, runId });
      ({ versionId } = await trainChallenger({ tenantId, runId }));
      await evaluateChallenger({ tenantId, runId, versionId });
      let decision = await decideChallenger({ tenantId, runId, versionId });
      if (decision.status === 'awaiting-approval') {
        await finishTrainingRun({ tenantId, runId, status: 'awaiting-approval', reason: decision.reason });
        decision = await awaitApproval(versionId);
      }
      const status = decision.status === 'champion' ? 'champion' : 'rejected';
      await finishTrainingRun({ tenantId, runId, status: 'succeeded', reason: decision.reason });
      return outcome('succeeded', versionId, status, decision.reason);
    } catch (error) {
      const cancelled = isCancellation(error);
      const reason = cancelled ? 'cancelled' : failureMessage(error);
      // Recorded even when the workflow is being cancelled, so the run does not stay "running".
      await CancellationScope.nonCancellable(() =>
        finishTrainingRun({ tenantId, runId, status: cancelled ? 'cancelled' : 'failed', reason }),
      );
      if (cancelled) throw error;
      return outcome('failed', versionId, null, reason);
    }
  }

  /** Until a staff member approves or rejects (a signal says so; the database decides) or the wait ends. */
  async function awaitApproval(versionId: string): Promise<{ status: string; reason: string }> {
    const until = Date.now() + approvalTimeoutMs;
    for (;;) {
      const seen = approvals;
      const signalled = await condition(() => approvals > seen, Math.max(0, until - Date.now()));
      const version = await readVersionStatus({
        tenantId,
        versionId,
        expireWaiting: !signalled && Date.now() >= until,
      });
      if (version.status !== 'awaiting-approval') return version;
    }
  }
}

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? (error.cause ?? error) : error;
  return cause instanceof Error ? cause.message : String(cause);
}
