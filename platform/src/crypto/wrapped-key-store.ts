import type { DataKeyOwner, WrappedDataKey } from './key-provider';

/** One data key as stored: never in plaintext, only wrapped by a KEK. */
export interface StoredDataKey extends WrappedDataKey {
  dataKeyId: string;
  owner: DataKeyOwner;
  createdAt: Date;
}

/**
 * Where wrapped data keys live. One active key per owner; deleting a customer's key crypto-shreds every
 * value encrypted under it. Implementations must make `replaceWrapping` a compare-and-set, so a rotation
 * never overwrites a key that changed under it.
 */
export interface WrappedKeyStore {
  /** Stores a new key; false (nothing written) when the owner already has one. */
  insert(key: StoredDataKey): Promise<boolean>;
  get(dataKeyId: string): Promise<StoredDataKey | undefined>;
  /** The keys among `dataKeyIds` that exist (a page of values needs its keys in one look-up). */
  getMany(dataKeyIds: readonly string[]): Promise<StoredDataKey[]>;
  findByOwner(owner: DataKeyOwner): Promise<StoredDataKey | undefined>;
  /** Keys ordered by id, after `afterDataKeyId`, at most `limit` (for walking every key in batches). */
  list(options: { afterDataKeyId?: string; limit: number }): Promise<StoredDataKey[]>;
  /** Replaces the wrapping only if it still is `expected`; true when replaced. */
  replaceWrapping(dataKeyId: string, expected: WrappedDataKey, next: WrappedDataKey): Promise<boolean>;
  /** Removes the key for good; true when there was one. */
  delete(dataKeyId: string): Promise<boolean>;
}

export function ownerKey(owner: DataKeyOwner): string {
  return JSON.stringify(
    owner.kind === 'tenant' ? [owner.kind, owner.tenantId] : [owner.kind, owner.tenantId, owner.customerId],
  );
}

/** A `WrappedKeyStore` in process memory, for tests and tools. */
export class InMemoryWrappedKeyStore implements WrappedKeyStore {
  private readonly byId = new Map<string, StoredDataKey>();
  private readonly idByOwner = new Map<string, string>();

  async insert(key: StoredDataKey): Promise<boolean> {
    const owner = ownerKey(key.owner);
    if (this.idByOwner.has(owner) || this.byId.has(key.dataKeyId)) return false;
    this.byId.set(key.dataKeyId, copy(key));
    this.idByOwner.set(owner, key.dataKeyId);
    return true;
  }

  async get(dataKeyId: string): Promise<StoredDataKey | undefined> {
    const key = this.byId.get(dataKeyId);
    return key && copy(key);
  }

  async getMany(dataKeyIds: readonly string[]): Promise<StoredDataKey[]> {
    return [...new Set(dataKeyIds)].flatMap((id) => {
      const key = this.byId.get(id);
      return key ? [copy(key)] : [];
    });
  }

  async findByOwner(owner: DataKeyOwner): Promise<StoredDataKey | undefined> {
    const id = this.idByOwner.get(ownerKey(owner));
    return id === undefined ? undefined : this.get(id);
  }

  async list(options: { afterDataKeyId?: string; limit: number }): Promise<StoredDataKey[]> {
    const after = options.afterDataKeyId;
    return [...this.byId.keys()]
      .sort()
      .filter((id) => after === undefined || id > after)
      .slice(0, options.limit)
      .map((id) => copy(this.byId.get(id)!));
  }

  async replaceWrapping(dataKeyId: string, expected: WrappedDataKey, next: WrappedDataKey): Promise<boolean> {
    const key = this.byId.get(dataKeyId);
    if (!key || key.kekId !== expected.kekId || !key.wrapped.equals(expected.wrapped)) return false;
    this.byId.set(dataKeyId, { ...key, kekId: next.kekId, wrapped: Buffer.from(next.wrapped) });
    return true;
  }

  async delete(dataKeyId: string): Promise<boolean> {
    const key = this.byId.get(dataKeyId);
    if (!key) return false;
    this.byId.delete(dataKeyId);
    this.idByOwner.delete(ownerKey(key.owner));
    return true;
  }
}

function copy(key: StoredDataKey): StoredDataKey {
  return { ...key, wrapped: Buffer.from(key.wrapped) };
}
