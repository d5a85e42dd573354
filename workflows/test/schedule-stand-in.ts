// What a Temporal Schedule does, as a workflow, for tests on the time-skipping test server (which has no
// Schedules: temporalio/sdk-java#1954, closed as not planned). The schedule itself is the real one the sync
// workflow created on the test run's dev server; this stand-in reads it before every firing (interval,
// action, task queue — whatever the production code put there) and fires its action at the schedule's own
// times, on the test server's clock, until the schedule is deleted or `untilMs` is reached. Workflow code:
// bundled with the worker's workflows by `deadline-workflows.ts`.
import { executeChild, proxyActivities, sleep } from '@temporalio/workflow';
import type { SyncResult } from '@finpersona/platform';

/** The schedule as the dev server describes it (null once deleted): read by a test activity. */
export interface ScheduleView {
  intervalMs: number;
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  args: unknown[];
}

export interface ScheduleStandInActivities {
  readSchedule(scheduleId: string): Promise<ScheduleView | null>;
}

export interface ScheduleStandInInput {
  scheduleId: string;
  /** Stop firing at this (test server) time; default: only when the schedule is deleted. */
  untilMs?: number;
}

export interface FiredRun {
  /** The scheduled time of the run (ms). */
  at: number;
  status: SyncResult['status'];
  reason: string | null;
}

export interface ScheduleStandInResult {
  fired: FiredRun[];
  ended: 'schedule-deleted' | 'until';
}

const { readSchedule } = proxyActivities<ScheduleStandInActivities>({ startToCloseTimeout: '30 seconds' });

export async function scheduleStandIn(input: ScheduleStandInInput): Promise<ScheduleStandInResult> {
  const fired: FiredRun[] = [];
  let schedule = await readSchedule(input.scheduleId);
  while (schedule) {
    // An interval spec without offset fires at the multiples of its interval since the epoch.
    const at = (Math.floor(Date.now() / schedule.intervalMs) + 1) * schedule.intervalMs;
    if (input.untilMs !== undefined && at >= input.untilMs) return { fired, ended: 'until' };
    await sleep(at - Date.now());
    // A deleted schedule fires no more; an updated one fires its current action.
    schedule = await readSchedule(input.scheduleId);
    if (!schedule) break;
    const result = await executeChild<(...args: unknown[]) => Promise<SyncResult>>(schedule.workflowType, {
      args: schedule.args,
      // As Temporal names a scheduled run: the action's workflow id and the scheduled time.
      workflowId: `${schedule.workflowId}-${new Date(at).toISOString()}`,
      taskQueue: schedule.taskQueue,
    });
    fired.push({ at, status: result.status, reason: result.reason });
  }
  return { fired, ended: 'schedule-deleted' };
}
