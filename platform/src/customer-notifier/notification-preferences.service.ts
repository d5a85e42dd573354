import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { authorize } from '../access';
import { AuditService } from '../audit';
import { FieldEncryptionService } from '../crypto';
import { callerCustomerId } from '../customers';
import { type FieldProblem, Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import { EmailChannel } from './email-channel';
import { NotificationPreference, PushSubscription } from './notification-preference.entities';
import { PushChannel, type WebPushTarget } from './push-channel';

/** A customer's preferences as they read them (and as the notifier applies them). */
export interface NotificationPreferences {
  inAppEnabled: boolean;
  emailEnabled: boolean;
  pushEnabled: boolean;
  email: string | null;
  quietHours: { start: string; end: string } | null;
  timeZone: string | null;
}

export interface PushSubscriptionSummary {
  id: string;
  createdAt: Date;
  lastSentAt: Date | null;
}

/** A change to the preferences: fields left undefined stay as they are; `null` clears e-mail or quiet hours. */
export interface NotificationPreferencesChange {
  inAppEnabled?: boolean | null;
  emailEnabled?: boolean | null;
  pushEnabled?: boolean | null;
  email?: string | null;
  quietHours?: { start: string; end: string } | null;
  timeZone?: string | null;
}

/** What the notifier needs about one customer: preferences and decrypted push targets. */
export interface DeliveryProfile {
  preferences: NotificationPreferences;
  push: (WebPushTarget & { id: string })[];
}

export const defaultNotificationPreferences: NotificationPreferences = {
  inAppEnabled: true,
  emailEnabled: false,
  pushEnabled: false,
  email: null,
  quietHours: null,
  timeZone: null,
};

const localTime = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const emailShape = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const maxPushSubscriptions = 10;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Customers' notification preferences: channels on/off, the e-mail address to use, quiet hours in their
 * time zone, and the browsers subscribed to web push. The signed-in customer reads and changes their own
 * (audited, never with the address itself); the notifier reads any customer's of the current bank.
 */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
    private readonly email: EmailChannel,
    private readonly push: PushChannel,
  ) {}

  /** Which channels this deployment offers, and the VAPID key browsers subscribe with. */
  channelsOffered(): { email: boolean; push: boolean; pushPublicKey: string | null } {
    return { email: this.email.available, push: this.push.available, pushPublicKey: this.push.publicKey };
  }

  /** The signed-in customer's preferences and push subscriptions. */
  async own(): Promise<{
    preferences: NotificationPreferences;
    pushSubscriptions: PushSubscriptionSummary[];
  }> {
    authorize('read', 'NotificationPreference', 'read your notification preferences');
    const customerId = await callerCustomerId(this.em.getContext() as EntityManager);
    const profile = await this.profile(customerId);
    const subscriptions = await this.em.find(
      PushSubscription,
      { tenantId: tenantId(), customerId },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    return {
      preferences: profile.preferences,
      pushSubscriptions: subscriptions.map(({ id, createdAt, lastSentAt }) => ({
        id,
        createdAt,
        lastSentAt,
      })),
    };
  }

  /**
   * Changes the signed-in customer's preferences. INVALID (nothing changed) for a malformed address, time
   * or zone, quiet hours with one end only, or e-mail/push switched on when this deployment does not offer
   * it or the customer has no address/subscription for it. Audited with the names of the changed fields.
   */
  async updateOwn(change: NotificationPreferencesChange): Promise<NotificationPreferences> {
    authorize('update', 'NotificationPreference', 'change your notification preferences');
    const em = this.em.getContext() as EntityManager;
    const customerId = await callerCustomerId(em);
    const current = await this.profile(customerId);
    const next: NotificationPreferences = { ...current.preferences };
    const problems: FieldProblem[] = [];
    for (const field of ['inAppEnabled', 'emailEnabled', 'pushEnabled'] as const) {
      const value = change[field];
      if (value !== undefined && value !== null) next[field] = value;
    }
    if (change.email !== undefined) {
      const email = change.email?.trim() ?? null;
      if (email !== null && (email.length > 254 || !emailShape.test(email))) {
        problems.push({ field: 'email', problem: 'must be an e-mail address (name@domain.example)' });
      }
      next.email = email || null;
    }
    if (change.quietHours !== undefined) {
      const hours = change.quietHours;
      if (hours && (!localTime.test(hours.start) || !localTime.test(hours.end))) {
        problems.push({ field: 'quietHours', problem: 'start and end must be HH:MM (24-hour clock)' });
      } else if (hours && hours.start === hours.end) {
        problems.push({ field: 'quietHours', problem: 'start and end must differ' });
      }
      next.quietHours = hours ? { start: hours.start, end: hours.end } : null;
    }
    if (change.timeZone !== undefined) {
      if (change.timeZone !== null && !isTimeZone(change.timeZone)) {
        problems.push({ field: 'timeZone', problem: 'must be an IANA time zone, e.g. Europe/Prague' });
      }
      next.timeZone = change.timeZone;
    }
    if (next.emailEnabled && !this.email.available) {
      problems.push({ field: 'emailEnabled', problem: 'e-mail is not offered by this bank yet' });
    } else if (next.emailEnabled && !next.email) {
      problems.push({ field: 'emailEnabled', problem: 'needs an e-mail address; give one in `email`' });
    }
    // Only when switching push on: browsers come and go (a push service may drop one) without this failing.
    if (change.pushEnabled && !this.push.available) {
      problems.push({ field: 'pushEnabled', problem: 'web push is not offered by this bank yet' });
    } else if (change.pushEnabled && current.push.length === 0) {
      problems.push({
        field: 'pushEnabled',
        problem: 'needs a browser subscribed first (registerPushSubscription)',
      });
    }
    if (problems.length > 0) throw Invalid.fields(problems);

    const row =
      (await em.findOne(NotificationPreference, { tenantId: tenantId(), customerId })) ??
      em.create(NotificationPreference, { tenantId: tenantId(), customerId });
    row.inAppEnabled = next.inAppEnabled;
    row.emailEnabled = next.emailEnabled;
    row.pushEnabled = next.pushEnabled;
    if (change.email !== undefined) {
      row.emailEnc = next.email
        ? (
            await this.encryption.encryptForCustomer(customerId, [
              { address: emailAddress(row.id), plaintext: next.email },
            ])
          )[0]!
        : null;
    }
    row.quietHoursStart = next.quietHours?.start ?? null;
    row.quietHoursEnd = next.quietHours?.end ?? null;
    row.timeZone = next.timeZone;
    row.updatedAt = new Date();
    await em.flush();
    await this.audit.record({
      action: 'notification-preference.update',
      resourceType: 'customer',
      resourceId: customerId,
      changes: {
        fields: Object.keys(change).filter((key) => change[key as keyof typeof change] !== undefined),
      },
    });
    return next;
  }

  /**
   * Subscribes one of the signed-in customer's browsers to web push (the same endpoint again replaces its
   * keys). INVALID for an endpoint that is not a public https URL (see `PushChannel`), malformed keys,
   * more than ten browsers, or a deployment without push. Audited (never the endpoint).
   */
  async registerPushSubscription(input: {
    endpoint: string;
    p256dh: string;
    auth: string;
  }): Promise<PushSubscriptionSummary> {
    authorize('update', 'NotificationPreference', 'subscribe a browser to notifications');
    const em = this.em.getContext() as EntityManager;
    const customerId = await callerCustomerId(em);
    const problems: FieldProblem[] = [];
    if (!this.push.available)
      problems.push({ field: 'endpoint', problem: 'web push is not offered by this bank yet' });
    else problems.push(...this.push.endpointProblems(input.endpoint));
    if (!isBase64Url(input.p256dh, 65)) {
      problems.push({
        field: 'p256dh',
        problem: 'must be the base64url P-256 public key of the subscription (65 bytes)',
      });
    }
    if (!isBase64Url(input.auth, 16)) {
      problems.push({
        field: 'auth',
        problem: 'must be the base64url authentication secret of the subscription (16 bytes)',
      });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    const [fingerprint] = await this.encryption.fingerprintsForCustomer(customerId, 'push_subscription', [
      input.endpoint,
    ]);
    const existing = await em.findOne(PushSubscription, {
      tenantId: tenantId(),
      customerId,
      endpointFingerprint: fingerprint!,
    });
    if (!existing) {
      const count = await em.count(PushSubscription, { tenantId: tenantId(), customerId });
      if (count >= maxPushSubscriptions) {
        throw Invalid.fields([
          { field: 'endpoint', problem: `at most ${maxPushSubscriptions} browsers; remove one first` },
        ]);
      }
    }
    const row =
      existing ??
      em.create(PushSubscription, {
        id: randomUUID(),
        tenantId: tenantId(),
        customerId,
        endpointEnc: '',
        keysEnc: '',
        endpointFingerprint: fingerprint!,
      });
    const [endpointEnc, keysEnc] = await this.encryption.encryptForCustomer(customerId, [
      { address: pushAddress(row.id, 'endpoint_enc'), plaintext: input.endpoint },
      {
        address: pushAddress(row.id, 'keys_enc'),
        plaintext: JSON.stringify({ p256dh: input.p256dh, auth: input.auth }),
      },
    ]);
    row.endpointEnc = endpointEnc!;
    row.keysEnc = keysEnc!;
    await em.flush();
    await this.audit.record({
      action: 'push-subscription.register',
      resourceType: 'push_subscription',
      resourceId: row.id,
      changes: { replaced: existing !== null },
    });
    return { id: row.id, createdAt: row.createdAt, lastSentAt: row.lastSentAt };
  }

  /** Removes one of the signed-in customer's push subscriptions; NOT_FOUND for any other id. Audited. */
  async removePushSubscription(id: string): Promise<boolean> {
    authorize('update', 'NotificationPreference', 'remove a browser from notifications');
    const em = this.em.getContext() as EntityManager;
    const customerId = await callerCustomerId(em);
    const row = uuid.test(id)
      ? await em.findOne(PushSubscription, { tenantId: tenantId(), customerId, id })
      : null;
    if (!row) throw new NotFound('No push subscription with this id is yours; check the id.');
    await em.removeAndFlush(row);
    await this.audit.record({
      action: 'push-subscription.remove',
      resourceType: 'push_subscription',
      resourceId: id,
    });
    return true;
  }

  /** Preferences and push targets of any customer of the current bank (system work: the notifier). */
  async profile(customerId: string): Promise<DeliveryProfile> {
    const em = this.em.getContext() as EntityManager;
    const row = await em.findOne(NotificationPreference, { tenantId: tenantId(), customerId });
    const subscriptions = await em.find(
      PushSubscription,
      { tenantId: tenantId(), customerId },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const stored = [
      ...(row?.emailEnc ? [{ stored: row.emailEnc, address: emailAddress(row.id) }] : []),
      ...subscriptions.flatMap((subscription) => [
        { stored: subscription.endpointEnc, address: pushAddress(subscription.id, 'endpoint_enc') },
        { stored: subscription.keysEnc, address: pushAddress(subscription.id, 'keys_enc') },
      ]),
    ];
    const plain = stored.length > 0 ? await this.encryption.decryptMany(stored) : [];
    const email = row?.emailEnc ? plain.shift()! : null;
    const push = subscriptions.map((subscription, index) => ({
      id: subscription.id,
      endpoint: plain[index * 2]!,
      keys: JSON.parse(plain[index * 2 + 1]!) as WebPushTarget['keys'],
    }));
    const preferences: NotificationPreferences = row
      ? {
          inAppEnabled: row.inAppEnabled,
          emailEnabled: row.emailEnabled,
          pushEnabled: row.pushEnabled,
          email,
          quietHours:
            row.quietHoursStart && row.quietHoursEnd
              ? { start: row.quietHoursStart, end: row.quietHoursEnd }
              : null,
          timeZone: row.timeZone,
        }
      : { ...defaultNotificationPreferences };
    return { preferences, push };
  }

  /** Drops a subscription the push service says is gone (system work). */
  async forgetPushSubscription(id: string): Promise<void> {
    await (this.em.getContext() as EntityManager).nativeDelete(PushSubscription, {
      tenantId: tenantId(),
      id,
    });
  }
}

function tenantId(): string {
  const tenant = requireContext().tenant;
  if (!tenant)
    throw new Error('Notification preferences are tenant-owned: use them in a request or runAsTenant()');
  return tenant.id;
}

function emailAddress(rowId: string) {
  return { table: 'notification_preference', column: 'email_enc', rowId };
}

function pushAddress(rowId: string, column: 'endpoint_enc' | 'keys_enc') {
  return { table: 'push_subscription', column, rowId };
}

function isBase64Url(value: string, bytes: number): boolean {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64url').length === bytes;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return value.length <= 64;
  } catch {
    return false;
  }
}
