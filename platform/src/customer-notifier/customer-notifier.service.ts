import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit';
import { ConsentsService } from '../consents';
import { Invalid } from '../errors';
import { MarketingService } from '../marketing';
import { NotificationsService } from '../notifications';
import type {
  ChannelDecision,
  CustomerNotification,
  NotificationChannel,
  NotificationResult,
} from './customer-notifier.types';
import { notificationImportances, notificationPurposes } from './customer-notifier.types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one way the platform tells a customer something outside a request they made (seam 8): it picks the
 * channels (in-app, e-mail, web push) from the customer's preferences, checks the consent the purpose
 * needs, holds interruptions back in quiet hours, notifies once per subject per channel and audits each
 * decision (never the text). Runs as the current bank (request context or `runAsTenant`).
 */
@Injectable()
export class CustomerNotifier {
  constructor(
    private readonly inbox: NotificationsService,
    private readonly consents: ConsentsService,
    private readonly marketing: MarketingService,
    private readonly audit: AuditService,
  ) {}

  /** Decides and delivers `notification` on every channel; see `ChannelOutcome` for what each outcome means. */
  async send(notification: CustomerNotification): Promise<NotificationResult> {
    validate(notification);
    const channels: ChannelDecision[] = [await this.inApp(notification)];
    for (const channel of ['email', 'push'] as const) {
      channels.push({ channel, outcome: 'skipped', reason: 'This channel is not available yet.' });
    }
    await this.audit.record({
      action: 'notification.send',
      resourceType: 'customer',
      resourceId: notification.customerId,
      changes: {
        kind: notification.kind,
        subjectRef: notification.subjectRef,
        purpose: notification.purpose,
        importance: notification.importance,
        channels: channels.map((decision) => ({
          channel: decision.channel,
          outcome: decision.outcome,
          reason: decision.reason,
          ...(decision.notBefore ? { notBefore: decision.notBefore.toISOString() } : {}),
        })),
      },
    });
    return { channels };
  }

  private async inApp(notification: CustomerNotification): Promise<ChannelDecision> {
    const channel: NotificationChannel = 'in-app';
    const refusal = await this.purposeRefusal(notification);
    if (refusal) return { channel, outcome: 'refused', reason: refusal };
    const written = await this.inbox.notifyOnce({
      customerId: notification.customerId,
      kind: notification.kind,
      subjectRef: notification.subjectRef,
      body: `${notification.title}\n\n${notification.body}`,
    });
    return written
      ? { channel, outcome: 'sent', reason: 'Written to the in-app inbox.' }
      : { channel, outcome: 'skipped', reason: 'Already notified about this subject.' };
  }

  /** Why the purpose forbids writing to the customer at all, or null when it allows it. */
  private async purposeRefusal(notification: CustomerNotification): Promise<string | null> {
    if (notification.purpose === 'personalisation') {
      const live = await this.consents.customersWithLiveConsent('personalisation', [notification.customerId]);
      return live.has(notification.customerId) ? null : 'No live personalisation consent.';
    }
    if (notification.purpose === 'marketing') {
      const decision = await this.marketing.permission(notification.customerId, 'in-app');
      return decision.decision === 'refused' ? decision.refusals.map((r) => r.reason).join(' ') : null;
    }
    return null;
  }
}

function validate(notification: CustomerNotification): void {
  const problems: { field: string; problem: string }[] = [];
  if (!uuid.test(notification.customerId))
    problems.push({ field: 'customerId', problem: 'must be a customer id' });
  for (const field of ['kind', 'subjectRef', 'title'] as const) {
    const value = notification[field];
    if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
      problems.push({ field, problem: 'must be 1-200 characters' });
    }
  }
  if (typeof notification.body !== 'string' || notification.body.length > 4000) {
    problems.push({ field: 'body', problem: 'must be at most 4000 characters' });
  }
  if (!notificationImportances.includes(notification.importance)) {
    problems.push({ field: 'importance', problem: `must be one of ${notificationImportances.join(', ')}` });
  }
  if (!notificationPurposes.includes(notification.purpose)) {
    problems.push({ field: 'purpose', problem: `must be one of ${notificationPurposes.join(', ')}` });
  }
  if (problems.length > 0) throw Invalid.fields(problems);
}
