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
  const invalid = () =>
    Invalid.fields([{ field: 'after', problem: 'must be a cursor returned by this API' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== 'c1') throw invalid();
  const [, createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !uuid.test(id)) throw invalid();
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) throw invalid();
  return { createdAt: date, id };
}

/** The where-clause of the rows after `after` in (createdAt, id) order; everything when there is none. */
export function afterCursor(after: Cursor | undefined) {
  return after
    ? {
        $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, id: { $gt: after.id } }],
      }
    : {};
}
