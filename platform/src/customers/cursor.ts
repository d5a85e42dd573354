import { Invalid } from '../errors';

/** Position after a row in the (createdAt, id) order. Opaque to clients: only ever echo it back. */
export interface CustomerCursor {
  createdAt: Date;
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: CustomerCursor): string {
  return Buffer.from(JSON.stringify(['c1', cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): CustomerCursor {
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
