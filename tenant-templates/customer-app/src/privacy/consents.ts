// What the "Privacy & consents" page shows and lets the customer do, as plain data (tested without a browser).
import type { Consent, ConsentPurpose, ConsentStatus, ConsentText } from '../api/client.ts';

export const purposeLabels: Record<ConsentPurpose, string> = {
  AGGREGATION: 'Connected accounts',
  PERSONALISATION: 'Personal insights',
  MARKETING: 'Offers',
  ANALYTICS: 'Product improvement',
};

export function statusLabel(consent: Pick<Consent, 'status' | 'live'>): string {
  const labels: Record<ConsentStatus, string> = { GRANTED: 'Active', REVOKED: 'Revoked', EXPIRED: 'Expired' };
  // Granted but past its deadline: the lifecycle marks it expired shortly; processing has already stopped.
  return consent.status === 'GRANTED' && !consent.live ? 'Ended' : labels[consent.status];
}

/** A date as the customer reads it: day, month and year in UTC (deadlines are UTC instants). */
export function formatDay(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

export interface ConsentRow {
  id: string;
  purpose: string;
  status: string;
  textVersion: string;
  granted: string;
  /** The next date that matters: renewal due, expiry, or when it ended. */
  until: string;
  canRevoke: boolean;
  canRenew: boolean;
  renewalNote: string | null;
}

export function consentRows(consents: readonly Consent[]): ConsentRow[] {
  return consents.map((consent) => {
    const ended = consent.revokedAt ?? consent.expiredAt;
    return {
      id: consent.id,
      purpose: purposeLabels[consent.purpose],
      status: statusLabel(consent),
      textVersion: consent.textVersion,
      granted: formatDay(consent.grantedAt),
      until: ended
        ? `ended ${formatDay(ended)}`
        : consent.renewalDueAt
          ? `renew by ${formatDay(consent.renewalDueAt)}`
          : consent.expiresAt
            ? `until ${formatDay(consent.expiresAt)}`
            : 'until you revoke it',
      canRevoke: consent.status === 'GRANTED',
      canRenew: consent.live && consent.renewal !== null,
      renewalNote:
        consent.renewal === 'STRONG_AUTHENTICATION'
          ? 'Renewing asks for your one-time code.'
          : consent.renewal === 'RECONFIRMATION'
            ? 'Renewing confirms you still agree.'
            : null,
    };
  });
}

/**
 * Purposes a grant button is offered for: every purpose without a live consent, and aggregation always
 * (each connected bank has its own consent).
 */
export function grantableTexts(texts: readonly ConsentText[], consents: readonly Consent[]): ConsentText[] {
  return texts.filter(
    (text) =>
      text.purpose === 'AGGREGATION' ||
      !consents.some((consent) => consent.purpose === text.purpose && consent.live),
  );
}

/**
 * Granting and revoking take the same steps: choose (the text or the consent is shown), then confirm.
 * One reducer for both, so revoking can never need more than granting.
 */
export type PendingAction =
  { kind: 'grant'; text: ConsentText } | { kind: 'revoke'; consentId: string; purpose: string };

export type ConsentAction =
  { type: 'choose'; action: PendingAction } | { type: 'cancel' } | { type: 'confirm' } | { type: 'done' };

export interface ActionState {
  pending: PendingAction | null;
  /** Set on confirm: the page then calls the API once and dispatches `done`. */
  submitting: boolean;
}

export const idle: ActionState = { pending: null, submitting: false };

export function consentActions(state: ActionState, event: ConsentAction): ActionState {
  switch (event.type) {
    case 'choose':
      return state.submitting ? state : { pending: event.action, submitting: false };
    case 'cancel':
      return state.submitting ? state : idle;
    case 'confirm':
      return state.pending && !state.submitting ? { ...state, submitting: true } : state;
    case 'done':
      return idle;
  }
}

/** What the confirmation panel says and what its button is labelled. */
export function confirmation(action: PendingAction): { title: string; body: string; confirm: string } {
  return action.kind === 'grant'
    ? { title: action.text.title, body: action.text.text, confirm: 'I agree' }
    : {
        title: `Revoke “${action.purpose}”?`,
        body: 'Processing under this consent stops at once. You can give it again later.',
        confirm: 'Revoke',
      };
}
