import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type ConsentLocale,
  ConsentsService,
  type ConsentPurpose,
  currentConsentText,
  deadlineOf,
} from '../consents';
import { runAsTenant, type Principal, type TenantRef } from '../request-context';
import { rowsAsTenant } from './tenant-rows';

/** A customer principal as identity would build it from a token of the customer app (for seeding). */
export function customerPrincipal(tenant: TenantRef, subject: string, secondFactor = false): Principal {
  return {
    kind: 'bank',
    subject,
    realm: tenant.realm,
    username: undefined,
    displayName: undefined,
    roles: ['customer'],
    client: 'finpersona-customer',
    authentication: {
      acr: secondFactor ? 'mfa' : 'password',
      amr: secondFactor ? ['pwd', 'otp'] : ['pwd'],
      secondFactor,
      tokenId: randomUUID(),
      authenticatedAt: new Date(),
    },
  };
}

/**
 * Gives a consent as the customer with token subject `subject` would, through the real service (so the
 * app's lifecycle engine starts its workflow), and optionally writes its reminder as the lifecycle would.
 * Returns the consent id and, with `reminder`, the notification's id.
 */
export async function seedConsent(
  app: INestApplicationContext,
  ownerUrl: string,
  tenant: TenantRef,
  subject: string,
  options: { purpose?: ConsentPurpose; reminder?: boolean; locale?: ConsentLocale } = {},
): Promise<{ consentId: string; notificationId: string | undefined }> {
  const consents = app.get(ConsentsService);
  const purpose = options.purpose ?? 'aggregation';
  const locale = options.locale ?? 'en';
  const consent = await runAsTenant(
    tenant,
    () =>
      consents.grant({
        purpose,
        textVersion: currentConsentText(purpose, locale).version,
        locale,
        channel: 'customer-app',
      }),
    { principal: customerPrincipal(tenant, subject) },
  );
  if (!options.reminder) return { consentId: consent.id, notificationId: undefined };
  const deadline = deadlineOf(consent);
  if (!deadline) throw new Error(`A ${purpose} consent has no deadline to remind of`);
  await runAsTenant(tenant, () => consents.remind(consent.id, deadline.at.toISOString()));
  const [row] = await rowsAsTenant<{ id: string }>(
    ownerUrl,
    tenant.id,
    'select id from notification where subject_ref = $1',
    [`consent:${consent.id}:${deadline.at.toISOString()}`],
  );
  return { consentId: consent.id, notificationId: row!.id };
}
