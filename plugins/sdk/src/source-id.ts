import { createHash } from 'node:crypto';

/**
 * A stable transaction id for sources that have none (statement files): a hash of the fields that
 * identify the transaction plus its occurrence number among identical ones in the same file, so two
 * genuinely identical coffees on one day stay two transactions and a re-import of the file matches
 * both again. Keep `parts` to fields the source never rewrites (dates, amount, reference, text).
 */
export function deriveSourceId(parts: readonly string[], occurrence: number): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  hash.update(`#${occurrence}`);
  return `d-${hash.digest('base64url').slice(0, 32)}`;
}
