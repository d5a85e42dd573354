// What the "Privacy & consents" page shows and lets the customer do, as plain data (tested without a browser).
import type { Consent, ConsentPurpose, ConsentText } from '../api/client.ts';
import { currentFormatLocale, english, type Translate } from '../i18n/i18n.ts';

export function purposeLabel(purpose: ConsentPurpose, t: Translate = english): string {
  return t(`privacy.purpose.${purpose}`);
}

export function statusLabel(consent: Pick<Consent, 'status' | 'live'>, t: Translate = english): string {
  // Granted but past its deadline: the lifecycle marks it expired shortly; processing has already stopped.
  return consent.status === 'GRANTED' && !consent.live
    ? t('privacy.status.ended')
    : t(`privacy.status.${consent.status}`);
}

/** A date as the customer reads it: day, month and year in UTC (deadlines are UTC instants), in the app's locale. */
export function formatDay(iso: string | null, locale: string = currentFormatLocale() ?? 'en-GB'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, {
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

export function consentRows(consents: readonly Consent[], t: Translate = english): ConsentRow[] {
  return consents.map((consent) => {
    const ended = consent.revokedAt ?? consent.expiredAt;
    return {
      id: consent.id,
      purpose: purposeLabel(consent.purpose, t),
      status: statusLabel(consent, t),
      textVersion: consent.textVersion,
      granted: formatDay(consent.grantedAt),
      until: ended
        ? t('privacy.ended', { date: formatDay(ended) })
        : consent.renewalDueAt
          ? t('privacy.renewBy', { date: formatDay(consent.renewalDueAt) })
          : consent.expiresAt
            ? t('privacy.untilDate', { date: formatDay(consent.expiresAt) })
            : t('privacy.untilRevoked'),
      canRevoke: consent.status === 'GRANTED',
      canRenew: consent.live && consent.renewal !== null,
      renewalNote: consent.renewal ? t(`privacy.renewal.${consent.renewal}`) : null,
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
export function confirmation(
  action: PendingAction,
  t: Translate = english,
): { title: string; body: string; confirm: string } {
  return action.kind === 'grant'
    ? { title: action.text.title, body: action.text.text, confirm: t('privacy.agree') }
    : {
        title: t('privacy.revokeTitle', { purpose: action.purpose }),
        body: t('privacy.revokeBody'),
        confirm: t('privacy.revoke'),
      };
}
