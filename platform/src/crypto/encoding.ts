/**
 * Canonical encoding of a list of fields for associated data: each field is a 4-byte big-endian length
 * followed by its bytes (strings as UTF-8). Unlike joining with a separator, no two different lists
 * encode to the same bytes (`["a:b", "c"]` vs `["a", "b:c"]`).
 */
export function lengthPrefixed(fields: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) {
    const bytes = typeof field === 'string' ? Buffer.from(field, 'utf8') : Buffer.from(field);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}
