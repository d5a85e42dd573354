import { randomUUID } from 'node:crypto';
import { blindIndexKey, computeBlindIndex, type Normalisation } from './blind-index';
import { FieldDecryptionFailed } from './errors';
import {
  type DataKey,
  type FieldLocation,
  encryptField,
  openSealedField,
  parseStoredField,
} from './field-cipher';
import type { DataKeyOwner, KeyProvider } from './key-provider';
import type { WrappedKeyStore } from './wrapped-key-store';

/**
 * Envelope encryption of fields: each tenant and each customer has its own random data key, stored only
 * wrapped by the provider's KEK. Values are encrypted under their owner's data key; the stored value
 * names the key, so decryption needs only the value and its location.
 *
 * Data keys are unwrapped on every call (no cache yet): a shredded key is gone at once in every process.
 */
export class EnvelopeEncryption {
  constructor(
    private readonly store: WrappedKeyStore,
    private readonly provider: KeyProvider,
  ) {}

  /** The owner's data key, created (random 32 bytes, wrapped, stored) on first use. */
  async dataKeyFor(owner: DataKeyOwner): Promise<DataKey> {
    const existing = await this.store.findByOwner(owner);
    if (existing) {
      return {
        id: existing.dataKeyId,
        material: await this.provider.unwrap(existing, { dataKeyId: existing.dataKeyId, owner }),
      };
    }
    const dataKeyId = randomUUID();
    const { material, wrapped } = await this.provider.generateDataKey({ dataKeyId, owner });
    const inserted = await this.store.insert({ dataKeyId, owner, ...wrapped, createdAt: new Date() });
    if (inserted) return { id: dataKeyId, material };
    material.fill(0);
    // Another process created the owner's key first: use that one.
    return this.dataKeyFor(owner);
  }

  async encrypt(owner: DataKeyOwner, location: FieldLocation, plaintext: string): Promise<string> {
    if (owner.tenantId !== location.tenantId) {
      throw new TypeError('A value must be encrypted under a key of the tenant that owns its row.');
    }
    const key = await this.dataKeyFor(owner);
    try {
      return encryptField(key, location, plaintext);
    } finally {
      key.material.fill(0);
    }
  }

  /** Decrypts a stored value at its location; any failure (including a shredded key) is `FieldDecryptionFailed`. */
  async decrypt(stored: string, location: FieldLocation): Promise<string> {
    const sealed = parseStoredField(stored);
    const key = await this.store.get(sealed.keyId);
    // Defence in depth: a key of another tenant is refused before its unwrap (the AAD would fail anyway).
    if (key?.owner.tenantId !== location.tenantId) throw new FieldDecryptionFailed('key');
    let material: Buffer;
    try {
      material = await this.provider.unwrap(key, { dataKeyId: key.dataKeyId, owner: key.owner });
    } catch {
      throw new FieldDecryptionFailed('key');
    }
    try {
      return openSealedField(sealed, material, location).toString('utf8');
    } finally {
      material.fill(0);
    }
  }

  /**
   * Crypto-shreds one customer: their data key is deleted, so every value encrypted under it can no longer
   * be decrypted (backups included, once their copies of the key store age out). True when a key existed.
   */
  async shredCustomerKey(tenantId: string, customerId: string): Promise<boolean> {
    const key = await this.store.findByOwner({ kind: 'customer', tenantId, customerId });
    return key ? this.store.delete(key.dataKeyId) : false;
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
