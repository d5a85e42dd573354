import { createHmac, hkdfSync } from 'node:crypto';
import { lengthPrefixed } from './encoding';

/** Bytes of HMAC-SHA-256 kept (128 bits): collisions stay negligible, so a lookup needs no re-check. */
export const BLIND_INDEX_BYTES = 16;

/**
 * How a value is normalised before indexing, so equal values in the domain's sense index alike:
 * - `exact`: Unicode NFC only;
 * - `email`: trim, lower-case, then NFC (NFC last, so the result is always in normal form);
 * - `iban`: remove all white space, upper-case (IBANs are ASCII).
 */
export type Normalisation = 'exact' | 'email' | 'iban';

export function normalise(value: string, normalisation: Normalisation): string {
  switch (normalisation) {
    case 'exact':
      return value.normalize('NFC');
    case 'email':
      return value.trim().toLowerCase().normalize('NFC');
    case 'iban':
      return value.replace(/\s+/g, '').toUpperCase();
  }
}

/**
 * The index key of one column of one tenant: HKDF-SHA-256 from the tenant's data key, with the tenant,
 * table and column in `info`, so indexes of different columns or tenants are unrelated even for equal values.
 */
export function blindIndexKey(
  tenantDataKey: Buffer,
  column: { tenantId: string; table: string; column: string },
): Buffer {
  const info = lengthPrefixed(['finpersona.blind-index', column.tenantId, column.table, column.column]);
  return Buffer.from(hkdfSync('sha256', tenantDataKey, Buffer.alloc(0), info, 32));
}

/** base64url (22 characters) of the first 16 bytes of HMAC-SHA-256(indexKey, UTF-8 of the normalised value). */
export function computeBlindIndex(indexKey: Buffer, value: string, normalisation: Normalisation): string {
  return createHmac('sha256', indexKey)
    .update(normalise(value, normalisation), 'utf8')
    .digest()
    .subarray(0, BLIND_INDEX_BYTES)
    .toString('base64url');
}
