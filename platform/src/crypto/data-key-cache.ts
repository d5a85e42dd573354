/**
 * Unwrapped data keys kept in process memory, so reading a page of encrypted rows does not call the key
 * provider (a KMS round trip) once per value. Bounded in size and age; entries are keyed by tenant and
 * data key id, so one tenant's lookup can never return another tenant's key.
 *
 * A cached key is used only after the key store has returned its row in the caller's transaction (see
 * `EnvelopeEncryption`): a shredded key or one of another tenant is refused by the store, cache or not.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, { material: Buffer; expiresAt: number }>();

  constructor(
    private readonly options: {
      /** Most keys held (default 1000); the least recently stored is dropped first. */
      maxEntries?: number;
      /** How long a key stays, in ms (default 5 minutes). */
      ttlMs?: number;
      /** Clock in ms (tests). */
      now?: () => number;
    } = {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** A copy of the cached key (callers zero what they get), or undefined when absent or expired. */
  get(tenantId: string, dataKeyId: string): Buffer | undefined {
    const key = cacheKey(tenantId, dataKeyId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.drop(key);
      return undefined;
    }
    return Buffer.from(entry.material);
  }

  /** Keeps a copy of `material` (the caller may zero its own). */
  set(tenantId: string, dataKeyId: string, material: Buffer): void {
    const key = cacheKey(tenantId, dataKeyId);
    this.drop(key);
    const maxEntries = this.options.maxEntries ?? 1000;
    while (this.entries.size >= maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.drop(oldest.value);
    }
    if (maxEntries < 1) return;
    this.entries.set(key, {
      material: Buffer.from(material),
      expiresAt: this.now() + (this.options.ttlMs ?? 5 * 60_000),
    });
  }

  delete(tenantId: string, dataKeyId: string): void {
    this.drop(cacheKey(tenantId, dataKeyId));
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.drop(key);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.material.fill(0);
    this.entries.delete(key);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function cacheKey(tenantId: string, dataKeyId: string): string {
  return JSON.stringify([tenantId, dataKeyId]);
}
