import { type FeatureVector, moneyFromMinor } from '@finpersona/plugin-sdk';
import type { RecentActivity } from '../behaviour';
import { insightInputOf } from './insights.service';
import { describe, expect, it } from 'vitest';
import { insightLanguage, renderInsightText } from './insight-text';
import { learnedRelevance, noEngagement, relevancePriorStrength, shouldNotify } from './relevance';

describe('insight text in the customer locale', () => {
  const parameters = {
    merchant: { type: 'text', value: 'Streamflix' },
    oldAmount: { type: 'money', value: moneyFromMinor('999', 'EUR') },
    newAmount: { type: 'money', value: moneyFromMinor('123456789012345678', 'EUR') },
    rise: { type: 'percent', basisPoints: 3003 },
    on: { type: 'date', value: '2026-12-01' },
    count: { type: 'number', value: 1234.5 },
  } as const;

  it('formats money exactly from minor units, percent from basis points, dates without a zone shift', () => {
    expect(
      renderInsightText(
        '{merchant} rose from {oldAmount} to {newAmount} ({rise}) on {on}; {count}',
        parameters,
        'en-GB',
      ),
    ).toBe('Streamflix rose from €9.99 to €1,234,567,890,123,456.78 (30.03%) on 1 December 2026; 1,234.5');
  });

  it('uses the locale’s separators and symbol placement', () => {
    expect(renderInsightText('{oldAmount} · {rise}', parameters, 'de-DE')).toBe('9,99\u00a0€ · 30,03\u00a0%');
  });

  it('leaves an unknown placeholder as written', () => {
    expect(renderInsightText('Hello {nobody}', parameters, 'en-GB')).toBe('Hello {nobody}');
  });
});

describe('relevance learned from engagement', () => {
  it('is the generator hint without engagement', () => {
    expect(learnedRelevance(0.7, noEngagement)).toBeCloseTo(0.7, 10);
  });

  it('follows the Beta posterior mean: (k·h + positive) / (k + positive + negative)', () => {
    const engagement = {
      shown: 40,
      opened: 12,
      acted: 3,
      thumbsUp: 8,
      dismissed: 10,
      thumbsDown: 5,
      responded: 30,
    };
    // positive 12 + 3 + 8 = 23, negative 15 + 0.2 × 10 ignored = 17
    const k = relevancePriorStrength;
    expect(learnedRelevance(0.5, engagement)).toBeCloseTo((k * 0.5 + 23) / (k + 23 + 17), 10);
  });

  it('rises above a hint customers like and falls below one they dismiss', () => {
    const liked = {
      shown: 50,
      opened: 40,
      acted: 0,
      thumbsUp: 10,
      dismissed: 0,
      thumbsDown: 0,
      responded: 50,
    };
    const disliked = {
      shown: 50,
      opened: 0,
      acted: 0,
      thumbsUp: 0,
      dismissed: 40,
      thumbsDown: 10,
      responded: 50,
    };
    expect(learnedRelevance(0.5, liked)).toBeGreaterThan(0.85);
    expect(learnedRelevance(0.5, disliked)).toBeLessThan(0.1);
    expect(shouldNotify(learnedRelevance(0.5, liked))).toBe(true);
    expect(shouldNotify(learnedRelevance(0.5, disliked))).toBe(false);
    expect(shouldNotify(0.59, 0.6)).toBe(false);
  });

  it('refuses a hint outside [0, 1]', () => {
    expect(() => learnedRelevance(1.5, noEngagement)).toThrow(RangeError);
  });
});

describe('a generator’s input from stored activity', () => {
  const activity: RecentActivity = {
    asOf: '2026-11-20T09:00:00.000Z',
    features: {
      'transactions.monthly': 31,
      'forecast.min-balance-30d': -2500,
      'forecast.days-to-min-balance': 4,
      'income.monthly': 250000,
    } as unknown as FeatureVector,
    transactions: [
      {
        id: 't-old',
        accountId: 'a-1',
        bookingDate: '2026-09-01',
        amountMinor: 1299,
        currency: 'EUR',
        direction: 'debit',
        recurringKey: 'series-stream',
      },
      {
        id: 't-new',
        accountId: 'a-1',
        bookingDate: '2026-11-01',
        amountMinor: 1499,
        currency: 'EUR',
        direction: 'debit',
        category: 'subscriptions',
        merchant: 'Streamflix',
        recurringKey: 'series-stream',
      },
      {
        id: 't-pay',
        accountId: 'a-1',
        bookingDate: '2026-11-15',
        amountMinor: 250000,
        currency: 'EUR',
        direction: 'credit',
      },
    ],
  };

  it('gives only the declared features (families included), the days asked for, recurring series and money in minor units', () => {
    const input = insightInputOf(
      activity,
      { features: ['transactions.monthly', 'forecast.*', 'balance.mean'], transactionDays: 30 },
      'p-1',
    );
    expect(input.customer).toBe('p-1');
    expect(input.features).toEqual({
      'transactions.monthly': 31,
      'forecast.min-balance-30d': -2500,
      'forecast.days-to-min-balance': 4,
      'balance.mean': null,
    });
    expect(input.transactions.window).toEqual({ from: '2026-10-21T09:00:00.000Z', to: activity.asOf });
    expect(input.transactions.items).toEqual([
      {
        id: 't-new',
        accountId: 'a-1',
        bookingDate: '2026-11-01',
        amount: { minor: '1499', currency: 'EUR' },
        direction: 'debit',
        category: 'subscriptions',
        merchant: 'Streamflix',
        recurringId: 'series-stream',
      },
      {
        id: 't-pay',
        accountId: 'a-1',
        bookingDate: '2026-11-15',
        amount: { minor: '250000', currency: 'EUR' },
        direction: 'credit',
      },
    ]);
    expect(input.now).toBe(activity.asOf);
  });
});

describe('the language an insight is written in', () => {
  it('follows the customer when the generator writes their language, figures in their full locale', () => {
    expect(insightLanguage('sl-SI', ['en', 'sl'])).toEqual({ write: 'sl', format: 'sl-SI' });
    expect(insightLanguage('sl', ['en', 'sl'])).toEqual({ write: 'sl', format: 'sl' });
    expect(insightLanguage('en-GB', ['en', 'sl'])).toEqual({ write: 'en', format: 'en-GB' });
    // A 1.0.0 generator (no `locales`) writes English.
    expect(insightLanguage('en-US', undefined)).toEqual({ write: 'en', format: 'en-US' });
  });

  it('falls back to English words and English figures for an unknown, malformed or missing locale', () => {
    expect(insightLanguage('de-AT', ['en', 'sl'])).toEqual({ write: 'en', format: 'en' });
    expect(insightLanguage('not a locale', ['en', 'sl'])).toEqual({ write: 'en', format: 'en' });
    expect(insightLanguage(null, ['en', 'sl'])).toEqual({ write: 'en', format: 'en' });
    expect(insightLanguage('sl', undefined)).toEqual({ write: 'en', format: 'en' });
  });
});
