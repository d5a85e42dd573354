import type { ConnectionGrant } from '@finpersona/plugin-sdk';
import type { FieldEncryptionService } from '../crypto';
import { personalField } from './transactions.fields';

/**
 * How a connection's grant (`connection.grant_enc`) is sealed and opened: JSON of the SDK's
 * `ConnectionGrant`, encrypted under the customer's data key and bound to the connection's row. One
 * place for the first grant (`ConnectionsService` on activation) and for the ones connectors save later
 * (`SyncService.saveGrant`, the SDK's `ConnectorContext.saveGrant`).
 */
const GRANT_FIELD = { table: 'connection', column: 'grant_enc' } as const;

/** Largest grant (its JSON) a connector may save: tokens and a few ids, far below this. */
export const maxGrantJsonLength = 16_384;

export interface SealedGrant {
  grantEnc: string;
  /** The grant's `expiresAt` as a date, null when it has none (or an unreadable one). */
  sourceExpiresAt: Date | null;
}

export async function sealGrant(
  encryption: FieldEncryptionService,
  customerId: string,
  connectionId: string,
  grant: ConnectionGrant,
): Promise<SealedGrant> {
  const [grantEnc] = await encryption.encryptForCustomer(customerId, [
    { address: personalField(GRANT_FIELD, connectionId), plaintext: JSON.stringify(grant) },
  ]);
  const expires = grant.expiresAt ? new Date(grant.expiresAt) : null;
  return {
    grantEnc: grantEnc!,
    sourceExpiresAt: expires && !Number.isNaN(expires.getTime()) ? expires : null,
  };
}

export async function openGrant(
  encryption: FieldEncryptionService,
  connectionId: string,
  grantEnc: string,
): Promise<ConnectionGrant> {
  return JSON.parse(
    await encryption.decrypt(grantEnc, personalField(GRANT_FIELD, connectionId)),
  ) as ConnectionGrant;
}

/**
 * Why `next` may not replace `previous` as a connection's grant, or null when it may: it must be a
 * JSON-serialisable grant object (credentials an object) of the same source consent, within the size
 * limit. A connector that breaks this has a bug; nothing is stored.
 */
export function grantReplacementProblem(previous: ConnectionGrant, next: unknown): string | null {
  if (!next || typeof next !== 'object' || Array.isArray(next)) return 'the grant is not an object';
  const grant = next as Partial<ConnectionGrant>;
  if (!grant.credentials || typeof grant.credentials !== 'object' || Array.isArray(grant.credentials)) {
    return 'the grant has no credentials object';
  }
  if (grant.expiresAt !== undefined && typeof grant.expiresAt !== 'string') {
    return 'the grant expiresAt is not an ISO 8601 string';
  }
  if ((grant.sourceConsentId ?? null) !== (previous.sourceConsentId ?? null)) {
    return 'the grant names another source consent than the one it replaces';
  }
  let json: string;
  try {
    json = JSON.stringify(next);
  } catch {
    return 'the grant is not JSON-serialisable';
  }
  if (json.length > maxGrantJsonLength) return `the grant is larger than ${maxGrantJsonLength} characters`;
  return null;
}

/** Whether two grants hold the same values (key order aside): saving one over the other changes nothing. */
export function sameGrant(left: ConnectionGrant, right: ConnectionGrant): boolean {
  return canonical(left) === canonical(right);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
