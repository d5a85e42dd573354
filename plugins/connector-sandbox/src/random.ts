import { createHash } from 'node:crypto';

/**
 * A small seeded PRNG (sfc32, Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state)
 * seeded from SHA-256 of a key, so every customer has its own independent stream.
 *
 * Only exactly-rounded operations (32-bit integer arithmetic, +, −, ×, ÷, floor) touch generated
 * numbers: ECMAScript leaves `Math.exp`, `Math.log`, `Math.sin`, `Math.pow` implementation-approximated,
 * so using them could make the same seed give different output on another engine or machine.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(private readonly key: string) {
    const digest = createHash('sha256').update(key).digest();
    this.a = digest.readUInt32LE(0);
    this.b = digest.readUInt32LE(4);
    this.c = digest.readUInt32LE(8);
    this.d = digest.readUInt32LE(12);
    // The first outputs of a freshly seeded sfc32 are correlated with the seed: discard them.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A generator for `parts` (joined unambiguously), e.g. `Random.of('sandbox', seed, index)`. */
  static of(...parts: readonly (string | number)[]): Random {
    return new Random(parts.map((part) => `${String(part).length}:${part}`).join('|'));
  }

  /**
   * An independent stream for one purpose (`'groceries'`), so that a change in how one part of a
   * customer is generated does not reshuffle every other part.
   */
  fork(label: string): Random {
    return new Random(`${this.key}/${label.length}:${label}`);
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list.');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** One item, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let target = this.float() * total;
    for (const [item, weight] of items) {
      target -= weight;
      if (target < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError('Cannot pick from an empty list.');
    return last[0];
  }

  /**
   * Approximately standard normal (Irwin–Hall: the sum of 12 uniforms minus 6), bounded to ±6;
   * exact arithmetic only, see the class comment.
   */
  normal(): number {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += this.float();
    return sum - 6;
  }

  /**
   * A positive, right-skewed multiplier with median 1, for amounts (most coffees are small, a few
   * are large): `(1 + spread·z)` for z ≥ 0 and `1 / (1 − spread·z)` below, z standard normal.
   */
  skewed(spread: number): number {
    const z = this.normal() * spread;
    return z >= 0 ? 1 + z : 1 / (1 - z);
  }
}
