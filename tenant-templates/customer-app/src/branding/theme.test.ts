import { describe, expect, it } from 'vitest';
import {
  brandingToCssVariables,
  monogram,
  NEUTRAL,
  normalizeHexColor,
  readableTextOn,
  resolveLogoUrl,
  tint,
} from './theme.ts';

describe('brandingToCssVariables', () => {
  it("maps a bank's primary and accent colours to the template's CSS variables", () => {
    expect(brandingToCssVariables({ primaryColor: '#0B5FFF', accentColor: '#00B894' })).toEqual({
      '--brand-primary': '#0b5fff',
      '--brand-on-primary': '#ffffff',
      '--brand-primary-soft': tint('#0b5fff', 0.12),
      '--brand-accent': '#00b894',
      '--brand-on-accent': '#111111',
      '--brand-accent-soft': tint('#00b894', 0.15),
    });
  });

  it('expands three-digit colours', () => {
    expect(brandingToCssVariables({ primaryColor: '#f00', accentColor: '#0F0' })['--brand-primary']).toBe(
      '#ff0000',
    );
  });

  it.each(['red', 'url(javascript:alert(1))', '#12345', '#0B5FFF; background: url(x)', ''])(
    'never passes an unsafe or invalid colour (%s) into CSS, falling back to neutral',
    (bad) => {
      const variables = brandingToCssVariables({ primaryColor: bad, accentColor: bad });
      expect(variables['--brand-primary']).toBe(NEUTRAL.primary);
      expect(variables['--brand-accent']).toBe(NEUTRAL.accent);
      expect(Object.values(variables).every((value) => /^#[0-9a-f]{6}$/i.test(value))).toBe(true);
    },
  );

  it('picks readable text: white on dark brand colours, near-black on light ones', () => {
    expect(readableTextOn('#0b5fff')).toBe('#ffffff');
    expect(readableTextOn('#1a1a2e')).toBe('#ffffff');
    expect(readableTextOn('#ffd400')).toBe('#111111');
    expect(readableTextOn('#ffffff')).toBe('#111111');
  });

  it('tints towards white', () => {
    expect(tint('#000000', 0)).toBe('#ffffff');
    expect(tint('#000000', 1)).toBe('#000000');
    expect(tint('#0b5fff', 0.5)).toBe('#85afff');
  });
});

describe('normalizeHexColor', () => {
  it('accepts #rgb and #rrggbb in any case and rejects the rest', () => {
    expect(normalizeHexColor(' #AbC ')).toBe('#aabbcc');
    expect(normalizeHexColor('#00B894')).toBe('#00b894');
    expect(normalizeHexColor('00B894')).toBeNull();
    expect(normalizeHexColor(null)).toBeNull();
  });
});

describe('resolveLogoUrl', () => {
  const api = 'http://localhost:4000';

  it('resolves a path against the API, which serves tenant assets', () => {
    expect(resolveLogoUrl('/tenants/demo-bank/logo.svg', api)).toBe(
      'http://localhost:4000/tenants/demo-bank/logo.svg',
    );
  });

  it('keeps absolute https URLs and inline images', () => {
    expect(resolveLogoUrl('https://cdn.example/logo.png', api)).toBe('https://cdn.example/logo.png');
    expect(resolveLogoUrl('data:image/svg+xml;base64,PHN2Zy8+', api)).toBe(
      'data:image/svg+xml;base64,PHN2Zy8+',
    );
  });

  it('refuses script and non-image data URLs, and treats empty as no logo', () => {
    expect(resolveLogoUrl('javascript:alert(1)', api)).toBeNull();
    expect(resolveLogoUrl('data:text/html,<script>', api)).toBeNull();
    expect(resolveLogoUrl('', api)).toBeNull();
    expect(resolveLogoUrl(null, api)).toBeNull();
  });
});

describe('monogram', () => {
  it('uses up to two initials', () => {
    expect(monogram('Demo Bank')).toBe('DB');
    expect(monogram('acme')).toBe('A');
    expect(monogram('First  National Bank')).toBe('FN');
  });
});
