// How the portal names who did something (a `…By` field, an audit entry's actor): the rules StaffName renders.
import type { StaffMemberNode } from '../data/index.ts';

/** The subject the platform records for its own work (scheduled jobs, automatic decisions). */
export const systemSubject = 'system';
/** The subject of an audit entry for a caller without a valid token (a refused attempt). */
export const anonymousSubject = 'anonymous';
/** The Keycloak realm of platform operators: an actor from it acts on the bank, it is none of its staff. */
export const platformRealm = 'platform';

/** What to show for a subject: the text, and the full subject as a tooltip where the text hides it. */
export interface ShownStaffName {
  text: string;
  tooltip: string | null;
  /** Whether the staff directory is asked about the subject (not for the platform or its operators). */
  known: 'platform' | 'anonymous' | 'operator' | 'staff' | 'unknown';
}

/** Whether a subject (of `realm`, when known) is a bank's staff member the directory may name. */
export function isStaffLookup(subject: string, realm?: string | null): boolean {
  return subject !== systemSubject && subject !== anonymousSubject && realm !== platformRealm;
}

/**
 * An opaque subject as its start and end ("1d6a2c7e…1a02": subjects issued together can share their start, so
 * the end tells them apart); short subjects as they are. The tooltip keeps it whole.
 */
export function shortSubject(subject: string): string {
  return subject.length > 14 ? `${subject.slice(0, 8)}…${subject.slice(-4)}` : subject;
}

/**
 * `system` → "the platform"; `anonymous` → "an anonymous caller"; a platform-realm actor → "a platform operator"; a known staff member → their
 * display name (username as fallback); anyone else (unknown, not loaded yet, the lookup failed) → the
 * shortened subject.
 */
export function staffNameOf(
  subject: string,
  realm: string | null | undefined,
  member: StaffMemberNode | null | undefined,
): ShownStaffName {
  if (subject === systemSubject) return { text: 'the platform', tooltip: null, known: 'platform' };
  if (subject === anonymousSubject) return { text: 'an anonymous caller', tooltip: null, known: 'anonymous' };
  if (realm === platformRealm) return { text: 'a platform operator', tooltip: subject, known: 'operator' };
  const name = member?.displayName?.trim() || member?.username?.trim();
  if (name) return { text: name, tooltip: subject, known: 'staff' };
  return { text: shortSubject(subject), tooltip: subject, known: 'unknown' };
}
