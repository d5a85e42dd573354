import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import { checked, inputOf, monthly, transaction } from '../test-inputs';
import { subscriptionPriceRise } from './subscription-price-rise';

const settings = defaultSettings['subscription-price-rise'];
const streaming = { recurringId: 'r-stream', merchant: 'Streamflix', category: 'subscriptions' };
const months = ['2026-08', '2026-09', '2026-10', '2026-11'];

describe('subscription-price-rise', () => {
  it('quotes the old and new amounts and the rise when a steady payment goes up', () => {
    const payments = monthly(months, 5, [999, 999, 999, 1299], streaming);
    const [candidate, ...rest] = checked(subscriptionPriceRise, inputOf(payments), settings);
    expect(rest).toEqual([]);
    expect(candidate).toEqual({
      kind: 'subscription-price-rise',
      title: 'Your {merchant} payment went up',
      body: 'It rose from {oldAmount} to {newAmount}, {rise} more.',
      parameters: {
        merchant: { type: 'text', value: 'Streamflix' },
        oldAmount: { type: 'money', value: { minor: '999', currency: 'EUR' } },
        newAmount: { type: 'money', value: { minor: '1299', currency: 'EUR' } },
        rise: { type: 'percent', basisPoints: 3003 },
      },
      severity: 'notice',
      relevance: expect.any(Number),
      evidence: [
        { kind: 'recurring-payment', id: 'r-stream' },
        { kind: 'transaction', id: payments[2]!.id },
        { kind: 'transaction', id: payments[3]!.id },
      ],
      expiresAt: '2026-12-11T00:00:00.000Z',
      dedupeKey: 'subscription-price-rise:r-stream:EUR:999-1299',
    });
    expect(candidate!.relevance).toBeGreaterThan(0.6);
    expect(candidate!.relevance).toBeLessThanOrEqual(0.85);
  });

  it('says nothing when the price stayed the same or fell', () => {
    for (const amounts of [
      [999, 999, 999, 999],
      [1299, 1299, 1299, 999],
    ]) {
      expect(
        checked(subscriptionPriceRise, inputOf(monthly(months, 5, amounts, streaming)), settings),
      ).toEqual([]);
    }
  });

  it('does not take a variable bill for a price: the previous payments must agree', () => {
    const bill = { recurringId: 'r-power', category: 'household-bills' };
    expect(
      checked(subscriptionPriceRise, inputOf(monthly(months, 8, [5000, 6200, 5400, 6400], bill)), settings),
    ).toEqual([]);
    // Within the 2 % tolerance the previous ones count as one price.
    expect(
      checked(subscriptionPriceRise, inputOf(monthly(months, 8, [5000, 5000, 5100, 6400], bill)), settings),
    ).toHaveLength(1);
  });

  it('needs the minimum number of previous payments', () => {
    const two = monthly(['2026-10', '2026-11'], 5, [999, 1299], streaming);
    expect(checked(subscriptionPriceRise, inputOf(two), settings)).toEqual([]);
    expect(
      checked(subscriptionPriceRise, inputOf(two), { ...settings, minimumPreviousPayments: 1 }),
    ).toHaveLength(1);
  });

  it('fires at exactly the minimum rise in percent and in amount, not below', () => {
    const rise = (amounts: number[]) =>
      checked(subscriptionPriceRise, inputOf(monthly(months, 5, amounts, streaming)), settings).length;
    // 3 % of 20.00 is 0.60 (above the 0.50 minimum amount).
    expect(rise([2000, 2000, 2000, 2060])).toBe(1);
    expect(rise([2000, 2000, 2000, 2059])).toBe(0);
    // 3 % of 10.00 is 0.30, below the 0.50 minimum amount.
    expect(rise([1000, 1000, 1000, 1049])).toBe(0);
    expect(rise([1000, 1000, 1000, 1050])).toBe(1);
  });

  it('reports only a fresh rise (booked within freshnessDays)', () => {
    const payments = monthly(months, 5, [999, 999, 999, 1299], streaming);
    // 5 November + 35 days = 10 December: still fresh; the 11th: not.
    expect(
      checked(subscriptionPriceRise, inputOf(payments, {}, '2026-12-10T12:00:00.000Z'), settings),
    ).toHaveLength(1);
    expect(
      checked(subscriptionPriceRise, inputOf(payments, {}, '2026-12-11T00:00:00.000Z'), settings),
    ).toEqual([]);
  });

  it('words it without a merchant when the payment has none (a direct debit)', () => {
    const payments = monthly(months, 5, [4500, 4500, 4500, 4900], { recurringId: 'r-gym' });
    const [candidate] = checked(subscriptionPriceRise, inputOf(payments), settings);
    expect(candidate?.title).toBe('A regular payment went up');
    expect(Object.keys(candidate!.parameters).sort()).toEqual(['newAmount', 'oldAmount', 'rise']);
  });

  it('keeps the dedupe key across syncs, and stops once the new price is the steady one', () => {
    const payments = monthly(months, 5, [999, 999, 999, 1299], streaming);
    const keys = (at: string, items = payments) =>
      checked(subscriptionPriceRise, inputOf(items, {}, at), settings).map(
        (candidate) => candidate.dedupeKey,
      );
    expect(keys('2026-11-06T06:00:00.000Z')).toEqual(keys('2026-11-30T06:00:00.000Z'));
    const december = [...payments, transaction('2026-12-05', 1299, streaming)];
    expect(keys('2026-12-06T06:00:00.000Z', december)).toEqual([]);
  });

  it('treats each recurring payment separately, in a stable order', () => {
    const items = [
      ...monthly(months, 5, [999, 999, 999, 1299], streaming),
      ...monthly(months, 9, [1500, 1500, 1500, 1700], { recurringId: 'r-phone', merchant: 'Telco' }),
      ...monthly(months, 2, [70000, 70000, 70000, 70000], { recurringId: 'r-rent', category: 'housing' }),
    ];
    expect(
      checked(subscriptionPriceRise, inputOf(items), settings).map((candidate) => candidate.dedupeKey),
    ).toEqual([
      'subscription-price-rise:r-phone:EUR:1500-1700',
      'subscription-price-rise:r-stream:EUR:999-1299',
    ]);
  });
});
