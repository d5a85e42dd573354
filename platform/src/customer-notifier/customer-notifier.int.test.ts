// CustomerNotifier against the real API app, PostgreSQL, Keycloak, a real SMTP server on loopback
// (smtp-server) and a loopback push service that decrypts what it receives with the browser's keys.
import { EntityManager } from '@mikro-orm/postgresql';
import { compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsentClock } from '../consents';
import { isAppError } from '../errors';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { customerPrincipal } from '../testing/consent-seed';
import {
  decryptWebPush,
  personalisedDemoBank,
  pushSubscriptionKeys,
  seedPushSubscription,
} from '../testing/notification-fixtures';
import { startPushEndpoint, startSmtpServer } from '../testing/notification-servers';
import { rowsAsTenant } from '../testing/tenant-rows';
import { CustomerNotifier } from './customer-notifier.service';
import type { CustomerNotification } from './customer-notifier.types';
import { NotificationPreferencesService } from './notification-preferences.service';

describe('CustomerNotifier: in-app, e-mail over SMTP and web push, within consent and quiet hours', () => {
  let api: ApiFixture;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let push: Awaited<ReturnType<typeof startPushEndpoint>>;
  let bank: TenantRef;
  let anaId: string;
  let otherId: string;
  const browser = pushSubscriptionKeys();
  const clock = { now: new Date('2026-06-01T10:00:00Z') };
  const service = <T>(type: abstract new (...args: never[]) => T): T => api.running.app.get(type);
  const asAna = <T>(work: () => Promise<T>) =>
    runAsTenant(bank, () => service(EntityManager).transactional(() => work()), {
      principal: customerPrincipal(bank, DEMO_CUSTOMER_SUBJECT),
    });
  const send = (notification: Partial<CustomerNotification> & { subjectRef: string }) =>
    runAsTenant(bank, () =>
      service(CustomerNotifier).send({
        customerId: anaId,
        kind: 'insight.idle-cash',
        title: 'Money resting in your current account',
        body: '€4,200 has sat in your current account for 3 months.',
        importance: 'normal',
        purpose: 'personalisation',
        ...notification,
      }),
    );
  /** The link of the customer's in-app notification about `subjectRef`, read through the API. */
  const inboxLinkOf = async (subjectRef: string) => {
    const { accessToken } = await tokensOf('customer');
    const listed = await api.graphql<{
      notifications: { edges: { node: { subjectRef: string | null; link: string | null } }[] };
    }>('{ notifications(first: 20) { edges { node { subjectRef link } } } }', { token: accessToken });
    expect(listed.body.errors).toBeUndefined();
    const found = listed.body.data!.notifications.edges.find((edge) => edge.node.subjectRef === subjectRef);
    expect(found, `no notification about ${subjectRef} in the inbox`).toBeDefined();
    return found!.node.link;
  };
  const outcomes = (result: { channels: readonly { channel: string; outcome: string }[] }) =>
    Object.fromEntries(result.channels.map((decision) => [decision.channel, decision.outcome]));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    push = await startPushEndpoint();
    api = await startApiFixture({
      overrides: {
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMTP_FROM: 'Demo Bank <noreply@demo-bank.example>',
        SMTP_REQUIRE_TLS: 'false',
        WEB_PUSH_ALLOW_LOOPBACK: 'true',
      },
    });
    service(ConsentClock).use(() => clock.now);
    ({ bank, anaId, otherId } = await personalisedDemoBank(api));
    await seedPushSubscription(
      api.running.app,
      bank,
      DEMO_CUSTOMER_SUBJECT,
      `${push.url}/push/ana`,
      browser.keys,
    );
    await asAna(() =>
      service(NotificationPreferencesService).updateOwn({
        email: 'ana.novak@mail.example',
        emailEnabled: true,
        pushEnabled: true,
        timeZone: 'Europe/Prague',
      }),
    );
  });

  afterAll(async () => {
    await api?.close();
    await smtp?.close();
    await push?.close();
  });

  it('delivers on every channel the customer chose: the inbox, a real SMTP server and an encrypted web push', async () => {
    const result = await send({ subjectRef: 'insight:first' });
    expect(outcomes(result)).toEqual({ 'in-app': 'sent', email: 'sent', push: 'sent' });

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({
      from: 'noreply@demo-bank.example',
      to: ['ana.novak@mail.example'],
      subject: 'Money resting in your current account',
      // The insight's page in the customer app, on the bank's first customer-app origin (appOrigins).
      text: '€4,200 has sat in your current account for 3 months.\n\nhttp://localhost:5174/dashboard/for-you/insights/first',
    });

    expect(push.received).toHaveLength(1);
    const [delivered] = push.received;
    expect(delivered!.path).toBe('/push/ana');
    expect(delivered!.headers['content-encoding']).toBe('aes128gcm');
    expect(JSON.parse(decryptWebPush(delivered!.body, browser))).toEqual({
      kind: 'insight.idle-cash',
      subjectRef: 'insight:first',
      link: '/dashboard/for-you/insights/first',
      title: 'Money resting in your current account',
      body: '€4,200 has sat in your current account for 3 months.',
    });
    // VAPID (RFC 8292): a JWT for the push service's origin, signed with the deployment's key.
    const authorization = String(delivered!.headers.authorization);
    const [, jwt, publicKey] = /^vapid t=([^,]+), k=(.+)$/.exec(authorization) ?? [];
    const point = Buffer.from(publicKey!, 'base64url');
    const key = await importJWK(
      {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33, 65).toString('base64url'),
      },
      'ES256',
    );
    const claims = JSON.parse(Buffer.from((await compactVerify(jwt!, key)).payload).toString('utf8'));
    expect(claims).toMatchObject({ aud: push.url, sub: 'mailto:push@finpersona.test' });

    const [inbox] = await rowsAsTenant<{ kind: string; title_enc: string; body_enc: string }>(
      api.database.ownerUrl,
      bank.id,
      `select kind, title_enc, body_enc from notification where subject_ref = 'insight:first'`,
    );
    expect(inbox).toMatchObject({ kind: 'insight.idle-cash' });
    // Stored encrypted, like every personal field.
    expect(inbox!.title_enc).not.toContain('Money');
    // The customer's inbox links the insight's page in the app.
    expect(await inboxLinkOf('insight:first')).toBe('/dashboard/for-you/insights/first');
  });

  it('notifies once per subject per channel, and audits each decision without the text', async () => {
    const again = await send({ subjectRef: 'insight:first' });
    expect(outcomes(again)).toEqual({ 'in-app': 'skipped', email: 'skipped', push: 'skipped' });
    expect(
      again.channels.every((decision) => decision.reason === 'Already notified about this subject.'),
    ).toBe(true);
    expect(smtp.received).toHaveLength(1);
    expect(push.received).toHaveLength(1);

    const entries = (await auditRows(api.database.ownerUrl, bank.id)).filter(
      (row) => row.action === 'notification.send',
    );
    expect(
      entries.map((row) => (row.changes.channels as { outcome: string }[]).map((c) => c.outcome)),
    ).toEqual([
      ['sent', 'sent', 'sent'],
      ['skipped', 'skipped', 'skipped'],
    ]);
    expect(entries[0]).toMatchObject({
      resource_id: anaId,
      changes: { subjectRef: 'insight:first', purpose: 'personalisation' },
    });
    const trail = JSON.stringify(entries);
    expect(trail).not.toContain('Money resting');
    expect(trail).not.toContain('4,200');
    expect(trail).not.toContain('ana.novak@mail.example');
  });

  it('refuses personalisation without a live personalisation consent, and marketing without a marketing consent (EU opt-in)', async () => {
    const withoutConsent = await runAsTenant(bank, () =>
      service(CustomerNotifier).send({
        customerId: otherId,
        kind: 'insight.idle-cash',
        subjectRef: 'insight:olga',
        title: 'Idle cash',
        body: 'Text',
        importance: 'normal',
        purpose: 'personalisation',
      }),
    );
    expect(outcomes(withoutConsent)).toEqual({ 'in-app': 'refused', email: 'skipped', push: 'skipped' });
    expect(withoutConsent.channels[0]!.reason).toBe('The customer has no live personalisation consent.');
    const marketing = await send({
      subjectRef: 'offer:savings',
      kind: 'offer.savings',
      purpose: 'marketing',
    });
    expect(outcomes(marketing)).toEqual({ 'in-app': 'refused', email: 'refused', push: 'refused' });
    // A service message needs no consent beyond the contract.
    const service_ = await runAsTenant(bank, () =>
      service(CustomerNotifier).send({
        customerId: otherId,
        kind: 'alert.balance-below',
        subjectRef: 'alert:olga:1',
        title: 'Balance low',
        body: 'Your balance fell below €100.',
        importance: 'normal',
        purpose: 'service',
      }),
    );
    expect(outcomes(service_)).toEqual({ 'in-app': 'sent', email: 'skipped', push: 'skipped' });
    expect(
      await rowsAsTenant(
        api.database.ownerUrl,
        bank.id,
        `select 1 from notification where subject_ref = 'insight:olga'`,
      ),
    ).toEqual([]);
  });

  it("holds e-mail and push back in the customer's quiet hours and sends them when they end; urgent service messages go at once", async () => {
    // 10:00 UTC is 12:00 in Prague (summer time): quiet 11:30-13:00 there.
    await asAna(() =>
      service(NotificationPreferencesService).updateOwn({ quietHours: { start: '11:30', end: '13:00' } }),
    );
    const quiet = await send({ subjectRef: 'insight:quiet' });
    expect(outcomes(quiet)).toEqual({ 'in-app': 'sent', email: 'deferred', push: 'deferred' });
    expect(quiet.channels[1]!.notBefore).toEqual(new Date('2026-06-01T11:00:00Z'));
    const urgentRef = 'alert:6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f:tx:7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
    const urgent = await send({
      subjectRef: urgentRef,
      kind: 'alert.transaction-above',
      purpose: 'service',
      importance: 'high',
      title: 'Large payment',
      body: 'A payment of €2,000 left your account.',
    });
    expect(outcomes(urgent)).toEqual({ 'in-app': 'sent', email: 'sent', push: 'sent' });
    expect(smtp.received.map((mail) => mail.subject)).toEqual([
      'Money resting in your current account',
      'Large payment',
    ]);
    // An alert leads to the alerts panel of Budgets & goals, on every channel.
    expect(smtp.received[1]!.text).toBe(
      'A payment of €2,000 left your account.\n\nhttp://localhost:5174/dashboard/money-tools/alerts',
    );
    expect(JSON.parse(decryptWebPush(push.received[1]!.body, browser))).toMatchObject({
      kind: 'alert.transaction-above',
      subjectRef: urgentRef,
      link: '/dashboard/money-tools/alerts',
    });
    expect(await inboxLinkOf(urgentRef)).toBe('/dashboard/money-tools/alerts');

    // Still quiet: nothing is due.
    expect(await runAsTenant(bank, () => service(CustomerNotifier).sendDue())).toEqual({
      sent: 0,
      stillDeferred: 0,
      dropped: 0,
    });
    clock.now = new Date('2026-06-01T11:00:00Z');
    expect(await runAsTenant(bank, () => service(CustomerNotifier).sendDue())).toEqual({
      sent: 2,
      stillDeferred: 0,
      dropped: 0,
    });
    expect(smtp.received).toHaveLength(3);
    expect(push.received).toHaveLength(3);
    expect(JSON.parse(decryptWebPush(push.received[2]!.body, browser))).toMatchObject({
      subjectRef: 'insight:quiet',
      link: '/dashboard/for-you/insights/quiet',
    });
    // Sent after the quiet hours, the e-mail links the insight too.
    expect(smtp.received[2]!.text).toMatch(
      /\n\nhttp:\/\/localhost:5174\/dashboard\/for-you\/insights\/quiet$/,
    );
    // Once sent, the text kept for the wait is gone.
    expect(
      await rowsAsTenant(
        api.database.ownerUrl,
        bank.id,
        `select status, title_enc, body_enc from notification_delivery where subject_ref = 'insight:quiet'`,
      ),
    ).toEqual([
      { status: 'sent', title_enc: null, body_enc: null },
      { status: 'sent', title_enc: null, body_enc: null },
    ]);
    await asAna(() => service(NotificationPreferencesService).updateOwn({ quietHours: null }));
  });

  it('forgets a browser the push service says is gone (410)', async () => {
    push.status = 410;
    try {
      const result = await send({ subjectRef: 'insight:gone' });
      expect(outcomes(result)).toMatchObject({ push: 'skipped' });
      expect(
        await rowsAsTenant(
          api.database.ownerUrl,
          bank.id,
          'select id from push_subscription where customer_id = $1',
          [anaId],
        ),
      ).toEqual([]);
    } finally {
      push.status = 201;
    }
  });

  it('bad input is refused and writes nothing', async () => {
    const before = await rowsAsTenant<{ count: string }>(
      api.database.ownerUrl,
      bank.id,
      'select count(*) from notification',
    );
    const refused = await send({ subjectRef: '', kind: 'Not A Kind', importance: 'urgent' as never }).catch(
      (error) => error,
    );
    expect(isAppError(refused) && refused.code).toBe('INVALID');
    expect(await rowsAsTenant(api.database.ownerUrl, bank.id, 'select count(*) from notification')).toEqual(
      before,
    );
  });

  it("keeps the rule pack's quiet hours for personal insights (bank setting), deferring to their end (last: the setting stays)", async () => {
    const asBank = <T>(work: () => Promise<T>) =>
      runAsTenant(bank, () => service(EntityManager).transactional(() => work()));
    await asBank(() =>
      service(PluginsService).configure('compliance-eu', {
        quietHoursStart: '11:00',
        quietHoursEnd: '14:00',
      }),
    );
    const result = await send({ subjectRef: 'insight:bank-quiet' });
    // Ana's browser was dropped by the push service above.
    expect(outcomes(result)).toEqual({ 'in-app': 'sent', email: 'deferred', push: 'skipped' });
    // 14:00 in Prague.
    expect(result.channels[1]!.notBefore).toEqual(new Date('2026-06-01T12:00:00Z'));
  });

  describe('GraphQL: the customer sets their preferences', () => {
    it('reads and changes the preferences; a bad address or zone changes nothing; staff are refused', async () => {
      const { accessToken } = await tokensOf('customer');
      const read = `{ notificationPreferences { inAppEnabled emailEnabled pushEnabled email quietHours { start end } timeZone emailOffered pushOffered pushPublicKey pushSubscriptions { id } } }`;
      const before = await api.graphql<{ notificationPreferences: Record<string, unknown> }>(read, {
        token: accessToken,
      });
      expect(before.body.errors).toBeUndefined();
      expect(before.body.data!.notificationPreferences).toMatchObject({
        emailEnabled: true,
        email: 'ana.novak@mail.example',
        emailOffered: true,
        pushOffered: true,
        timeZone: 'Europe/Prague',
      });
      expect(typeof before.body.data!.notificationPreferences.pushPublicKey).toBe('string');

      const update = `mutation($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { email quietHours { start end } timeZone } }`;
      const bad = await api.graphql(update, {
        token: accessToken,
        variables: { input: { email: 'not-an-address', timeZone: 'Mars/Olympus' } },
      });
      expect(bad.body.errors?.[0]?.extensions.code).toBe('INVALID');
      const unchanged = await api.graphql<{ notificationPreferences: Record<string, unknown> }>(read, {
        token: accessToken,
      });
      expect(unchanged.body.data!.notificationPreferences).toEqual(before.body.data!.notificationPreferences);

      const good = await api.graphql<{ updateNotificationPreferences: unknown }>(update, {
        token: accessToken,
        variables: { input: { quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Europe/Lisbon' } },
      });
      expect(good.body.data?.updateNotificationPreferences).toEqual({
        email: 'ana.novak@mail.example',
        quietHours: { start: '22:00', end: '07:00' },
        timeZone: 'Europe/Lisbon',
      });
      const audited = (await auditRows(api.database.ownerUrl, bank.id)).filter(
        (row) => row.action === 'notification-preference.update',
      );
      expect(audited.at(-1)!.changes).toEqual({ fields: ['quietHours', 'timeZone'] });

      const { accessToken: admin } = await tokensOf('bankAdmin');
      const staff = await api.graphql(read, { token: admin });
      expect(staff.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it('registers a browser (only a public https endpoint unless loopback is allowed) and removes it', async () => {
      const { accessToken } = await tokensOf('customer');
      const register = `mutation($input: PushSubscriptionInput!) { registerPushSubscription(input: $input) { id } }`;
      const keys = pushSubscriptionKeys().keys;
      const internal = await api.graphql(register, {
        token: accessToken,
        variables: { input: { endpoint: 'https://10.0.0.7/push', ...keys } },
      });
      expect(internal.body.errors?.[0]?.extensions.code).toBe('INVALID');
      const added = await api.graphql<{ registerPushSubscription: { id: string } }>(register, {
        token: accessToken,
        variables: { input: { endpoint: 'https://push.example.org/sub/123', ...keys } },
      });
      const id = added.body.data!.registerPushSubscription.id;
      const remove = `mutation($id: ID!) { removePushSubscription(id: $id) }`;
      expect((await api.graphql(remove, { token: accessToken, variables: { id } })).body.data).toEqual({
        removePushSubscription: true,
      });
      const again = await api.graphql(remove, { token: accessToken, variables: { id } });
      expect(again.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    });
  });
});
