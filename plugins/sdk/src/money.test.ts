import { describe, expect, it } from 'vitest';
import { MoneyFormatError, moneyFromDecimal, moneyFromMinor, moneyToDecimal } from './money';
import { deriveSourceId } from './source-id';

describe('money', () => {
  it('parses decimals exactly into minor units by the currency exponent', () => {
    expect(moneyFromDecimal('12.3', 'EUR')).toEqual({ minor: '1230', currency: 'EUR' });
    expect(moneyFromDecimal('-0,50', 'GBP')).toEqual({ minor: '-50', currency: 'GBP' });
    expect(moneyFromDecimal('0.00', 'EUR')).toEqual({ minor: '0', currency: 'EUR' });
    expect(moneyFromDecimal('1000', 'JPY')).toEqual({ minor: '1000', currency: 'JPY' });
    expect(moneyFromDecimal('1.234', 'KWD')).toEqual({ minor: '1234', currency: 'KWD' });
    // A value a binary float cannot hold exactly stays exact.
    expect(moneyFromDecimal('90071992547409.93', 'EUR').minor).toBe('9007199254740993');
  });

  it('refuses what it would have to round or guess', () => {
    expect(() => moneyFromDecimal('1.005', 'EUR')).toThrow(/3 decimals; EUR has 2/);
    expect(() => moneyFromDecimal('1,000.00', 'EUR')).toThrow(MoneyFormatError);
    expect(() => moneyFromDecimal('12', 'eur')).toThrow(/ISO 4217/);
    expect(() => moneyFromMinor(1.5, 'EUR')).toThrow(/safe integer/);
    expect(() => moneyFromMinor('01', 'EUR')).toThrow(/not an integer/);
  });

  it('formats back to the same decimal', () => {
    for (const [text, currency] of [
      ['-12.34', 'EUR'],
      ['0.05', 'GBP'],
      ['7', 'JPY'],
      ['123456789.01', 'CZK'],
    ] as const) {
      expect(moneyToDecimal(moneyFromDecimal(text, currency))).toBe(text);
    }
  });
});

describe('deriveSourceId', () => {
  it('is stable, separates fields unambiguously and counts identical occurrences', () => {
    const id = deriveSourceId(['2024-01-02', '-350', 'Coffee'], 0);
    expect(deriveSourceId(['2024-01-02', '-350', 'Coffee'], 0)).toBe(id);
    expect(deriveSourceId(['2024-01-02', '-350', 'Coffee'], 1)).not.toBe(id);
    expect(deriveSourceId(['ab', 'c'], 0)).not.toBe(deriveSourceId(['a', 'bc'], 0));
  });
});
