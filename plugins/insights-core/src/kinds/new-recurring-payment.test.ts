import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import { checked, inputOf, monthly, transaction } from '../test-inputs';
import { newRecurringPayment } from './new-recurring-payment';

const settings = defaultSettings['new-recurring-payment'];
const history = monthly(
  ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'],
  12,
  30000,
  {
    category: 'groceries',
  },
);
const gym = { recurringId: 'r-gym', merchant: 'FitGym', category: 'health' };

describe('new-recurring-payment', () => {
  it('notices a recurring payment first paid recently, with its payments as evidence', () => {
    const payments = monthly(['2026-10', '2026-11'], 10, 3990, gym);
    const [candidate, ...rest] = checked(
      newRecurringPayment,
      inputOf([...history, ...payments], { 'spend.monthly': 180000 }),
      settings,
    );
    expect(rest).toEqual([]);
    expect(candidate).toEqual({
      kind: 'new-recurring-payment',
      title: 'New regular payment to {merchant}',
      body: 'You have a new regular payment of {amount}, first paid on {firstPaid}.',
      parameters: {
        merchant: { type: 'text', value: 'FitGym' },
        amount: { type: 'money', value: { minor: '3990', currency: 'EUR' } },
        firstPaid: { type: 'date', value: '2026-10-10' },
      },
      severity: 'info',
      relevance: expect.any(Number),
      evidence: [
        { kind: 'recurring-payment', id: 'r-gym' },
        ...payments.map((payment) => ({ kind: 'transaction', id: payment.id })),
      ],
      expiresAt: '2026-12-12T00:00:00.000Z',
      dedupeKey: 'new-recurring-payment:r-gym:EUR',
    });
  });

  it('stays quiet for a recurring payment the customer has had for months', () => {
    const old = monthly(
      ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'],
      10,
      3990,
      gym,
    );
    expect(checked(newRecurringPayment, inputOf([...history, ...old]), settings)).toEqual([]);
  });

  it('does not call everything new for a customer who has just connected', () => {
    const payments = monthly(['2026-10', '2026-11'], 10, 3990, gym);
    const justConnected = [transaction('2026-09-01', 1000), ...payments];
    expect(checked(newRecurringPayment, inputOf(justConnected), settings)).toEqual([]);
    // 60 days of history before it is enough.
    const longer = [transaction('2026-08-11', 1000), ...payments];
    expect(checked(newRecurringPayment, inputOf(longer), settings)).toHaveLength(1);
  });

  it('counts "recent" up to exactly recentDays before today', () => {
    // 19 September + 62 days = 20 November (today).
    const atLimit = monthly(['2026-09', '2026-10', '2026-11'], 19, 3990, gym);
    expect(checked(newRecurringPayment, inputOf([...history, ...atLimit]), settings)).toHaveLength(1);
    const beyond = monthly(['2026-09', '2026-10', '2026-11'], 18, 3990, gym);
    expect(checked(newRecurringPayment, inputOf([...history, ...beyond]), settings)).toEqual([]);
  });

  it('keeps its dedupe key at every sync while it is new', () => {
    const payments = monthly(['2026-10', '2026-11'], 10, 3990, gym);
    const first = checked(newRecurringPayment, inputOf([...history, ...payments]), settings);
    const later = checked(
      newRecurringPayment,
      inputOf([...history, ...payments], {}, '2026-12-01T07:00:00.000Z'),
      settings,
    );
    expect(later.map((candidate) => candidate.dedupeKey)).toEqual(
      first.map((candidate) => candidate.dedupeKey),
    );
  });

  it('rates a payment that is large against monthly spending as more relevant', () => {
    const small = monthly(['2026-10', '2026-11'], 10, 500, { recurringId: 'r-app' });
    const large = monthly(['2026-10', '2026-11'], 10, 50000, { recurringId: 'r-loan' });
    const [app, loan] = checked(
      newRecurringPayment,
      inputOf([...history, ...small, ...large], { 'spend.monthly': 200000 }),
      settings,
    );
    expect(app!.dedupeKey).toBe('new-recurring-payment:r-app:EUR');
    expect(app!.title).toBe('New regular payment');
    expect(loan!.relevance).toBeGreaterThan(app!.relevance);
  });
});
