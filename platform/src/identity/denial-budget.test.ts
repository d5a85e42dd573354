import { describe, expect, it } from 'vitest';
import { DenialBudget } from './denial-budget';

describe('DenialBudget', () => {
  it('allows max refusals per address and window, then says how long to wait; other addresses are apart', () => {
    let now = 1_000_000;
    const budget = new DenialBudget(3, 60_000, () => now);
    expect([budget.spend('a'), budget.spend('a'), budget.spend('a')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(budget.spend('a')).toBe(60);
    expect(budget.spend('b')).toBeUndefined();
    now += 30_000;
    expect(budget.spend('a')).toBe(30);
    now += 30_000;
    expect(budget.spend('a')).toBeUndefined(); // a new window
  });
});
