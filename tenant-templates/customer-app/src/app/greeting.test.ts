import { describe, expect, it } from 'vitest';
import { greeting } from './greeting.ts';

const at = (hour: number) => new Date(2025, 5, 2, hour, 30);

describe('greeting', () => {
  it('greets by first name and part of the day', () => {
    expect(greeting('Ana Novak', at(8))).toBe('Good morning, Ana');
    expect(greeting('Ana Novak', at(13))).toBe('Good afternoon, Ana');
    expect(greeting('Ana Novak', at(20))).toBe('Good evening, Ana');
    expect(greeting('Ana Novak', at(2))).toBe('Good evening, Ana');
  });

  it('still greets when the name is unknown', () => {
    expect(greeting(null, at(9))).toBe('Good morning');
    expect(greeting('  ', at(9))).toBe('Good morning');
  });
});
