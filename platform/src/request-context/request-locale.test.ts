import { describe, expect, it } from 'vitest';
import { createRequestContext, runAsTenant, runInContext } from './request-context';
import { localized, requestLocale, resolveRequestLocale } from './request-locale';

describe('request locale', () => {
  it('is the supported language the Accept-Language header weighs highest', () => {
    expect(resolveRequestLocale('sl')).toBe('sl');
    expect(resolveRequestLocale('sl-SI')).toBe('sl');
    expect(resolveRequestLocale('SL-si,en;q=0.5')).toBe('sl');
    expect(resolveRequestLocale('en-GB,sl;q=0.8')).toBe('en');
    expect(resolveRequestLocale('de-DE,sl;q=0.7,en;q=0.3')).toBe('sl');
    expect(resolveRequestLocale('en;q=0.4, sl;q=0.9')).toBe('sl');
    expect(resolveRequestLocale(['de', 'sl-SI'])).toBe('sl');
  });

  it('is English for no header, unsupported languages, a refused weight or a malformed or oversized header', () => {
    expect(resolveRequestLocale(undefined)).toBe('en');
    expect(resolveRequestLocale('')).toBe('en');
    expect(resolveRequestLocale('*')).toBe('en');
    expect(resolveRequestLocale('de-DE, fr;q=0.8')).toBe('en');
    expect(resolveRequestLocale('sl;q=0')).toBe('en');
    expect(resolveRequestLocale('sl;q=banana')).toBe('sl'); // an unreadable weight counts as the default 1
    expect(resolveRequestLocale(';;;,,,')).toBe('en');
    expect(resolveRequestLocale(`${'x-'.repeat(200)},sl`)).toBe('en');
  });

  it('is read from the current request and is English outside one and in jobs', async () => {
    expect(requestLocale()).toBe('en');
    expect(runInContext(createRequestContext({ locale: 'sl' }), () => requestLocale())).toBe('sl');
    expect(runInContext(createRequestContext({}), () => requestLocale())).toBe('en');
    const tenant = { id: '00000000-0000-4000-8000-000000000001', slug: 'demo-bank', realm: 'demo-bank' };
    expect(await runAsTenant(tenant, async () => requestLocale())).toBe('en');
  });

  it('picks the request’s own text', () => {
    const texts = { en: 'must be after today', sl: 'mora biti po današnjem dnevu' };
    expect(localized(texts)).toBe('must be after today');
    expect(runInContext(createRequestContext({ locale: 'sl' }), () => localized(texts))).toBe(
      'mora biti po današnjem dnevu',
    );
  });
});
