import type { Consent } from './consent.entity';

/**
 * Whether a consent allows processing at `now`: granted, not past its expiry, and not past the date the
 * region's renewal rule needed the customer by. The one definition every check uses (sync before each
 * call to a source, personalisation, marketing); the lifecycle workflow turns a consent that stopped
 * being live into `expired`, but checks never wait for it.
 */
export function isConsentLive(
  consent: Pick<Consent, 'status' | 'expiresAt' | 'renewalDueAt'>,
  now: Date,
): boolean {
  if (consent.status !== 'granted') return false;
  if (consent.expiresAt && consent.expiresAt.getTime() <= now.getTime()) return false;
  if (consent.renewalDueAt && consent.renewalDueAt.getTime() <= now.getTime()) return false;
  return true;
}
