import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { lengthPrefixed } from './encoding';
import { blindIndexKey, computeBlindIndex, type Normalisation } from './blind-index';
import { FieldDecryptionFailed } from './errors';
import {
  type DataKey,
  type FieldLocation,
  encryptField,
  openSealedField,
  parseStoredField,
} from './field-cipher';
import type { DataKeyCache } from './data-key-cache';
import type { DataKeyOwner, KeyProvider } from './key-provider';
import type { StoredDataKey, WrappedKeyStore } from './wrapped-key-store';

/**
 * Envelope encryption of fields: each tenant and each customer has its own random data key, stored only
 * wrapped by the provider's KEK. Values are encrypted under their owner's data key; the stored value
 * names the key, so decryption needs only the value and its location.
 *
 * Every use looks the key up in the store first (so a shredded key stops working at once in every
 * process); only the unwrap is skipped when `cache` holds the key already.
 */
export class EnvelopeEncryption {
  constructor(
    private readonly store: WrappedKeyStore,
    private readonly provider: KeyProvider,
    private readonly cache?: DataKeyCache,
  ) {}

  /** The owner's data key, created (random 32 bytes, wrapped, stored) on first use. */
  async dataKeyFor(owner: DataKeyOwner): Promise<DataKey> {
    const existing = await this.store.findByOwner(owner);
    if (existing) return { id: existing.dataKeyId, material: await this.unwrap(existing) };
    const dataKeyId = randomUUID();
    const { material, wrapped } = await this.provider.generateDataKey({ dataKeyId, owner });
    const inserted = await this.store.insert({ dataKeyId, owner, ...wrapped, createdAt: new Date() });
    // Not cached: the insert may still roll back with the caller's transaction.
    if (inserted) return { id: dataKeyId, material };
    material.fill(0);
    // Another process created the owner's key first: use that one.
    return this.dataKeyFor(owner);
  }

  /** Creates the owner's data key unless it exists; true when this call created it. */
  async ensureDataKey(owner: DataKeyOwner): Promise<boolean> {
    if (await this.store.findByOwner(owner)) return false;
    const dataKeyId = randomUUID();
    const { material, wrapped } = await this.provider.generateDataKey({ dataKeyId, owner });
    material.fill(0);
    return this.store.insert({ dataKeyId, owner, ...wrapped, createdAt: new Date() });
  }

  async encrypt(owner: DataKeyOwner, location: FieldLocation, plaintext: string): Promise<string> {
    const [stored] = await this.encryptMany(owner, [{ location, plaintext }]);
    return stored!;
  }

  /** Encrypts several values of one owner with one key look-up (e.g. all personal fields of a row). */
  async encryptMany(
    owner: DataKeyOwner,
    values: readonly { location: FieldLocation; plaintext: string }[],
  ): Promise<string[]> {
    if (values.some(({ location }) => owner.tenantId !== location.tenantId)) {
      throw new TypeError('A value must be encrypted under a key of the tenant that owns its row.');
    }
    const key = await this.dataKeyFor(owner);
    try {
      return values.map(({ location, plaintext }) => encryptField(key, location, plaintext));
    } finally {
      key.material.fill(0);
    }
  }

  /**
   * Keyed fingerprints of values of one owner (HMAC-SHA-256 under a key derived from the owner's data key
   * for one tenant and table), with one key look-up: equal values give equal fingerprints, so a re-import
   * can tell an unchanged row without decrypting it. Meaningless once the owner's key is shredded.
   */
  async fingerprintMany(owner: DataKeyOwner, table: string, values: readonly string[]): Promise<string[]> {
    const key = await this.dataKeyFor(owner);
    try {
      const fingerprintKey = fingerprintKeyOf(key.material, { tenantId: owner.tenantId, table });
      return values.map((value) =>
        createHmac('sha256', fingerprintKey).update(value, 'utf8').digest('base64url'),
      );
    } finally {
      key.material.fill(0);
    }
  }

  /** Decrypts a stored value at its location; any failure (including a shredded key) is `FieldDecryptionFailed`. */
  async decrypt(stored: string, location: FieldLocation): Promise<string> {
    const [plaintext] = await this.decryptMany([{ stored, location }]);
    return plaintext!;
  }

  /**
   * Decrypts several values with one key-store look-up for all their keys. All or nothing: the first
   * value that fails raises `FieldDecryptionFailed`.
   */
  async decryptMany(values: readonly { stored: string; location: FieldLocation }[]): Promise<string[]> {
    const sealed = values.map((value) => parseStoredField(value.stored));
    const keys = new Map(
      (await this.store.getMany(sealed.map((field) => field.keyId))).map((key) => [key.dataKeyId, key]),
    );
    const materials = new Map<string, Buffer>();
    try {
      const plaintexts: string[] = [];
      for (const [index, field] of sealed.entries()) {
        const { location } = values[index]!;
        const key = keys.get(field.keyId);
        // Defence in depth: a key of another tenant is refused before its unwrap (the AAD would fail anyway).
        if (key?.owner.tenantId !== location.tenantId) throw new FieldDecryptionFailed('key');
        let material = materials.get(key.dataKeyId);
        if (!material) {
          try {
            material = await this.unwrap(key);
          } catch {
            throw new FieldDecryptionFailed('key');
          }
          materials.set(key.dataKeyId, material);
        }
        plaintexts.push(openSealedField(field, material, location).toString('utf8'));
      }
      return plaintexts;
    } finally {
      for (const material of materials.values()) material.fill(0);
    }
  }

  /** The key's material (a copy the caller zeroes), from the cache or unwrapped by the provider. */
  private async unwrap(key: StoredDataKey): Promise<Buffer> {
    const tenantId = key.owner.tenantId;
    const cached = this.cache?.get(tenantId, key.dataKeyId);
    if (cached) return cached;
    const material = await this.provider.unwrap(key, { dataKeyId: key.dataKeyId, owner: key.owner });
    this.cache?.set(tenantId, key.dataKeyId, material);
    return material;
  }

  /**
   * Crypto-shreds one customer: their data key is deleted, so every value encrypted under it can no longer
   * be decrypted (backups included, once their copies of the key store age out). True when a key existed.
   */
  async shredCustomerKey(tenantId: string, customerId: string): Promise<boolean> {
    const key = await this.store.findByOwner({ kind: 'customer', tenantId, customerId });
    if (!key) return false;
    this.cache?.delete(tenantId, key.dataKeyId);
    return this.store.delete(key.dataKeyId);
  }

  /** The blind index of `value` for equality search on one column of one tenant. */
  async blindIndex(
    tenantId: string,
    table: string,
    column: string,
    value: string,
    normalisation: Normalisation,
  ): Promise<string> {
    const tenantKey = await this.dataKeyFor({ kind: 'tenant', tenantId });
    const indexKey = blindIndexKey(tenantKey.material, { tenantId, table, column });
    tenantKey.material.fill(0);
    return computeBlindIndex(indexKey, value, normalisation);
  }
}

/** The fingerprint key of one table of one tenant, derived from an owner's data key (HKDF-SHA-256). */
function fingerprintKeyOf(dataKey: Buffer, scope: { tenantId: string; table: string }): Buffer {
  const info = lengthPrefixed(['finpersona.fingerprint', scope.tenantId, scope.table]);
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
}
