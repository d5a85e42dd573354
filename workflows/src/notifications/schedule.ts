// The schedule that runs `deliverDeferredNotifications`: created when a worker starts, idempotently (the
// first worker creates it, the others find it; a changed interval is brought in line).
import {
  ScheduleAlreadyRunning,
  type ScheduleClient,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
} from '@temporalio/client';

export const DELIVER_DEFERRED_WORKFLOW = 'deliverDeferredNotifications';
export const deferredNotificationsScheduleId = 'deliver-deferred-notifications';
/**
 * How often deferred messages are looked for: quiet hours end on a minute, so a message waits at most this
 * long after its quiet time is over.
 */
export const deferredNotificationsEveryMs = 5 * 60_000;

/**
 * Creates the schedule (or brings its interval in line); overlapping passes are skipped. Returns whether it
 * was created or changed. Safe to call from every worker at every start.
 */
export async function ensureDeferredNotificationsSchedule(
  schedules: ScheduleClient,
  options: { taskQueue: string; scheduleId?: string; everyMs?: number },
): Promise<{ scheduleId: string; changed: boolean }> {
  const scheduleId = options.scheduleId ?? deferredNotificationsScheduleId;
  const everyMs = options.everyMs ?? deferredNotificationsEveryMs;
  const handle = schedules.getHandle(scheduleId);
  try {
    const current = await handle.describe();
    if (current.spec.intervals?.length === 1 && current.spec.intervals[0]!.every === everyMs) {
      return { scheduleId, changed: false };
    }
    await handle.update((previous) => ({ ...previous, spec: { intervals: [{ every: everyMs }] } }));
    return { scheduleId, changed: true };
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  try {
    await schedules.create({
      scheduleId,
      spec: { intervals: [{ every: everyMs }] },
      action: {
        type: 'startWorkflow',
        workflowType: DELIVER_DEFERRED_WORKFLOW,
        args: [],
        taskQueue: options.taskQueue,
        workflowId: `${scheduleId}-run`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return { scheduleId, changed: true };
  } catch (error) {
    // Another worker started at the same moment and created it first.
    if (error instanceof ScheduleAlreadyRunning) return { scheduleId, changed: false };
    throw error;
  }
}
