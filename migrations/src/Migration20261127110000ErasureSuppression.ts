import { Migration } from '@mikro-orm/migrations';
import { tenantOwnedTable } from './tenant-owned';

/**
 * Erasure suppression markers: a bank must not re-import, from its own records, a customer erased at their
 * request (GDPR Art. 17). When erasure tombstones a customer the bank imported (`customer.source_ref_index`
 * set), the blind index — an HMAC of the bank's client reference under a key derived from the bank's data
 * key, not the reference itself — is kept here, in the erasure's own transaction, with the time and the
 * data-subject request that erased it. `CustomersService.upsertBankImported` refuses a suppressed source.
 * Nothing else about the person: no customer id, no name. Tenant-owned (RLS like every tenant table); the
 * application may read and add markers, never change or delete one.
 */
export class Migration20261127110000ErasureSuppression extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table erasure_suppression (
        tenant_id        uuid not null references tenant (id) on delete restrict,
        source_ref_index text not null,
        erased_at        timestamptz(3) not null,
        request_id       uuid not null references data_subject_request (id) on delete restrict,
        primary key (tenant_id, source_ref_index)
      );
    `);
    // A marker is never changed or removed by the application: it may read and add them only.
    for (const sql of tenantOwnedTable('erasure_suppression', ['select', 'insert'])) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table erasure_suppression;`);
  }
}
