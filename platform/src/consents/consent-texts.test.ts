import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consentPurposes } from './consent.entity';
import {
  consentLocales,
  consentTextCatalogue,
  currentConsentText,
  findConsentText,
  hashConsentText,
} from './consent-texts';

describe('consent text catalogue', () => {
  it('every purpose has a current text in every locale, hashed as SHA-256 of its exact UTF-8', () => {
    for (const purpose of consentPurposes) {
      for (const locale of consentLocales) {
        const text = currentConsentText(purpose, locale);
        expect(text.current).toBe(true);
        expect(text.textHash).toBe(createHash('sha256').update(Buffer.from(text.text, 'utf8')).digest('hex'));
        expect(text.text.length).toBeGreaterThan(40);
      }
    }
  });

  it('versions are unique per purpose and locale, and old versions stay findable but not current', () => {
    for (const purpose of consentPurposes) {
      for (const locale of consentLocales) {
        const versions = consentTextCatalogue[purpose][locale].map((entry) => entry.version);
        expect(new Set(versions).size).toBe(versions.length);
      }
    }
    const old = findConsentText('aggregation', 'en', '2026-01');
    expect(old).toMatchObject({ version: '2026-01', current: false });
    expect(findConsentText('aggregation', 'en', '1999-01')).toBeUndefined();
  });

  it('texts already shown are never edited: their hashes are pinned (a new wording is a new version)', () => {
    // Consents given under these versions store these hashes; changing a shown text would orphan them.
    const pinned = Object.fromEntries([
      [
        'aggregation 2026-01',
        hashConsentText(findConsentText('aggregation', 'en', '2026-01')!.text).slice(0, 16),
      ],
      ...consentPurposes.map((purpose) => [purpose, currentConsentText(purpose, 'en').textHash.slice(0, 16)]),
    ]);
    expect(pinned).toMatchInlineSnapshot(`
      {
        "aggregation": "24539f12f4b030fe",
        "aggregation 2026-01": "142a5e0ea5ad2246",
        "analytics": "db878a045df43980",
        "marketing": "3a73d238d895b60c",
        "personalisation": "47558367dae13e7a",
      }
    `);
  });
});
