import { EntityManager } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { createDecipheriv, createECDH, type ECDH, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { NotificationPreferencesService } from '../customer-notifier';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { customerPrincipal, seedConsent } from './consent-seed';
import { withRulePack } from './rule-packs';
import { demoBank, demoBankCustomers } from './seed';
import { rowsAsTenant } from './tenant-rows';

/** A browser's side of a web push subscription: its keys, and the private key to read what it receives. */
export interface PushSubscriptionKeys {
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
  authSecret: Buffer;
}

/** Fresh subscription keys as a browser makes them (P-256 key pair, 16-byte authentication secret). */
export function pushSubscriptionKeys(): PushSubscriptionKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    ecdh,
    authSecret,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
  };
}

/**
 * Decrypts a web push message body as the browser does (RFC 8291 with the `aes128gcm` content coding of
 * RFC 8188), written here from the RFCs rather than with the sender's library, so a test checks the
 * platform's encryption independently. One record (web push messages are at most 4 KiB).
 */
export function decryptWebPush(body: Buffer, subscription: PushSubscriptionKeys): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderPublicKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const receiverPublicKey = subscription.ecdh.getPublicKey();
  const sharedSecret = subscription.ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublicKey, senderPublicKey]);
  const inputKey = Buffer.from(hkdfSync('sha256', sharedSecret, subscription.authSecret, keyInfo, 32));
  const contentKey = Buffer.from(
    hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
  );
  const nonce = Buffer.from(hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('web push record is not the last record (delimiter 0x02 missing)');
  return padded.subarray(0, end).toString('utf8');
}

/**
 * Subscribes a browser of the customer with token subject `subject` through the real service (as the
 * customer app would); returns the subscription id.
 */
export async function seedPushSubscription(
  app: INestApplicationContext,
  tenant: TenantRef,
  subject: string,
  endpoint: string,
  keys: { p256dh: string; auth: string } = pushSubscriptionKeys().keys,
): Promise<string> {
  const preferences = app.get(NotificationPreferencesService);
  const em = app.get(EntityManager);
  const subscription = await runAsTenant(
    tenant,
    () => em.transactional(() => preferences.registerPushSubscription({ endpoint, ...keys })),
    { principal: customerPrincipal(tenant, subject) },
  );
  return subscription.id;
}

/**
 * The demo bank (with its region's rule pack) and its demo customers plus one more, Olga, who has no
 * consents; Ana (the demo customer) gets a personalisation consent. For the notification and insight suites.
 */
export async function personalisedDemoBank(api: {
  running: { app: INestApplicationContext };
  database: { ownerUrl: string };
}): Promise<{ bank: TenantRef; anaId: string; otherId: string }> {
  const { app } = api.running;
  const bank = tenantRef(await withRulePack(app, app.get(TenancyService).upsertTenant(demoBank)));
  const otherSubject = randomUUID();
  await app
    .get(CustomersService)
    .upsertDemoCustomers(demoBank.slug, [
      ...demoBankCustomers,
      { subject: otherSubject, displayName: 'Olga Other', email: 'olga@demo-bank.example' },
    ]);
  const rows = await rowsAsTenant<{ id: string; subject: string }>(
    api.database.ownerUrl,
    bank.id,
    'select id, subject from customer',
  );
  await seedConsent(app, api.database.ownerUrl, bank, DEMO_CUSTOMER_SUBJECT, { purpose: 'personalisation' });
  return {
    bank,
    anaId: rows.find((row) => row.subject === DEMO_CUSTOMER_SUBJECT)!.id,
    otherId: rows.find((row) => row.subject === otherSubject)!.id,
  };
}
