/**
 * Small invariant checks the harness applies to what a plugin returns. Each returns a message saying what
 * is wrong (and how to fix it), or null.
 */
import { MoneyFormatError, moneyFromMinor, type Money } from '../money';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Money must be an integer count of minor units as a string, with an ISO 4217 currency. */
export function moneyProblem(value: unknown, what: string, options: { signed: boolean }): string | null {
  if (!value || typeof value !== 'object') return `${what} is not Money ({ minor, currency })`;
  const { minor, currency } = value as Partial<Money>;
  if (typeof minor !== 'string') {
    return `${what}.minor must be a string of integer minor units (e.g. "1230" for 12.30), got ${typeof minor}`;
  }
  try {
    moneyFromMinor(minor, String(currency));
  } catch (error) {
    if (error instanceof MoneyFormatError)
      return `${what}: ${error.message} Use moneyFromDecimal to convert.`;
    throw error;
  }
  if (!options.signed && minor.startsWith('-')) {
    return `${what} is negative (${minor}); transaction amounts are positive, \`direction\` says which way`;
  }
  return null;
}

/** An ISO date `YYYY-MM-DD` that exists. */
export function dateProblem(value: unknown, what: string): string | null {
  if (typeof value !== 'string' || !isoDate.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return `${what} must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(value)}`;
  }
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
    ? null
    : `${what} ${value} is not a real date`;
}

/** An ISO 8601 instant with a time zone (`2026-10-31T23:59:59Z`). */
export function instantProblem(value: unknown, what: string): string | null {
  return typeof value === 'string' &&
    /T.*(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
    ? null
    : `${what} must be an ISO 8601 instant with a zone (e.g. 2026-10-31T23:59:59Z), got ${JSON.stringify(value)}`;
}

/** One of `allowed`. */
export function enumProblem(value: unknown, allowed: readonly string[], what: string): string | null {
  return typeof value === 'string' && allowed.includes(value)
    ? null
    : `${what} is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`;
}

/**
 * Whether `value` crosses the platform's boundary unchanged as JSON: what an isolated plugin returns is
 * serialised strictly (a function, symbol, bigint, non-finite number, cycle or class instance is refused),
 * and grants are stored as JSON. Returns the first offending path.
 */
export function jsonProblem(value: unknown, what: string): string | null {
  const seen = new Set<object>();
  const visit = (node: unknown, path: string): string | null => {
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return null;
    if (typeof node === 'number')
      return Number.isFinite(node) ? null : `${path} is ${node}, which is not JSON`;
    if (typeof node !== 'object') return `${path} is a ${typeof node}, which is not JSON`;
    if (seen.has(node)) return `${path} is a cycle, which is not JSON`;
    seen.add(node);
    const prototype = Object.getPrototypeOf(node) as unknown;
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) {
        const problem =
          item === undefined ? `${path}[${index}] is undefined` : visit(item, `${path}[${index}]`);
        if (problem) return problem;
      }
    } else if (prototype !== Object.prototype && prototype !== null) {
      const name = (node as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `${path} is a ${name}, not a plain JSON object (dates are ISO strings, money is { minor, currency })`;
    } else {
      for (const [key, item] of Object.entries(node)) {
        if (item === undefined) continue; // dropped by JSON, as an absent optional field
        const problem = visit(item, `${path}.${key}`);
        if (problem) return problem;
      }
    }
    seen.delete(node);
    return null;
  };
  return visit(value, what);
}

/** `error` as the platform would log it. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${error === null ? 'null' : typeof error} (${String(error)}); throw Error objects`;
}

/** A run that stopped at a failed call (the problem is reported already). */
export const failed = Symbol('failed');

/** Runs `action`; what it throws becomes a problem of `step` (plugins' errors never escape the harness). */
export async function attempt<T>(
  step: string,
  problem: (step: string, message: string) => void,
  action: () => T | Promise<T>,
): Promise<T | typeof failed> {
  try {
    return await action();
  } catch (error) {
    problem(step, `threw ${describeError(error)}`);
    return failed;
  }
}

/** The same call answered differently: the platform caches answers, so they must depend on the input only. */
export function sameAnswer(
  step: string,
  first: unknown,
  second: unknown,
  problem: (step: string, message: string) => void,
) {
  if (JSON.stringify(first) !== JSON.stringify(second)) {
    problem(
      step,
      'answered differently when asked the same twice; it must depend only on its input (the platform caches it)',
    );
  }
}
