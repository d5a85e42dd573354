import { describe, expect, it } from 'vitest';
import { regionLaw } from '../testing/rule-packs';
import { isCallbackUri, sourceConsentEnd } from './connections.service';

const now = new Date('2026-11-26T10:00:00.000Z');
const days = (count: number) => new Date(now.getTime() + count * 86_400_000);

describe("the source consent's end (validUntil)", () => {
  it("EU: capped by the region's maximum, or by the consent's earlier expiry", () => {
    const eu = regionLaw('EU');
    const cap = eu.ais.maxConsentDays.days!;
    expect(sourceConsentEnd({ expiresAt: days(400), renewalDueAt: days(cap) }, eu, now)).toEqual(days(cap));
    expect(sourceConsentEnd({ expiresAt: days(30), renewalDueAt: days(cap) }, eu, now)).toEqual(days(30));
  });

  it('UK (no cap): the consent’s expiry, else its renewal date, else the renewal period from now', () => {
    const uk = regionLaw('UK');
    expect(uk.ais.maxConsentDays.days).toBeNull();
    expect(sourceConsentEnd({ expiresAt: days(60), renewalDueAt: days(90) }, uk, now)).toEqual(days(60));
    expect(sourceConsentEnd({ expiresAt: null, renewalDueAt: days(85) }, uk, now)).toEqual(days(85));
    expect(sourceConsentEnd({ expiresAt: null, renewalDueAt: null }, uk, now)).toEqual(
      days(uk.ais.renewal.everyDays!),
    );
  });
});

describe('the redirect back to the customer app', () => {
  const origins = ['http://localhost:5174', 'https://app.bank.example'];

  it.each(['https://app.bank.example/connections/callback', 'http://localhost:5174/connections/callback'])(
    'accepts %s',
    (uri) => {
      expect(isCallbackUri(uri, origins)).toBe(true);
    },
  );

  it.each([
    'https://evil.example/connections/callback',
    'https://app.bank.example/connections/callback/../../steal',
    'https://app.bank.example/other',
    'https://app.bank.example/connections/callback?next=https://evil.example',
    'https://user:pass@app.bank.example/connections/callback',
    'https://app.bank.example:8443/connections/callback',
    'not a url',
  ])('refuses %s', (uri) => {
    expect(isCallbackUri(uri, origins)).toBe(false);
  });
});
