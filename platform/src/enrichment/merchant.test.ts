import { describe, expect, it } from 'vitest';
import { cleanMerchantName, normaliseText } from './merchant';

describe('cleanMerchantName', () => {
  it.each([
    ['SQ *BLUE BOTTLE COFFEE #123 SAN FRANCISCO CA', 'Blue Bottle Coffee'],
    ['PAYPAL *EBAY UK', 'Ebay'],
    ['AMZN Mktp US*2K4L81HF3', 'Amazon Marketplace'],
    ['TESCO STORES 3297 LONDON GB', 'Tesco Stores'],
    ['SAINSBURYS S/MKTS 0421 MANCHESTER', 'Sainsburys S/Mkts'],
    ['SHELL #04512 AUSTIN TX', 'Shell'],
    ['UBER *EATS HELP.UBER.COM', 'Uber Eats'],
    ['NETFLIX.COM 866-579-7172 CA', 'Netflix'],
    ['SumUp *Café Müller Berlin DE', 'Café Müller'],
    ['ZETTLE_*THE CORNER SHOP', 'The Corner Shop'],
    ['ACME WIDGETS LTD', 'Acme Widgets'],
    ['Bäckerei Schmidt GmbH München', 'Bäckerei Schmidt'],
    ['KAUFLAND PRAHA 12 CZ', 'Kaufland'],
    ['BILLA s.r.o. BRNO', 'Billa'],
    ['MCDONALDS 40211 DUBLIN IE', "McDonald's"],
    ['h&m 227 paris fr', 'H&M'],
  ])('%s → %s', (raw, expected) => {
    expect(cleanMerchantName(raw)).toBe(expected);
  });

  it('gives nothing usable for a bare reference', () => {
    expect(cleanMerchantName('#00012345')).toBe('');
    expect(cleanMerchantName('  4471-2231 ')).toBe('');
  });

  it('is idempotent on its own output', () => {
    for (const raw of ['SQ *BLUE BOTTLE COFFEE #123 SAN FRANCISCO CA', 'TESCO STORES 3297 LONDON GB']) {
      const once = cleanMerchantName(raw);
      expect(cleanMerchantName(once)).toBe(once);
    }
  });
});

describe('normaliseText', () => {
  it('drops case, accents and punctuation', () => {
    expect(normaliseText('  Převod  Z-ÚČTU / 1234 ')).toBe('prevod z uctu 1234');
  });
});
