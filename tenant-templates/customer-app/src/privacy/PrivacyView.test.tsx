import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Consent, ConsentText } from '../api/client.ts';
import { consentActions, idle } from './consents.ts';
import { PrivacyView } from './PrivacyPage.tsx';

const texts: ConsentText[] = [
  {
    purpose: 'AGGREGATION',
    locale: 'en',
    version: '2026-11',
    title: 'Connect your accounts',
    text: 'I allow the bank to read my accounts.',
    textHash: 'b'.repeat(64),
  },
  {
    purpose: 'MARKETING',
    locale: 'en',
    version: '2026-11',
    title: 'Offers',
    text: 'I allow offers.',
    textHash: 'c'.repeat(64),
  },
];
const consents: Consent[] = [
  {
    id: 'consent-1',
    purpose: 'MARKETING',
    status: 'GRANTED',
    live: true,
    textVersion: '2026-11',
    renewal: null,
    grantedAt: '2026-11-26T10:00:00.000Z',
    expiresAt: null,
    renewalDueAt: null,
    revokedAt: null,
    expiredAt: null,
  },
];
const noop = () => undefined;
const render = (state = idle) =>
  renderToStaticMarkup(
    <PrivacyView
      data={{ consents, texts }}
      state={state}
      error={null}
      onChoose={noop}
      onConfirm={noop}
      onCancel={noop}
      onRenew={noop}
    />,
  );

describe('Privacy & consents page', () => {
  it('lists each consent with purpose, status, date and text version, a Revoke button, and grant buttons', () => {
    const html = render();
    expect(html).toContain('Privacy &amp; consents');
    expect(html).toMatch(
      /<td>Offers<\/td><td>Active<\/td><td>26 Nov 2026<\/td><td>until you revoke it<\/td><td>2026-11<\/td>/,
    );
    expect(html.match(/>Revoke</g)).toHaveLength(1);
    // Marketing is live, so only aggregation is offered.
    expect(html.match(/>Give consent</g)).toHaveLength(1);
    expect(html).not.toContain('consent-confirmation');
  });

  it('choosing a grant shows its exact text and version before "I agree"; choosing revoke asks once', () => {
    const grant = render(
      consentActions(idle, { type: 'choose', action: { kind: 'grant', text: texts[0]! } }),
    );
    expect(grant).toContain('I allow the bank to read my accounts.');
    expect(grant).toContain('Text version 2026-11');
    expect(grant).toContain('>I agree<');
    const revoke = render(
      consentActions(idle, {
        type: 'choose',
        action: { kind: 'revoke', consentId: 'consent-1', purpose: 'Offers' },
      }),
    );
    expect(revoke).toContain('Revoke “Offers”?');
    expect(revoke.match(/<button[^>]*>Revoke<\/button>/g)).toHaveLength(2); // the row's and the confirmation's
  });
});
