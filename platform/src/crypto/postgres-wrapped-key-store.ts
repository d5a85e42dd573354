import type { EntityManager } from '@mikro-orm/postgresql';
import { requireContext } from '../request-context';
import type { DataKeyOwner, WrappedDataKey } from './key-provider';
import type { StoredDataKey, WrappedKeyStore } from './wrapped-key-store';

interface DataKeyRow {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  kek_id: string;
  wrapped: Buffer;
  created_at: Date;
}

const columns = 'id, tenant_id, customer_id, kek_id, wrapped, created_at';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Wrapped data keys in the `data_key` table (migration `EncryptionAtRest`), a tenant-owned table under
 * row-level security: every method works on the keys of the current context's tenant only and must run
 * inside a request for a tenant or `runAsTenant()`. Work walking all keys (KEK rotation) runs tenant by tenant.
 *
 * Each call joins the caller's transaction when there is one (a new customer's key commits or rolls back
 * with the customer), otherwise it runs in a short transaction of its own (the tenant is set per
 * transaction, so nothing tenant-owned is visible outside one).
 */
export class PostgresWrappedKeyStore implements WrappedKeyStore {
  constructor(private readonly em: EntityManager) {}

  async insert(key: StoredDataKey): Promise<boolean> {
    this.assertCurrentTenant(key.owner);
    const rows = await this.run((em) =>
      em.execute<{ id: string }[]>(
        `insert into data_key (${columns}) values (?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
        [key.dataKeyId, key.owner.tenantId, customerIdOf(key.owner), key.kekId, key.wrapped, key.createdAt],
      ),
    );
    return rows.length === 1;
  }

  async get(dataKeyId: string): Promise<StoredDataKey | undefined> {
    const [key] = await this.getMany([dataKeyId]);
    return key;
  }

  async getMany(dataKeyIds: readonly string[]): Promise<StoredDataKey[]> {
    // Ids come from stored values, which anyone with write access could have edited: only UUIDs can match.
    const ids = [...new Set(dataKeyIds)].filter((id) => uuid.test(id));
    if (ids.length === 0) return [];
    const tenantId = this.tenantId();
    const rows = await this.run((em) =>
      em.execute<DataKeyRow[]>(
        `select ${columns} from data_key where tenant_id = ? and id = any(?::uuid[])`,
        [tenantId, `{${ids.join(',')}}`],
      ),
    );
    return rows.map(storedKeyOf);
  }

  async findByOwner(owner: DataKeyOwner): Promise<StoredDataKey | undefined> {
    this.assertCurrentTenant(owner);
    const [row] = await this.run((em) =>
      em.execute<DataKeyRow[]>(
        `select ${columns} from data_key where tenant_id = ? and customer_id is not distinct from ?::uuid`,
        [owner.tenantId, customerIdOf(owner)],
      ),
    );
    return row && storedKeyOf(row);
  }

  async list(options: { afterDataKeyId?: string; limit: number }): Promise<StoredDataKey[]> {
    const tenantId = this.tenantId();
    const rows = await this.run((em) =>
      em.execute<DataKeyRow[]>(
        `select ${columns} from data_key where tenant_id = ? and (?::uuid is null or id > ?::uuid)
          order by id limit ?`,
        [tenantId, options.afterDataKeyId ?? null, options.afterDataKeyId ?? null, options.limit],
      ),
    );
    return rows.map(storedKeyOf);
  }

  async replaceWrapping(dataKeyId: string, expected: WrappedDataKey, next: WrappedDataKey): Promise<boolean> {
    const tenantId = this.tenantId();
    // Compare-and-set: a key re-wrapped or shredded since it was read is left alone.
    const result = await this.run((em) =>
      em.execute<{ affectedRows: number }>(
        `update data_key set kek_id = ?, wrapped = ?
          where tenant_id = ? and id = ? and kek_id = ? and wrapped = ?`,
        [next.kekId, next.wrapped, tenantId, dataKeyId, expected.kekId, expected.wrapped],
        'run',
      ),
    );
    return result.affectedRows === 1;
  }

  async delete(dataKeyId: string): Promise<boolean> {
    const tenantId = this.tenantId();
    const result = await this.run((em) =>
      em.execute<{ affectedRows: number }>(
        `delete from data_key where tenant_id = ? and id = ?`,
        [tenantId, dataKeyId],
        'run',
      ),
    );
    return result.affectedRows === 1;
  }

  private run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const current = this.em.getContext() as EntityManager;
    if (current.isInTransaction()) return work(current);
    return this.em.transactional((em) => work(em as EntityManager));
  }

  private tenantId(): string {
    const tenant = requireContext().tenant;
    if (!tenant) {
      throw new Error('Data keys are tenant-owned: use them inside a request for a tenant or runAsTenant()');
    }
    return tenant.id;
  }

  private assertCurrentTenant(owner: DataKeyOwner): void {
    if (owner.tenantId !== this.tenantId()) {
      throw new Error("A data key of another tenant than the current context's was asked for");
    }
  }
}

function customerIdOf(owner: DataKeyOwner): string | null {
  return owner.kind === 'customer' ? owner.customerId : null;
}

function storedKeyOf(row: DataKeyRow): StoredDataKey {
  return {
    dataKeyId: row.id,
    owner:
      row.customer_id === null
        ? { kind: 'tenant', tenantId: row.tenant_id }
        : { kind: 'customer', tenantId: row.tenant_id, customerId: row.customer_id },
    kekId: row.kek_id,
    wrapped: Buffer.from(row.wrapped),
    createdAt: row.created_at,
  };
}
