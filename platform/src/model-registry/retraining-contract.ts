import type { RetrainingTrigger } from './model-version.entity';

/**
 * The retraining workflow's contract, shared by the platform (which starts and signals it) and
 * `workflows/src/models` (which runs it). Plain data only: workflow code imports the types, and repeats the
 * signal names (it may not import the platform at run time).
 */
export const RETRAINING_WORKFLOW = 'retrainRecommendationModel';

/** One workflow per bank and model plugin. */
export function retrainingWorkflowId(tenantId: string, modelPluginId: string): string {
  return `model-retraining:${tenantId}:${modelPluginId}`;
}

export const retrainingSignals = {
  /** A staff member asked for a run now (`retrainRecommendationModel`). */
  retrainNow: 'retrainNow',
  /** A staff member approved or rejected a version waiting for approval: look at it again. */
  approvalDecided: 'approvalDecided',
} as const;

export interface RetrainNowRequest {
  reason: string;
  /** Staff subject (token `sub`). */
  requestedBy: string;
}

export interface RetrainingInput {
  tenantId: string;
  modelPluginId: string;
  /** ISO time of the last run; absent: the workflow's start counts as one (the first scheduled run is a period later). */
  lastRunAt?: string;
  /** End after this many runs instead of looping on (tests, one-off runs). */
  stopAfterRuns?: number;
}

/** How one run ended, as the workflow reports it (and its result lists, with `stopAfterRuns`). */
export interface RetrainingRunOutcome {
  runId: string;
  trigger: RetrainingTrigger;
  reason: string;
  /** ISO time the run started (workflow time). */
  startedAt: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  versionId: string | null;
  /** The version's final status: `champion`, `rejected`, or null when none was trained. */
  versionStatus: 'champion' | 'rejected' | null;
  /** The decision's reason, or what failed. */
  outcomeReason: string;
}

export interface RetrainingResult {
  runs: RetrainingRunOutcome[];
}

/** What the trigger check found since the last run. */
export interface RetrainingTriggerCheck {
  newFeedback: number;
  feedbackThreshold: number;
  /** The most drifted feature against the champion's training profile, or null without a champion. */
  drift: { feature: string; psi: number } | null;
  driftThreshold: number;
  periodDays: number;
}
