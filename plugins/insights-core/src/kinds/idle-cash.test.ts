import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import { checked, inputOf, transaction } from '../test-inputs';
import { idleCash, roundedDown } from './idle-cash';

const settings = defaultSettings['idle-cash'];
const spending = [transaction('2026-09-22', 4500, { category: 'groceries' })];
const idle = (amount: number | null, savingsAccounts: number | null = 0) => ({
  'balance.idle': amount,
  'products-held.savings-account': savingsAccounts,
});

describe('idle-cash', () => {
  it('says how much has sat in the current account, rounded down as a person would say it', () => {
    const [candidate, ...rest] = checked(idleCash, inputOf(spending, idle(421337)), settings);
    expect(rest).toEqual([]);
    expect(candidate).toEqual({
      kind: 'idle-cash',
      title: 'Money you could put to work',
      body: '{amount} has sat in your current account for {months} months.',
      parameters: {
        amount: { type: 'money', value: { minor: '420000', currency: 'EUR' } },
        months: { type: 'number', value: 3 },
      },
      severity: 'info',
      relevance: expect.any(Number),
      evidence: [
        { kind: 'feature', name: 'balance.idle' },
        { kind: 'feature', name: 'products-held.savings-account' },
      ],
      expiresAt: '2027-01-01T00:00:00.000Z',
      dedupeKey: 'idle-cash:2026-Q4',
    });
  });

  it('fires at the minimum idle amount, not below', () => {
    expect(checked(idleCash, inputOf(spending, idle(300000)), settings)).toHaveLength(1);
    expect(checked(idleCash, inputOf(spending, idle(299999)), settings)).toEqual([]);
  });

  it('stays quiet for a customer with a savings account, unless the bank allows some', () => {
    expect(checked(idleCash, inputOf(spending, idle(900000, 1)), settings)).toEqual([]);
    expect(
      checked(idleCash, inputOf(spending, idle(900000, 1)), { ...settings, maximumSavingsAccounts: 1 }),
    ).toHaveLength(1);
    // Unknown products held count as none.
    expect(checked(idleCash, inputOf(spending, idle(900000, null)), settings)).toHaveLength(1);
  });

  it('says nothing without the feature or a currency', () => {
    expect(checked(idleCash, inputOf(spending, idle(null)), settings)).toEqual([]);
    expect(checked(idleCash, inputOf([], idle(900000)), settings)).toEqual([]);
  });

  it('keeps one dedupe key a quarter, whatever the balance does', () => {
    const october = checked(idleCash, inputOf(spending, idle(500000), '2026-10-02T09:00:00.000Z'), settings);
    const december = checked(idleCash, inputOf(spending, idle(650000), '2026-12-30T09:00:00.000Z'), settings);
    const january = checked(idleCash, inputOf(spending, idle(650000), '2027-01-02T09:00:00.000Z'), settings);
    expect(october[0]!.dedupeKey).toBe(december[0]!.dedupeKey);
    expect(january[0]!.dedupeKey).toBe('idle-cash:2027-Q1');
    expect(december[0]!.relevance).toBeGreaterThan(october[0]!.relevance);
  });

  it('rounds down to two significant digits of whole major units, per currency', () => {
    expect(roundedDown(421337, 'EUR')).toBe(420000);
    expect(roundedDown(12345678, 'EUR')).toBe(12000000);
    expect(roundedDown(9999, 'EUR')).toBe(9900);
    expect(roundedDown(5320, 'EUR')).toBe(5300);
    expect(roundedDown(987654, 'JPY')).toBe(980000);
    expect(roundedDown(99, 'EUR')).toBe(99);
  });
});
