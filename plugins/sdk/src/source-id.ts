import { base64Url, sha256 } from './sha256';

/**
 * A stable transaction id for sources that have none (statement files): a hash of the fields that
 * identify the transaction plus its occurrence number among identical ones in the same file, so two
 * genuinely identical coffees on one day stay two transactions and a re-import of the file matches
 * both again. Keep `parts` to fields the source never rewrites (dates, amount, reference, text).
 * Plain-JavaScript SHA-256, so an isolated plugin's bundle can use it too.
 */
export function deriveSourceId(parts: readonly string[], occurrence: number): string {
  let input = '';
  for (const part of parts) input += `${part.length}:${part}`;
  input += `#${occurrence}`;
  return `d-${base64Url(sha256(input)).slice(0, 32)}`;
}
