import { Invalid } from '../errors';

/**
 * Position after a row in the (createdAt, id) order every list uses. Opaque to clients: only ever echo it back.
 */
export interface Cursor {
  createdAt: Date;
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(['c1', cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  const [createdAt, id] = taggedPair(value, 'c1');
  const date = new Date(createdAt);
  if (!uuid.test(id) || Number.isNaN(date.getTime())) throw invalidCursor();
  return { createdAt: date, id };
}

const invalidCursor = () =>
  Invalid.fields([{ field: 'after', problem: 'must be a cursor returned by this API' }]);

/** The two string values of an encoded `[tag, a, b]` cursor; INVALID for anything else. */
function taggedPair(value: string, tag: string): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== tag) throw invalidCursor();
  const [, first, second] = parsed as unknown[];
  if (typeof first !== 'string' || typeof second !== 'string') throw invalidCursor();
  return [first, second];
}

/** The where-clause of the rows after `after` in (createdAt, id) order; everything when there is none. */
export function afterCursor(after: Cursor | undefined) {
  return after
    ? {
        $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, id: { $gt: after.id } }],
      }
    : {};
}

/**
 * Position after a row in a (calendar day, id) order, for lists ordered by a date column rather than by
 * creation time (transactions, newest booking date first). Opaque like `Cursor`; a different tag, so a
 * cursor of one kind of list is refused by another.
 */
export interface DayCursor {
  /** ISO calendar date, `YYYY-MM-DD`. */
  day: string;
  id: string;
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export function encodeDayCursor(cursor: DayCursor): string {
  return Buffer.from(JSON.stringify(['d1', cursor.day, cursor.id])).toString('base64url');
}

export function decodeDayCursor(value: string): DayCursor {
  const [day, id] = taggedPair(value, 'd1');
  if (!isoDay.test(day) || !uuid.test(id)) throw invalidCursor();
  return { day, id };
}

/**
 * The where-clause of the rows after `after` in descending (`dayField`, id) order (newest first); everything
 * when there is none. Ties on the day are broken by id, so the order is total and pages never overlap or skip.
 */
export function afterDayCursorDescending(dayField: string, after: DayCursor | undefined) {
  return after
    ? {
        $or: [{ [dayField]: { $lt: after.day } }, { [dayField]: after.day, id: { $lt: after.id } }],
      }
    : {};
}

/**
 * Position after an item in a list ordered by a pair of keys, for lists that are not rows of a table (the
 * bank's products, from its catalogue plugins: ordered by catalogue, then product id). Opaque like `Cursor`;
 * its own tag, so a cursor of another kind of list is refused.
 */
export interface KeyCursor {
  first: string;
  second: string;
}

export function encodeKeyCursor(cursor: KeyCursor): string {
  return Buffer.from(JSON.stringify(['k1', cursor.first, cursor.second])).toString('base64url');
}

export function decodeKeyCursor(value: string): KeyCursor {
  const [first, second] = taggedPair(value, 'k1');
  return { first, second };
}
