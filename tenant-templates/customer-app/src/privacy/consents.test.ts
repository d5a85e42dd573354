import { describe, expect, it } from 'vitest';
import type { Consent, ConsentText } from '../api/client.ts';
import {
  confirmation,
  consentActions,
  consentRows,
  grantableTexts,
  idle,
  type PendingAction,
} from './consents.ts';

const text = (purpose: ConsentText['purpose']): ConsentText => ({
  purpose,
  locale: 'en',
  version: '2026-11',
  title: `Title of ${purpose}`,
  text: `Text of ${purpose}`,
  textHash: 'a'.repeat(64),
});

const consent = (overrides: Partial<Consent>): Consent => ({
  id: 'c1',
  purpose: 'AGGREGATION',
  status: 'GRANTED',
  live: true,
  textVersion: '2026-11',
  renewal: 'STRONG_AUTHENTICATION',
  grantedAt: '2026-11-26T10:00:00.000Z',
  expiresAt: '2027-05-25T10:00:00.000Z',
  renewalDueAt: '2027-05-25T10:00:00.000Z',
  revokedAt: null,
  expiredAt: null,
  ...overrides,
});

describe('privacy & consents page model', () => {
  it('shows purpose, status, dates (UTC) and text version of each consent, with what can be done', () => {
    const rows = consentRows([
      consent({}),
      consent({
        id: 'c2',
        purpose: 'MARKETING',
        status: 'REVOKED',
        live: false,
        renewal: null,
        expiresAt: null,
        renewalDueAt: null,
        revokedAt: '2026-12-01T23:30:00.000Z',
      }),
      consent({ id: 'c3', purpose: 'ANALYTICS', renewal: null, expiresAt: null, renewalDueAt: null }),
    ]);
    expect(rows).toEqual([
      {
        id: 'c1',
        purpose: 'Connected accounts',
        status: 'Active',
        textVersion: '2026-11',
        granted: '26 Nov 2026',
        until: 'renew by 25 May 2027',
        canRevoke: true,
        canRenew: true,
        renewalNote: 'Renewing asks for your one-time code.',
      },
      expect.objectContaining({
        status: 'Revoked',
        until: 'ended 1 Dec 2026',
        canRevoke: false,
        canRenew: false,
      }),
      expect.objectContaining({
        purpose: 'Product improvement',
        until: 'until you revoke it',
        canRenew: false,
      }),
    ]);
  });

  it('a granted consent past its deadline reads "Ended" and can no longer be renewed', () => {
    const [row] = consentRows([consent({ live: false })]);
    expect(row).toMatchObject({ status: 'Ended', canRenew: false, canRevoke: true });
  });

  it('offers a grant for each purpose without a live consent, and always for aggregation (one per bank)', () => {
    const texts = (['AGGREGATION', 'PERSONALISATION', 'MARKETING', 'ANALYTICS'] as const).map(text);
    const offered = grantableTexts(texts, [
      consent({}),
      consent({ id: 'm', purpose: 'MARKETING' }),
      consent({ id: 'p', purpose: 'PERSONALISATION', status: 'REVOKED', live: false }),
    ]);
    expect(offered.map((entry) => entry.purpose)).toEqual(['AGGREGATION', 'PERSONALISATION', 'ANALYTICS']);
  });

  it('granting and revoking take the same two steps: choose, then confirm once', () => {
    const steps = (action: PendingAction) => {
      const chosen = consentActions(idle, { type: 'choose', action });
      const confirmed = consentActions(chosen, { type: 'confirm' });
      return { chosen, confirmed, again: consentActions(confirmed, { type: 'confirm' }) };
    };
    const grant = steps({ kind: 'grant', text: text('MARKETING') });
    const revoke = steps({ kind: 'revoke', consentId: 'c1', purpose: 'Offers' });
    for (const run of [grant, revoke]) {
      expect(run.chosen.submitting).toBe(false);
      expect(run.confirmed.submitting).toBe(true);
      // A second click while saving sends nothing more.
      expect(run.again).toBe(run.confirmed);
    }
    expect(consentActions(revoke.confirmed, { type: 'done' })).toEqual(idle);
    expect(consentActions(idle, { type: 'confirm' })).toBe(idle);
  });

  it('the grant confirmation shows the exact text; the revoke confirmation says processing stops', () => {
    expect(confirmation({ kind: 'grant', text: text('ANALYTICS') })).toEqual({
      title: 'Title of ANALYTICS',
      body: 'Text of ANALYTICS',
      confirm: 'I agree',
    });
    expect(confirmation({ kind: 'revoke', consentId: 'c1', purpose: 'Offers' })).toMatchObject({
      title: 'Revoke “Offers”?',
      confirm: 'Revoke',
    });
  });
});
