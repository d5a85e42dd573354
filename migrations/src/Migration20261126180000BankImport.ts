import { Migration } from '@mikro-orm/migrations';

/**
 * Customers a bank imports itself (issue 5: the PKDD'99 dataset as a whole test tenant,
 * `cli.js import-pkdd99`), without a login and under a consent the bank records on import.
 *
 * - `consent.channel` gains `bank-import`: the consent was recorded by the bank's import of data it
 *   holds, not given by the customer in an app (its proof names the dataset, files and command).
 * - `customer.source_ref_index`: the blind index (HMAC under the tenant's key, `crypto/` `blindIndex`) of
 *   the customer's reference in the bank's source (e.g. `pkdd99:client:1234`), so an import run again
 *   finds the customer it created instead of creating another. A client number identifies a person, so
 *   it is never stored in clear; unique per tenant, like `email_index`, and cleared by erasure.
 */
export class Migration20261126180000BankImport extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table consent drop constraint consent_channel_known;`);
    this.addSql(`
      alter table consent add constraint consent_channel_known
        check (channel in ('customer-app', 'admin-portal', 'api', 'bank-import'));
    `);
    this.addSql(`alter table customer add column source_ref_index text null;`);
    this.addSql(`
      create unique index customer_tenant_source_ref_unique
        on customer (tenant_id, source_ref_index) where source_ref_index is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index customer_tenant_source_ref_unique;`);
    this.addSql(`alter table customer drop column source_ref_index;`);
    this.addSql(`alter table consent drop constraint consent_channel_known;`);
    this.addSql(`
      alter table consent add constraint consent_channel_known
        check (channel in ('customer-app', 'admin-portal', 'api'));
    `);
  }
}
