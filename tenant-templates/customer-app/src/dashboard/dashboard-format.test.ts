import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { CashFlowForecast, SpendByCategory } from './dashboard-api.ts';
import {
  rentCategoryLabel,
  alertApiFields,
  alertInputFromForm,
  budgetApiFields,
  contributionFromForm,
  budgetInputFromForm,
  describePriceChange,
  featureLabel,
  forecastGeometry,
  formatDay,
  goalInputFromForm,
  problemsFromApi,
  withoutProblem,
  progressWidth,
  scenarioOf,
  spendRows,
} from './dashboard-format.ts';

const eur = (minor: string) => ({ minor, currency: 'EUR' });

describe('spending this month against the usual month', () => {
  const spending: SpendByCategory = {
    from: '2026-08-01',
    to: '2026-11-26',
    categories: [
      {
        category: 'groceries',
        total: eur('81000'),
        transactions: 13,
        byMonth: [
          { month: '2026-08', amount: eur('18000') },
          { month: '2026-09', amount: eur('18000') },
          { month: '2026-10', amount: eur('18001') },
          { month: '2026-11', amount: eur('27000') },
        ],
      },
      {
        category: 'housing',
        total: eur('405000'),
        transactions: 4,
        byMonth: [
          { month: '2026-08', amount: eur('100000') },
          { month: '2026-09', amount: eur('100000') },
          { month: '2026-10', amount: eur('100000') },
          { month: '2026-11', amount: eur('105000') },
        ],
      },
      {
        category: 'travel',
        total: eur('0'),
        transactions: 0,
        byMonth: [
          { month: '2026-08', amount: eur('0') },
          { month: '2026-11', amount: eur('0') },
        ],
      },
      {
        category: null,
        total: eur('500'),
        transactions: 1,
        byMonth: [{ month: '2026-11', amount: eur('500') }],
      },
    ],
  };
  const labels = new Map([
    ['groceries', 'Groceries'],
    ['housing', 'Housing'],
  ]);

  it('averages the earlier months exactly (rounded to a cent), sorts by this month and drops empty rows', () => {
    const rows = spendRows(spending, labels);
    expect(rows.map((row) => [row.label, row.thisMonth.minor, row.usual.minor, row.trend])).toEqual([
      ['Housing', '105000', '100000', 'above'],
      ['Groceries', '27000', '18000', 'above'],
      ['Not categorised yet', '500', '0', 'above'],
    ]);
    // 18000 + 18000 + 18001 = 54001 / 3 = 18000.33 → 18000.
    expect(rows[0]!.thisMonthWidth).toBe(100);
    expect(rows[1]!.thisMonthWidth).toBe(26);
  });
});

describe('forecast chart', () => {
  const forecast: CashFlowForecast = {
    asOf: '2026-11-26T00:00:00Z',
    startingBalance: eur('100000'),
    days: [
      {
        date: '2026-11-27',
        low: eur('-10000'),
        expected: eur('50000'),
        high: eur('100000'),
        recurring: eur('0'),
      },
      {
        date: '2026-11-28',
        low: eur('-20000'),
        expected: eur('40000'),
        high: eur('90000'),
        recurring: eur('0'),
      },
    ],
    lowest: null,
  };

  it('draws the band between the 10th and 90th percentile and the expected line, with a zero line inside the range', () => {
    const geometry = forecastGeometry(forecast, 100, 120)!;
    expect(geometry.line).toBe('M0.0,50.0 L100.0,60.0');
    expect(geometry.band).toBe('M0.0,0.0 L100.0,10.0 L100.0,120.0 L0.0,110.0 Z');
    expect(geometry.zeroY).toBe(100);
    expect(geometry.min).toEqual(eur('-20000'));
  });

  it('draws nothing without days', () => {
    expect(forecastGeometry({ ...forecast, days: [] }, 100, 120)).toBeNull();
  });
});

describe('what-if scenarios', () => {
  it('names cancelled recurring payments and a rent rise on the housing category; nothing chosen is no scenario', () => {
    expect(scenarioOf(['k1'], 5)).toEqual({
      removeRecurring: ['k1'],
      scaleCategories: [{ category: 'housing', percent: 5 }],
    });
    expect(scenarioOf([], 0)).toBeNull();
  });
});

describe('budget and goal forms', () => {
  it('sends minor units and the currency in capitals when the form is right', () => {
    expect(budgetInputFromForm({ category: 'groceries', amount: '250.5', currency: 'eur' })).toEqual({
      input: { category: 'groceries', amountMinor: '25050', currency: 'EUR' },
      problems: {},
    });
  });

  it('names every wrong field and sends nothing', () => {
    expect(budgetInputFromForm({ category: '', amount: '12,345', currency: 'euro' })).toEqual({
      input: null,
      problems: {
        category: 'Choose a category',
        amount: 'Enter an amount above zero, like 250.00',
        currency: 'Enter a currency code like EUR',
      },
    });
    expect(
      budgetInputFromForm({ category: 'groceries', amount: '0.00', currency: 'EUR' }).problems.amount,
    ).toBeDefined();
  });

  it('wants a goal date after today and a name of at most 80 characters', () => {
    const checked = goalInputFromForm(
      { name: 'x'.repeat(81), target: '1000', currency: 'EUR', targetDate: '2026-11-26' },
      '2026-11-26',
    );
    expect(checked.input).toBeNull();
    expect(Object.keys(checked.problems).sort()).toEqual(['name', 'targetDate']);
    expect(
      goalInputFromForm({ name: ' Bike ', target: '1000', currency: 'EUR', targetDate: '' }, '2026-11-26')
        .input,
    ).toEqual({
      name: 'Bike',
      targetAmountMinor: '100000',
      currency: 'EUR',
      targetDate: null,
    });
  });

  it("puts the API's INVALID problems beside the form's fields", () => {
    const error = new ApiError('INVALID', 'The input is not valid', undefined, undefined, undefined, {
      fields: [
        { field: 'input.amountMinor', problem: 'must be a whole number of minor units between 1 and 1000' },
        { field: 'input.period', problem: 'must be monthly' },
      ],
      fileProblems: [],
      moreFileProblems: 0,
    });
    expect(problemsFromApi(error, budgetApiFields)).toEqual({
      fields: { amount: 'Must be a whole number of minor units between 1 and 1000' },
      other: 'input.period: must be monthly',
    });
    expect(
      problemsFromApi(new ApiError('CONFLICT', 'You have a budget for this category'), budgetApiFields),
    ).toEqual({
      fields: {},
      other: 'You have a budget for this category',
    });
  });

  it("takes away only the changed field's problem, and keeps the same object when it had none", () => {
    const problems = { amount: 'Enter an amount above zero, like 250.00', currency: 'Enter a currency code' };
    expect(withoutProblem(problems, 'amount')).toEqual({ currency: 'Enter a currency code' });
    expect(problems.amount).toBeDefined();
    expect(withoutProblem(problems, 'category' as 'amount')).toBe(problems);
  });
});

describe('savings contributions and alerts', () => {
  it('turns "add money" into a positive contribution and "took money out" into a negative one', () => {
    const saved = { minor: '2500', currency: 'EUR' };
    expect(contributionFromForm({ direction: 'add', amount: '50' }, saved)).toEqual({
      input: { amountMinor: '5000' },
      problems: {},
    });
    expect(contributionFromForm({ direction: 'take-out', amount: '12.5' }, saved).input).toEqual({
      amountMinor: '-1250',
    });
    // More than the goal holds: said in money, nothing sent.
    const tooMuch = contributionFromForm({ direction: 'take-out', amount: '25.01' }, saved);
    expect(tooMuch.input).toBeNull();
    expect(tooMuch.problems.amount).toMatch(/^You have .*25\.00 in this goal: take out at most that$/);
    for (const amount of ['', '0', '-5', '1.234', 'ten']) {
      expect(contributionFromForm({ direction: 'add', amount }, saved)).toEqual({
        input: null,
        problems: { amount: 'Enter an amount above zero, like 250.00' },
      });
    }
  });

  const alert = { kind: '', accountId: '', budgetId: '', threshold: '', cooldownHours: '' };
  const currencyOf = (accountId: string) => (accountId === 'gbp-account' ? 'GBP' : 'EUR');

  it('asks each kind of alert for what it needs, in the chosen account’s currency', () => {
    expect(alertInputFromForm(alert, currencyOf)).toEqual({
      input: null,
      problems: { kind: 'Choose what the alert watches' },
    });
    expect(alertInputFromForm({ ...alert, kind: 'BALANCE_BELOW' }, currencyOf).problems).toEqual({
      accountId: 'Choose an account',
      threshold: 'Enter an amount above zero, like 250.00',
    });
    expect(
      alertInputFromForm(
        { ...alert, kind: 'BALANCE_BELOW', accountId: 'gbp-account', threshold: '100' },
        currencyOf,
      ).input,
    ).toEqual({ kind: 'BALANCE_BELOW', accountId: 'gbp-account', thresholdMinor: '10000', currency: 'GBP' });
    // Any account: no account id, the customer's default currency.
    expect(
      alertInputFromForm(
        { ...alert, kind: 'TRANSACTION_ABOVE', threshold: '500', cooldownHours: '48' },
        currencyOf,
      ).input,
    ).toEqual({ kind: 'TRANSACTION_ABOVE', thresholdMinor: '50000', currency: 'EUR', cooldownHours: 48 });
    expect(alertInputFromForm({ ...alert, kind: 'BUDGET_OVER' }, currencyOf).problems).toEqual({
      budgetId: 'Choose a budget',
    });
    // A budget alert sends no amount even if one was typed for another kind before.
    expect(
      alertInputFromForm({ ...alert, kind: 'BUDGET_OVER', budgetId: 'b1', threshold: '9' }, currencyOf).input,
    ).toEqual({ kind: 'BUDGET_OVER', budgetId: 'b1' });
  });

  it("checks the cooldown's form only and leaves its range (the fatigue rule) to the API, beside the same field", () => {
    const form = { ...alert, kind: 'TRANSACTION_ABOVE', threshold: '500' };
    expect(alertInputFromForm({ ...form, cooldownHours: 'soon' }, currencyOf).problems).toEqual({
      cooldownHours: 'Enter a whole number of hours, like 24',
    });
    expect(alertInputFromForm({ ...form, cooldownHours: '1000' }, currencyOf).input?.cooldownHours).toBe(
      1000,
    );
    const refusal = new ApiError('INVALID', 'The input is not valid', undefined, undefined, undefined, {
      fields: [{ field: 'input.cooldownHours', problem: 'must be a whole number of hours 0-720' }],
      fileProblems: [],
      moreFileProblems: 0,
    });
    expect(problemsFromApi(refusal, alertApiFields)).toEqual({
      fields: { cooldownHours: 'Must be a whole number of hours 0-720' },
      other: null,
    });
  });
});

describe('for people', () => {
  it('formats calendar days in UTC, price changes, progress and feature names', () => {
    expect(formatDay('2026-11-01', 'en-GB')).toBe('1 Nov 2026');
    expect(formatDay('not a day')).toBe('not a day');
    expect(
      describePriceChange({ previous: eur('100000'), last: eur('105000'), changeRatio: 0.05 }, 'en-GB'),
    ).toBe('up 5% (€1,000.00 → €1,050.00)');
    expect(progressWidth(eur('15000'), eur('10000'))).toBe(100);
    expect(progressWidth(eur('2500'), eur('10000'))).toBe(25);
    expect(featureLabel('income.monthly')).toBe('Your monthly income');
    expect(featureLabel('spend.category.eating-out')).toBe('Your spending on eating out');
  });
});

describe('rentCategoryLabel', () => {
  it("names the rent category by the taxonomy's label, its id only until the labels load", () => {
    expect(rentCategoryLabel(new Map([['housing', 'Stanovanje']]))).toBe('Stanovanje');
    expect(rentCategoryLabel(new Map())).toBe('housing');
  });
});
