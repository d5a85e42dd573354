import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../errors';
import { createRequestContext, runInContext } from '../request-context';
import {
  checkCurrency,
  checkGoalName,
  checkPositiveAmount,
  checkSignedAmount,
  checkSpendingCategory,
  checkTargetDate,
} from './validation';

function problemsOf(check: (problems: FieldProblem[]) => unknown): {
  value: unknown;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const value = check(problems);
  return { value, problems };
}

describe('customer tool input checks', () => {
  it.each(['1', '40000', '1000000000000000'])('amount %s is accepted', (amount) => {
    expect(problemsOf((p) => checkPositiveAmount(p, 'input.amountMinor', amount))).toEqual({
      value: BigInt(amount),
      problems: [],
    });
  });

  it.each(['0', '-5', '1.50', '12e3', '', ' 10', '1000000000000001', '99999999999999999'])(
    'amount %j is refused on its field',
    (amount) => {
      const { value, problems } = problemsOf((p) => checkPositiveAmount(p, 'input.amountMinor', amount));
      expect(value).toBeNull();
      expect(problems).toEqual([
        { field: 'input.amountMinor', problem: expect.stringContaining('minor units') },
      ]);
    },
  );

  it('a signed amount may be negative, never zero', () => {
    expect(problemsOf((p) => checkSignedAmount(p, 'amountMinor', '-250')).value).toBe(-250n);
    expect(problemsOf((p) => checkSignedAmount(p, 'amountMinor', '250')).value).toBe(250n);
    expect(problemsOf((p) => checkSignedAmount(p, 'amountMinor', '0')).problems).toHaveLength(1);
    expect(problemsOf((p) => checkSignedAmount(p, 'amountMinor', '--1')).problems).toHaveLength(1);
  });

  it('currencies: ISO 4217 codes in capitals only', () => {
    expect(problemsOf((p) => checkCurrency(p, 'c', 'EUR')).value).toBe('EUR');
    for (const bad of ['eur', 'EURO', 'XYZ', '']) {
      expect(problemsOf((p) => checkCurrency(p, 'c', bad)).problems, bad).toHaveLength(1);
    }
  });

  it('budgets take spending categories only, not income, transfers, cash or unknown ids', () => {
    expect(problemsOf((p) => checkSpendingCategory(p, 'input.category', 'groceries')).value).toBe(
      'groceries',
    );
    for (const bad of ['salary', 'transfer-out', 'cash-withdrawal', 'food', 'Groceries']) {
      const { problems } = problemsOf((p) => checkSpendingCategory(p, 'input.category', bad));
      expect(problems, bad).toEqual([
        { field: 'input.category', problem: expect.stringContaining('groceries') },
      ]);
    }
  });

  it('goal names are trimmed, 1-80 characters', () => {
    expect(problemsOf((p) => checkGoalName(p, 'n', '  Wedding ')).value).toBe('Wedding');
    expect(problemsOf((p) => checkGoalName(p, 'n', '   ')).problems).toHaveLength(1);
    expect(problemsOf((p) => checkGoalName(p, 'n', 'x'.repeat(81))).problems).toHaveLength(1);
    expect(problemsOf((p) => checkGoalName(p, 'n', '€'.repeat(80))).problems).toHaveLength(0);
  });

  it('target dates are real calendar dates after today (UTC)', () => {
    const today = new Date('2026-11-26T23:30:00Z');
    expect(problemsOf((p) => checkTargetDate(p, 'd', '2026-11-27', today)).value).toBe('2026-11-27');
    expect(problemsOf((p) => checkTargetDate(p, 'd', '2026-11-26', today)).problems).toEqual([
      { field: 'd', problem: 'must be after today' },
    ]);
    for (const bad of ['2027-02-30', '2027-13-01', '27-01-01', '2027-1-1']) {
      expect(problemsOf((p) => checkTargetDate(p, 'd', bad, today)).problems, bad).toEqual([
        { field: 'd', problem: expect.stringContaining('YYYY-MM-DD') },
      ]);
    }
  });

  it('name their problems in the request’s language (Slovenian for sl), on the same fields', () => {
    const today = new Date('2026-11-26T23:30:00Z');
    const inSlovenian = <T>(check: () => T) => runInContext(createRequestContext({ locale: 'sl' }), check);
    expect(
      inSlovenian(() => problemsOf((p) => checkTargetDate(p, 'd', '2026-11-26', today)).problems),
    ).toEqual([{ field: 'd', problem: 'mora biti po današnjem dnevu' }]);
    expect(inSlovenian(() => problemsOf((p) => checkCurrency(p, 'c', 'eur')).problems)).toEqual([
      { field: 'c', problem: 'mora biti koda valute ISO 4217 z velikimi črkami, npr. »EUR«' },
    ]);
    expect(inSlovenian(() => problemsOf((p) => checkGoalName(p, 'n', ' ')).problems)).toEqual([
      { field: 'n', problem: 'mora imeti od 1 do 80 znakov' },
    ]);
  });
});
