import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit';
import { requireContext, type TenantRef } from '../request-context';
import type { Normalisation } from './blind-index';
import { DataKeyCache } from './data-key-cache';
import { EnvelopeEncryption } from './envelope';
import type { KeyProvider } from './key-provider';
import { PostgresWrappedKeyStore } from './postgres-wrapped-key-store';
import { type RotationReport, rotateKeyEncryptionKey } from './rotation';

/** Injection token of the process's `KeyProvider` (built once from `CryptoConfig` by `CryptoModule`). */
export const KEY_PROVIDER = Symbol('KEY_PROVIDER');

/** Where a value lives inside the current tenant: bound into its ciphertext with the tenant's id. */
export interface FieldAddress {
  table: string;
  column: string;
  rowId: string;
}

/** Unwrapped data keys kept per process; see `DataKeyCache`. */
export const DATA_KEY_CACHE_LIMITS = { maxEntries: 1000, ttlMs: 5 * 60_000 } as const;

/**
 * Encryption of personal fields for the current tenant (from the request context, or `runAsTenant` in
 * background work). Data keys live wrapped in `data_key` (PostgreSQL, under row-level security) and are
 * used in the caller's transaction; unwrapped keys are cached in memory per (tenant, data key id) for
 * `DATA_KEY_CACHE_LIMITS`, but every use first finds the key in the store, so shredding takes effect at once.
 *
 * Decryption failures of any kind are `FieldDecryptionFailed` (an `INTERNAL` error: clients see the
 * masked message, logs get the reason).
 */
@Injectable()
export class FieldEncryptionService {
  private readonly envelope: EnvelopeEncryption;
  private readonly store: PostgresWrappedKeyStore;

  constructor(
    private readonly em: EntityManager,
    @Inject(KEY_PROVIDER) private readonly provider: KeyProvider,
    private readonly audit: AuditService,
  ) {
    this.store = new PostgresWrappedKeyStore(em);
    this.envelope = new EnvelopeEncryption(this.store, provider, new DataKeyCache(DATA_KEY_CACHE_LIMITS));
  }

  /**
   * Creates the current tenant's data key unless it exists (idempotent; audited `data-key.create` when
   * created); true when this call created it.
   */
  ensureTenantDataKey(): Promise<boolean> {
    const tenantId = currentTenant().id;
    return this.em.transactional(async () => {
      const created = await this.envelope.ensureDataKey({ kind: 'tenant', tenantId });
      if (created) {
        await this.audit.record({
          action: 'data-key.create',
          resourceType: 'data-key',
          changes: { owner: 'tenant', kekId: this.provider.currentKekId },
        });
      }
      return created;
    });
  }

  /**
   * Encrypts fields of customer `customerId` under that customer's own data key (created on first use, in
   * the caller's transaction; one look-up for all values), so that shredding the key erases them.
   */
  encryptForCustomer(
    customerId: string,
    values: readonly { address: FieldAddress; plaintext: string }[],
  ): Promise<string[]> {
    const tenantId = currentTenant().id;
    return this.envelope.encryptMany(
      { kind: 'customer', tenantId, customerId },
      values.map(({ address, plaintext }) => ({ location: { tenantId, ...address }, plaintext })),
    );
  }

  /**
   * Encrypts fields the bank itself owns (not a customer's: e.g. a plugin's client secret) under the
   * current tenant's data key (created on first use; one look-up for all values).
   */
  encryptForTenant(values: readonly { address: FieldAddress; plaintext: string }[]): Promise<string[]> {
    const tenantId = currentTenant().id;
    return this.envelope.encryptMany(
      { kind: 'tenant', tenantId },
      values.map(({ address, plaintext }) => ({ location: { tenantId, ...address }, plaintext })),
    );
  }

  /**
   * Keyed fingerprints (HMAC-SHA-256, base64url) of values of customer `customerId` in one table, under a
   * key derived from that customer's data key (created on first use; one look-up for all): to tell whether
   * personal plaintext changed without decrypting what is stored. Shredding the key makes them meaningless.
   */
  fingerprintsForCustomer(customerId: string, table: string, values: readonly string[]): Promise<string[]> {
    const tenantId = currentTenant().id;
    return this.envelope.fingerprintMany({ kind: 'customer', tenantId, customerId }, table, values);
  }

  /** Decrypts one stored value of the current tenant at its address. */
  decrypt(stored: string, address: FieldAddress): Promise<string> {
    const tenantId = currentTenant().id;
    return this.envelope.decrypt(stored, { tenantId, ...address });
  }

  /** Decrypts many values of the current tenant with one key look-up; fails as a whole on any bad value. */
  decryptMany(values: readonly { stored: string; address: FieldAddress }[]): Promise<string[]> {
    const tenantId = currentTenant().id;
    return this.envelope.decryptMany(
      values.map(({ stored, address }) => ({ stored, location: { tenantId, ...address } })),
    );
  }

  /**
   * The blind index of `value` in one column of the current tenant (keyed from the tenant's data key),
   * for equality search and uniqueness without plaintext.
   */
  blindIndex(
    column: { table: string; column: string },
    value: string,
    normalisation: Normalisation,
  ): Promise<string> {
    const tenantId = currentTenant().id;
    return this.envelope.blindIndex(tenantId, column.table, column.column, value, normalisation);
  }

  /**
   * Deletes the customer's data key: every value encrypted under it becomes unreadable. True when one existed
   * (then audited `data-key.shred` on the customer, in the same transaction).
   */
  shredCustomerKey(customerId: string): Promise<boolean> {
    const tenantId = currentTenant().id;
    return this.em.transactional(async () => {
      const shredded = await this.envelope.shredCustomerKey(tenantId, customerId);
      if (shredded) {
        await this.audit.record({
          action: 'data-key.shred',
          resourceType: 'customer',
          resourceId: customerId,
          changes: { owner: 'customer' },
        });
      }
      return shredded;
    });
  }

  /**
   * Re-wraps every data key of the current tenant with the provider's current KEK (those wrapped by a
   * previous KEK are unwrapped with it). Resumable; see `rotateKeyEncryptionKey`.
   */
  async rotateTenantKeys(): Promise<RotationReport> {
    currentTenant();
    const report = await rotateKeyEncryptionKey({
      store: this.store,
      from: this.provider,
      to: this.provider,
    });
    // After the fact, in a transaction of its own: each key was swapped in its own (resumable) transaction.
    await this.audit.record({
      action: 'data-key.rotate',
      resourceType: 'data-key',
      changes: {
        kekId: this.provider.currentKekId,
        rewrapped: report.rewrapped,
        alreadyCurrent: report.alreadyCurrent,
      },
    });
    return report;
  }

  /** The id of the KEK new data keys are wrapped with (reports, checks). */
  get currentKekId(): string {
    return this.provider.currentKekId;
  }
}

function currentTenant(): TenantRef {
  const tenant = requireContext().tenant;
  if (!tenant)
    throw new Error('Field encryption needs a tenant: use it in a request for a tenant or runAsTenant()');
  return tenant;
}
