import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { marketingAllowed, type MarketingDecision } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit';
import { ComplianceRules } from '../compliance';
import { ConsentClock, ConsentsService } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { Invalid, NotFound } from '../errors';
import { MarketingService } from '../marketing';
import { customerAppPath, customerAppUrl, NotificationsService } from '../notifications';
import { requireContext } from '../request-context';
import type { ChannelDecision, CustomerNotification, NotificationResult } from './customer-notifier.types';
import { notificationImportances, notificationPurposes } from './customer-notifier.types';
import { EmailChannel } from './email-channel';
import { NotificationDelivery } from './notification-preference.entities';
import {
  type DeliveryProfile,
  type NotificationPreferences,
  NotificationPreferencesService,
} from './notification-preferences.service';
import { PushChannel } from './push-channel';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type OutboundChannel = 'email' | 'push';

/**
 * The one way the platform tells a customer something outside a request they made (seam 8 of issue 6).
 *
 * Per channel, in this order: is the channel offered here and on in the customer's preferences (in-app
 * always for `service`), with an address or a subscribed browser; does the purpose allow it (`personalisation`:
 * a live personalisation consent; `marketing`: `MarketingService`, the rule pack's opt-in/opt-out model per
 * channel); was this subject already delivered on it (once per `subjectRef` per channel); is it quiet time
 * (e-mail and push only: the customer's own quiet hours, except for `high` service messages, and the rule
 * pack's quiet hours for personalisation and marketing). Quiet time defers: the message is kept encrypted
 * and `sendDue` sends it when the quiet hours end. The in-app inbox never waits (it does not interrupt).
 * Each call is audited `notification.send` with every channel's outcome and reason, never the text.
 */
@Injectable()
export class CustomerNotifier {
  constructor(
    private readonly em: EntityManager,
    private readonly inbox: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly consents: ConsentsService,
    private readonly marketing: MarketingService,
    private readonly compliance: ComplianceRules,
    private readonly encryption: FieldEncryptionService,
    private readonly email: EmailChannel,
    private readonly push: PushChannel,
    private readonly audit: AuditService,
    private readonly clock: ConsentClock,
  ) {}

  /** Decides and delivers `notification` on every channel; see `ChannelOutcome` for what each outcome means. */
  async send(notification: CustomerNotification): Promise<NotificationResult> {
    validate(notification);
    return this.inTransaction(async (em) => {
      const known = await em.execute<unknown[]>(
        'select 1 from customer where id = ? and tenant_id = ? and erased_at is null',
        [notification.customerId, tenantId()],
      );
      if (known.length === 0) throw new NotFound(`This bank has no customer "${notification.customerId}".`);
      const profile = await this.preferences.profile(notification.customerId);
      const now = this.clock.now();
      const channels: ChannelDecision[] = [await this.inApp(notification, profile.preferences)];
      for (const channel of ['email', 'push'] as const) {
        channels.push(await this.outbound(em, channel, notification, profile, now));
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
    });
  }

  /**
   * Sends the current bank's deferred e-mail and push messages whose quiet time is over (checking consent,
   * preferences and quiet hours again: a customer who withdrew consent meanwhile gets nothing). For a
   * scheduler (worker) per bank; returns how many went out. Each is audited `notification.deliver`.
   */
  async sendDue(limit = 100): Promise<{ sent: number; stillDeferred: number; dropped: number }> {
    const now = this.clock.now();
    const due = await this.inTransaction((em) =>
      em.find(
        NotificationDelivery,
        { tenantId: tenantId(), status: 'deferred', notBefore: { $lte: now } },
        { orderBy: { notBefore: 'asc', id: 'asc' }, limit },
      ),
    );
    const tally = { sent: 0, stillDeferred: 0, dropped: 0 };
    for (const row of due) {
      const outcome = await this.inTransaction((em) => this.deliverDeferred(em, row.id, now));
      if (outcome === 'sent') tally.sent += 1;
      else if (outcome === 'deferred') tally.stillDeferred += 1;
      else tally.dropped += 1;
    }
    return tally;
  }

  private async inApp(
    notification: CustomerNotification,
    preferences: NotificationPreferences,
  ): Promise<ChannelDecision> {
    const channel = 'in-app' as const;
    if (!preferences.inAppEnabled && notification.purpose !== 'service') {
      return { channel, outcome: 'skipped', reason: "Turned off in the customer's preferences." };
    }
    const permission = await this.purposePermission(notification, 'in-app');
    if (permission.decision === 'refused') return { channel, outcome: 'refused', reason: permission.reason };
    const written = await this.inbox.notifyOnce({
      customerId: notification.customerId,
      kind: notification.kind,
      subjectRef: notification.subjectRef,
      title: notification.title,
      body: notification.body,
    });
    return written
      ? { channel, outcome: 'sent', reason: 'Written to the in-app inbox.' }
      : { channel, outcome: 'skipped', reason: 'Already notified about this subject.' };
  }

  private async outbound(
    em: EntityManager,
    channel: OutboundChannel,
    notification: CustomerNotification,
    profile: DeliveryProfile,
    now: Date,
  ): Promise<ChannelDecision> {
    const { preferences } = profile;
    const transport = channel === 'email' ? this.email : this.push;
    if (!transport.available) {
      return { channel, outcome: 'skipped', reason: 'This channel is not configured on this deployment.' };
    }
    const enabled = channel === 'email' ? preferences.emailEnabled : preferences.pushEnabled;
    if (!enabled) return { channel, outcome: 'skipped', reason: "Turned off in the customer's preferences." };
    if (channel === 'email' ? !preferences.email : profile.push.length === 0) {
      return {
        channel,
        outcome: 'skipped',
        reason: channel === 'email' ? 'No e-mail address on record.' : 'No browser subscribed to push.',
      };
    }
    const permission = await this.purposePermission(notification, channel, preferences.timeZone);
    if (permission.decision === 'refused') return { channel, outcome: 'refused', reason: permission.reason };
    const notBefore = latest(
      permission.notBefore,
      this.customerQuietUntil(notification, preferences, channel, now),
    );
    const id = randomUUID();
    const [titleEnc, bodyEnc] = notBefore
      ? await this.encryption.encryptForCustomer(notification.customerId, [
          { address: deliveryAddress(id, 'title_enc'), plaintext: notification.title },
          { address: deliveryAddress(id, 'body_enc'), plaintext: notification.body },
        ])
      : [null, null];
    // The row is the once-per-subject guard: a concurrent send of the same subject waits on the unique
    // index and then finds it; a failed attempt may be retried by a later send.
    const claimed = await em.execute<{ id: string }[]>(
      `insert into notification_delivery
         (id, tenant_id, customer_id, subject_ref, channel, kind, purpose, importance, status, not_before,
          title_enc, body_enc)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (tenant_id, customer_id, subject_ref, channel) do update
         set status = excluded.status, not_before = excluded.not_before, title_enc = excluded.title_enc,
             body_enc = excluded.body_enc, last_error = null
         where notification_delivery.status = 'failed'
       returning id`,
      [
        id,
        tenantId(),
        notification.customerId,
        notification.subjectRef,
        channel,
        notification.kind,
        notification.purpose,
        notification.importance,
        notBefore ? 'deferred' : 'sent',
        notBefore,
        titleEnc,
        bodyEnc,
      ],
    );
    if (claimed.length === 0)
      return { channel, outcome: 'skipped', reason: 'Already notified about this subject.' };
    if (notBefore) {
      if (claimed[0]!.id !== id) {
        // A retried failed row keeps its own id: re-encrypt under that row's address.
        await this.storeDeferredText(em, claimed[0]!.id, notification);
      }
      return { channel, outcome: 'deferred', reason: permission.reason ?? 'Quiet hours.', notBefore };
    }
    const error = await this.transmit(em, channel, notification, profile);
    await em.execute(
      `update notification_delivery set attempts = attempts + 1, status = ?, last_error = ?, sent_at = ?
       where id = ?`,
      [error ? 'failed' : 'sent', error, error ? null : now, claimed[0]!.id],
    );
    return error
      ? { channel, outcome: 'skipped', reason: `Delivery failed (${error}); a later notification may retry.` }
      : {
          channel,
          outcome: 'sent',
          reason: channel === 'email' ? 'Accepted by the e-mail server.' : 'Accepted by the push service.',
        };
  }

  /**
   * Sends on the channel now; null when delivered, else a short reason (never the text). Both carry the
   * customer app's page for the subject (`customerAppPath`): web push as `link`, a path the app's service
   * worker opens on its own origin; e-mail as an absolute URL on a line of its own under the body, on the
   * bank's customer-app origin (`customerAppUrl`; none when the bank has no customer-app origin).
   */
  private async transmit(
    em: EntityManager,
    channel: OutboundChannel,
    message: { customerId: string; kind: string; subjectRef: string; title: string; body: string },
    profile: DeliveryProfile,
  ): Promise<string | null> {
    const link = customerAppPath(message.subjectRef);
    if (channel === 'email') {
      const url = link ? customerAppUrl(await customerOrigins(em), link) : null;
      const attempt = await this.email.send({
        to: profile.preferences.email!,
        subject: message.title,
        text: url ? `${message.body}\n\n${url}` : message.body,
      });
      return attempt.error;
    }
    const payload = JSON.stringify({
      kind: message.kind,
      subjectRef: message.subjectRef,
      link,
      title: message.title,
      body: message.body,
    });
    let delivered = 0;
    const errors: string[] = [];
    for (const target of profile.push) {
      const attempt = await this.push.send(target, payload);
      if (attempt.delivered) delivered += 1;
      else errors.push(attempt.error ?? 'failed');
      if (attempt.gone) await this.preferences.forgetPushSubscription(target.id);
    }
    return delivered > 0 ? null : `no browser accepted it: ${errors.join('; ')}`;
  }

  private async deliverDeferred(
    em: EntityManager,
    deliveryId: string,
    now: Date,
  ): Promise<'sent' | 'deferred' | 'dropped'> {
    const row = await em.findOne(NotificationDelivery, { id: deliveryId, status: 'deferred' });
    if (!row || !row.titleEnc || !row.bodyEnc) return 'dropped';
    const [title, body] = await this.encryption.decryptMany([
      { stored: row.titleEnc, address: deliveryAddress(row.id, 'title_enc') },
      { stored: row.bodyEnc, address: deliveryAddress(row.id, 'body_enc') },
    ]);
    const notification: CustomerNotification = {
      customerId: row.customerId,
      kind: row.kind,
      subjectRef: row.subjectRef,
      title: title!,
      body: body!,
      importance: row.importance as CustomerNotification['importance'],
      purpose: row.purpose as CustomerNotification['purpose'],
    };
    const profile = await this.preferences.profile(row.customerId);
    const enabled =
      row.channel === 'email' ? profile.preferences.emailEnabled : profile.preferences.pushEnabled;
    const permission = await this.purposePermission(notification, row.channel, profile.preferences.timeZone);
    let outcome: 'sent' | 'deferred' | 'dropped';
    let reason: string;
    if (!enabled || permission.decision === 'refused') {
      outcome = 'dropped';
      reason = enabled ? permission.reason : "Turned off in the customer's preferences.";
      row.status = 'failed';
      row.lastError = 'dropped: no longer allowed';
    } else {
      const notBefore = latest(
        permission.notBefore,
        this.customerQuietUntil(notification, profile.preferences, row.channel, now),
      );
      if (notBefore) {
        outcome = 'deferred';
        reason = permission.reason ?? 'Quiet hours.';
        row.notBefore = notBefore;
      } else {
        const error = await this.transmit(em, row.channel, notification, profile);
        row.attempts += 1;
        outcome = error ? 'dropped' : 'sent';
        reason = error ? `Delivery failed (${error}).` : 'Delivered after quiet hours.';
        row.status = error ? 'failed' : 'sent';
        row.lastError = error;
        row.sentAt = error ? null : now;
      }
    }
    if (outcome !== 'deferred') {
      // The text is kept only while it waits.
      row.titleEnc = null;
      row.bodyEnc = null;
    }
    await em.flush();
    await this.audit.record({
      action: 'notification.deliver',
      resourceType: 'customer',
      resourceId: row.customerId,
      changes: { kind: row.kind, subjectRef: row.subjectRef, channel: row.channel, outcome, reason },
    });
    return outcome;
  }

  private async storeDeferredText(em: EntityManager, rowId: string, notification: CustomerNotification) {
    const [titleEnc, bodyEnc] = await this.encryption.encryptForCustomer(notification.customerId, [
      { address: deliveryAddress(rowId, 'title_enc'), plaintext: notification.title },
      { address: deliveryAddress(rowId, 'body_enc'), plaintext: notification.body },
    ]);
    await em.execute('update notification_delivery set title_enc = ?, body_enc = ? where id = ?', [
      titleEnc,
      bodyEnc,
      rowId,
    ]);
  }

  /**
   * What the purpose says for this channel now: `service` is always allowed; `personalisation` needs a
   * live personalisation consent and keeps the rule pack's quiet hours on interrupting channels;
   * `marketing` is `MarketingService`'s decision (model per channel, then quiet hours).
   */
  private async purposePermission(
    notification: CustomerNotification,
    channel: 'in-app' | OutboundChannel,
    timeZone?: string | null,
  ): Promise<{ decision: 'allowed' | 'refused' | 'deferred'; reason: string; notBefore?: Date }> {
    if (notification.purpose === 'service') return { decision: 'allowed', reason: 'Service message.' };
    let decision: MarketingDecision;
    if (notification.purpose === 'personalisation') {
      const live = await this.consents.customersWithLiveConsent('personalisation', [notification.customerId]);
      if (!live.has(notification.customerId)) {
        return { decision: 'refused', reason: 'The customer has no live personalisation consent.' };
      }
      if (channel === 'in-app') return { decision: 'allowed', reason: 'Personalisation consent is live.' };
      // The rule pack's quiet hours are written for marketing; personal insights keep them too.
      decision = await this.compliance.marketingPermission({
        consent: 'granted',
        channel,
        now: this.clock.now(),
        customerTimeZone: timeZone ?? null,
      });
    } else {
      decision = await this.marketing.permission(notification.customerId, channel, timeZone);
    }
    if (decision.decision === 'allowed') return { decision: 'allowed', reason: 'Allowed by the rule pack.' };
    const reason = decision.refusals.map((refusal) => refusal.reason).join(' ');
    return decision.decision === 'refused'
      ? { decision: 'refused', reason }
      : { decision: 'deferred', reason, notBefore: decision.notBefore };
  }

  /** The end of the customer's own quiet hours when `now` is inside them (not for high-importance service). */
  private customerQuietUntil(
    notification: CustomerNotification,
    preferences: NotificationPreferences,
    channel: OutboundChannel,
    now: Date,
  ): Date | null {
    if (!preferences.quietHours) return null;
    if (notification.purpose === 'service' && notification.importance === 'high') return null;
    const rule = { id: 'customer.quiet-hours', source: "The customer's notification preferences." };
    // The SDK's quiet-hours evaluator (time zones, windows across midnight), with the customer's window.
    const decision = marketingAllowed(
      {
        marketing: {
          model: { ...rule, model: 'opt-out' },
          channels: [],
          quietHours: [{ ...rule, ...preferences.quietHours, timeZone: 'customer', channels: [channel] }],
        },
      },
      {
        consent: 'granted',
        channel,
        now,
        timeZones: { bank: preferences.timeZone ?? 'UTC', customer: preferences.timeZone ?? 'UTC' },
      },
    );
    return decision.decision === 'deferred' ? decision.notBefore : null;
  }

  /** The caller's transaction (a request's), or a new one for background work. */
  private inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const current = this.em.getContext() as EntityManager;
    return current.isInTransaction() ? work(current) : this.em.transactional(work);
  }
}

function latest(...dates: (Date | null | undefined)[]): Date | null {
  const times = dates.filter((date): date is Date => date instanceof Date).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/** The current bank's customer-app origins (tenant `appOrigins.customer`), first the one links use. */
async function customerOrigins(em: EntityManager): Promise<string[]> {
  const [row] = await em.execute<{ customer: string[] | null }[]>(
    `select app_origins->'customer' as customer from tenant where id = ?`,
    [tenantId()],
  );
  return row?.customer ?? [];
}

function tenantId(): string {
  const tenant = requireContext().tenant;
  if (!tenant) throw new Error('Notifications are tenant-owned: use them in a request or runAsTenant()');
  return tenant.id;
}

function deliveryAddress(rowId: string, column: 'title_enc' | 'body_enc') {
  return { table: 'notification_delivery', column, rowId };
}

function validate(notification: CustomerNotification): void {
  const problems: { field: string; problem: string }[] = [];
  if (!uuid.test(notification.customerId))
    problems.push({ field: 'customerId', problem: 'must be a customer id' });
  if (typeof notification.kind !== 'string' || !/^[a-z][a-z0-9.-]{0,62}$/.test(notification.kind)) {
    problems.push({
      field: 'kind',
      problem: 'must be lower-case letters, digits, dots and dashes (at most 63)',
    });
  }
  for (const field of ['subjectRef', 'title'] as const) {
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
