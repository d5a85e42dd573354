// Deferred notifications, as the process reads: every few minutes (a Temporal Schedule), for every active
// bank, send the e-mail and push messages that waited for quiet hours to end. One bank failing does not
// stop the others; it is tried again at the next pass. Deterministic: all I/O happens in the activities.
import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import type { DueDeliveries, NotificationActivities } from './activities';

const { activeTenantIds, sendDueNotifications } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '5 minutes',
  // A few attempts within the pass; the next pass (minutes later) catches up on whatever is left.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

export interface DeferredNotificationsReport extends DueDeliveries {
  banks: number;
  /** Banks whose pass failed after its retries (their messages wait for the next pass). */
  failedBanks: string[];
}

/** One pass over every active bank's due deferred notifications. */
export async function deliverDeferredNotifications(): Promise<DeferredNotificationsReport> {
  const report: DeferredNotificationsReport = {
    banks: 0,
    sent: 0,
    stillDeferred: 0,
    dropped: 0,
    failedBanks: [],
  };
  for (const tenantId of await activeTenantIds()) {
    report.banks += 1;
    try {
      const bank = await sendDueNotifications({ tenantId });
      report.sent += bank.sent;
      report.stillDeferred += bank.stillDeferred;
      report.dropped += bank.dropped;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('Deferred notifications of a bank were not sent; the next pass tries again', {
        tenantId,
        error,
      });
      report.failedBanks.push(tenantId);
    }
  }
  return report;
}
