import { describe, expect, it } from 'vitest';
import { SeenMemo } from './seen-memo';

describe('SeenMemo', () => {
  const minutes = (count: number) => count * 60_000;

  it('claims a first sighting, then nothing until the refresh interval has passed', () => {
    let now = 0;
    const memo = new SeenMemo(minutes(10), 100, () => now);
    expect(memo.claim('bank subject', 'facts')).toBe(true);
    now = minutes(9);
    expect(memo.claim('bank subject', 'facts')).toBe(false);
    now = minutes(10);
    expect(memo.claim('bank subject', 'facts')).toBe(true);
    now = minutes(11);
    expect(memo.claim('bank subject', 'facts')).toBe(false);
  });

  it('claims at once when the facts changed (a renamed user, a new role)', () => {
    let now = 0;
    const memo = new SeenMemo(minutes(10), 100, () => now);
    memo.claim('bank subject', 'Ana');
    now = minutes(1);
    expect(memo.claim('bank subject', 'Ana Novak')).toBe(true);
    expect(memo.claim('bank subject', 'Ana Novak')).toBe(false);
  });

  it('keeps subjects apart, and a forgotten key is claimed again', () => {
    const memo = new SeenMemo(minutes(10), 100, () => 0);
    expect(memo.claim('bank a', 'facts')).toBe(true);
    expect(memo.claim('bank b', 'facts')).toBe(true);
    memo.forget('bank a');
    expect(memo.claim('bank a', 'facts')).toBe(true);
    expect(memo.claim('bank b', 'facts')).toBe(false);
  });

  it('holds at most maxEntries keys, starting again empty past them', () => {
    const memo = new SeenMemo(minutes(10), 2, () => 0);
    memo.claim('one', 'facts');
    memo.claim('two', 'facts');
    expect(memo.claim('three', 'facts')).toBe(true);
    expect(memo.claim('one', 'facts')).toBe(true);
    expect(memo.claim('three', 'facts')).toBe(false);
  });
});
