import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { Consent, ConsentText } from '../api/client.ts';
import { consentActions, idle } from './consents.ts';
import { PrivacyView } from './PrivacyPage.tsx';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { type Language, setFormatLocale } from '../i18n/i18n.ts';

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
const view = (state: typeof idle) => (
  <PrivacyView
    data={{ consents, texts }}
    state={state}
    error={null}
    onChoose={noop}
    onConfirm={noop}
    onCancel={noop}
    onRenew={noop}
  />
);
/** Without a language: English, figures as before any language is chosen (en-GB dates). */
const render = (state = idle, language?: Language) =>
  renderToStaticMarkup(
    language ? <I18nProvider language={language}>{view(state)}</I18nProvider> : view(state),
  );
afterEach(() => setFormatLocale(undefined));

describe('Privacy & consents page', () => {
  it('lists each consent with purpose, status, date and text version, a Revoke button, and grant buttons', () => {
    const html = render();
    expect(html).toContain('Privacy &amp; consents');
    expect(html).toMatch(
      // Each cell carries its heading: a phone shows it beside the value (one card per consent).
      /<td data-label="Purpose">Offers<\/td><td data-label="Status">Active<\/td><td data-label="Given">26 Nov 2026<\/td><td data-label="Until">until you revoke it<\/td><td data-label="Text version">2026-11<\/td>/,
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

  it('speaks Slovenian in Slovenian: headings, statuses, dates in sl and the buttons', () => {
    const html = render(idle, 'sl');
    expect(html).toContain('Zasebnost in privolitve');
    expect(html).toMatch(
      /<td data-label="Namen">Ponudbe<\/td><td data-label="Stanje">Veljavna<\/td><td data-label="Podana">26\. nov\. 2026<\/td><td data-label="Do">dokler je ne prekličete<\/td><td data-label="Različica besedila">2026-11<\/td>/,
    );
    expect(html.match(/>Prekličite</g)).toHaveLength(1);
    expect(html.match(/>Dajte privolitev</g)).toHaveLength(1);
    expect(html).not.toContain('Revoke');
    const grant = render(
      consentActions(idle, { type: 'choose', action: { kind: 'grant', text: texts[0]! } }),
      'sl',
    );
    expect(grant).toContain('Različica besedila 2026-11');
    expect(grant).toContain('>Strinjam se<');
  });
});
