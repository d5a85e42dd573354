/**
 * Properties that must hold for every customer, checked on many generated ones (seeded, so every run sees
 * the same customers): every candidate passes the contract the host checks, keys are unique, amounts are
 * exact, the answer is the same twice, and a second sync the same day gives the same dedupe keys.
 */
import {
  candidateInsightProblems,
  seededRandom,
  type FeatureVector,
  type InsightInput,
  type InsightTransaction,
} from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from './calendar';
import { createInsightGenerator, kinds } from './generator';
import { defaultSettings, type InsightSettings, transactionDays } from './settings';

const categories = [
  'groceries',
  'eating-out',
  'travel',
  'shopping',
  'transport',
  'transfer-out',
  'cash-withdrawal',
];

function customer(seed: number): { items: InsightTransaction[]; features: FeatureVector; now: string } {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const amount = (max: number) => 1 + Math.floor(next() * max);
  const now = `${addDays('2026-06-01', Math.floor(next() * 365))}T${String(Math.floor(next() * 24)).padStart(2, '0')}:15:00.000Z`;
  const today = now.slice(0, 10);
  const months = 1 + Math.floor(next() * 14);
  const firstMonth = addMonths(today.slice(0, 7), -months);
  const currency = next() < 0.9 ? 'EUR' : 'GBP';
  const items: InsightTransaction[] = [];
  const add = (bookingDate: string, minor: number, details: Partial<InsightTransaction> = {}) => {
    if (bookingDate >= today) return;
    items.push({
      id: `t-${items.length + 1}`,
      accountId: 'a-1',
      bookingDate,
      amount: { minor: String(minor), currency },
      direction: 'debit',
      ...details,
    });
  };
  for (let month = 0; month <= months; month++) {
    const start = `${addMonths(firstMonth, month)}-01`;
    const salary = 250000 + (month > months / 2 && next() < 0.5 ? 40000 : 0);
    if (next() < 0.9)
      add(addDays(start, 0), salary, { direction: 'credit', category: pick(['salary', 'pension']) });
    for (let index = 0, count = Math.floor(next() * 12); index < count; index++) {
      add(addDays(start, Math.floor(next() * 28)), amount(next() < 0.05 ? 200000 : 12000), {
        ...(next() < 0.8 ? { category: pick(categories) } : {}),
        ...(next() < 0.5 ? { merchant: pick(['Shop A', 'Cafe B', 'Rail C']) } : {}),
      });
    }
  }
  for (let series = 0, count = Math.floor(next() * 4); series < count; series++) {
    const starts = Math.floor(next() * (months + 1));
    const price = amount(5000);
    const rise = next() < 0.4 ? amount(800) : 0;
    const riseAt = Math.floor(next() * (months + 1));
    for (let month = starts; month <= months; month++) {
      add(
        `${addMonths(firstMonth, month)}-${String(1 + series * 7).padStart(2, '0')}`,
        month >= riseAt ? price + rise : price,
        {
          recurringId: `r-${series}`,
          category: 'subscriptions',
          ...(series % 2 === 0 ? { merchant: `Service ${series}` } : {}),
        },
      );
    }
  }
  const maybe = (value: number) => (next() < 0.15 ? null : value);
  const features: FeatureVector = {
    'balance.idle': maybe(Math.floor(next() * 900000) - 100000),
    'forecast.min-balance-30d': maybe(Math.floor(next() * 300000) - 100000),
    'forecast.days-to-min-balance': maybe(Math.floor(next() * 31)),
    'income.change': maybe(next() * 0.8 - 0.4),
    'income.regular': maybe(next() < 0.7 ? 1 : 0),
    'products-held.savings-account': maybe(next() < 0.5 ? 0 : 1),
    'spend.monthly': maybe(amount(400000)),
  };
  return { items, features, now };
}

function inputFor(seed: number, later = 0): InsightInput {
  const { items, features, now } = customer(seed);
  const at = new Date(Date.parse(now) + later).toISOString();
  const from = new Date(Date.parse(at) - transactionDays * 86_400_000).toISOString();
  return {
    customer: `p-${seed}`,
    features,
    transactions: {
      window: { from, to: at },
      items: items.filter((item) => item.bookingDate >= from.slice(0, 10)),
    },
    now: at,
  };
}

const declared = kinds.map((entry) => entry.kind);
const customers = 400;

describe('every kind, on generated customers', () => {
  for (const [name, settings] of [
    ['default settings', defaultSettings],
    [
      'loose settings',
      {
        ...defaultSettings,
        'unusual-spending': {
          ...defaultSettings['unusual-spending'],
          minimumHistoryMonths: 2,
          madMultiplier: 1,
        },
        'subscription-price-rise': {
          ...defaultSettings['subscription-price-rise'],
          minimumPreviousPayments: 1,
        },
        'new-recurring-payment': { ...defaultSettings['new-recurring-payment'], minimumHistoryDays: 0 },
      },
    ],
  ] as const) {
    it(`gives well-formed, unique, exact and repeatable candidates with ${name}`, async () => {
      const generator = createInsightGenerator(settings as InsightSettings);
      const seen = new Set<string>();
      for (let seed = 1; seed <= customers; seed++) {
        const input = inputFor(seed);
        const candidates = await generator.generate(input);
        expect(candidateInsightProblems(candidates, input, declared), `customer ${seed}`).toEqual([]);
        const keys = candidates.map((candidate) => candidate.dedupeKey);
        expect(new Set(keys).size, `customer ${seed}`).toBe(keys.length);
        for (const candidate of candidates) {
          seen.add(candidate.kind);
          for (const parameter of Object.values(candidate.parameters)) {
            if (parameter.type === 'money') expect(parameter.value.minor).toMatch(/^-?(0|[1-9][0-9]*)$/);
            if (parameter.type === 'percent') expect(Number.isInteger(parameter.basisPoints)).toBe(true);
          }
        }
        expect(await generator.generate(input)).toEqual(candidates);
        // A second sync an hour later the same day: the same events, so the same keys.
        const sameDay = input.now.slice(11, 13) < '23' ? 3_600_000 : 0;
        const again = await generator.generate(inputFor(seed, sameDay));
        expect(
          again.map((candidate) => candidate.dedupeKey),
          `customer ${seed}`,
        ).toEqual(keys);
      }
      // The generated customers are varied enough to reach every kind.
      expect([...seen].sort()).toEqual([...declared].sort());
    });
  }
});
