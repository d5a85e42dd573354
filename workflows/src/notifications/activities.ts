// Deferred-notification activities: which banks to serve, and one bank's due e-mail and push messages sent
// through the platform's `CustomerNotifier.sendDue` as that bank (system work, no principal). Idempotent: a
// delivery is claimed from `deferred` in its own transaction, so a retried activity sends nothing twice.
import { type CustomerNotifier, runAsTenant, type TenancyService, tenantRef } from '@finpersona/platform';
import { asActivity } from '../platform-errors';

export interface NotificationServices {
  tenancy: Pick<TenancyService, 'list' | 'getById'>;
  notifier: Pick<CustomerNotifier, 'sendDue'>;
}

/** What one bank's pass sent: delivered, waiting longer (quiet hours moved), dropped (no longer allowed). */
export interface DueDeliveries {
  sent: number;
  stillDeferred: number;
  dropped: number;
}

/** Deliveries claimed per `sendDue` call; a bank with more due gets further calls in the same pass. */
export const dueBatchSize = 100;

export function createNotificationActivities({ tenancy, notifier }: NotificationServices) {
  return {
    /** The ids of every active bank (suspended and provisioning banks send nothing). */
    async activeTenantIds(): Promise<string[]> {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const page = await tenancy.list({ first: 100, after, status: 'ACTIVE' });
        ids.push(...page.edges.map((edge) => edge.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after !== null);
      return ids;
    },

    /**
     * Sends one bank's deferred e-mail and push messages whose quiet time is over, in batches until fewer
     * than a batch were due (consent, preferences and quiet hours are checked again for each).
     */
    async sendDueNotifications(input: { tenantId: string }): Promise<DueDeliveries> {
      return asActivity(async () => {
        const bank = tenantRef(await tenancy.getById(input.tenantId));
        const total: DueDeliveries = { sent: 0, stillDeferred: 0, dropped: 0 };
        for (;;) {
          const batch = await runAsTenant(bank, () => notifier.sendDue(dueBatchSize));
          total.sent += batch.sent;
          total.stillDeferred += batch.stillDeferred;
          total.dropped += batch.dropped;
          // Rows still deferred are not due any more, so they are not claimed again: the loop ends.
          if (batch.sent + batch.stillDeferred + batch.dropped < dueBatchSize) return total;
        }
      });
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
