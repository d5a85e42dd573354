import { Migration } from '@mikro-orm/migrations';

/**
 * What the tenant lifecycle needs on the tenant row:
 * - `app_origins`: the origins of the bank's admin portal and customer app. Realm provisioning builds the
 *   OIDC clients' exact redirect URIs and web origins from them (no wildcards), so they are data, per bank.
 * - `suspension_reason` / `suspended_at`: why and when an operator switched the bank off, shown to
 *   operators; set by a suspension and cleared on reactivation (the audit trail keeps the history).
 */
export class Migration20261125110000TenantLifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table tenant
        add column app_origins jsonb not null default '{"admin": [], "customer": []}'::jsonb,
        add column suspension_reason text null,
        add column suspended_at timestamptz(3) null;
    `);
    // Suspension details describe a suspension: a bank that is not suspended carries none.
    this.addSql(`
      alter table tenant add constraint tenant_suspension_only_when_suspended
        check (status = 'SUSPENDED' or (suspended_at is null and suspension_reason is null));
    `);
    // Lists are filtered by status and paged by (created_at, id).
    this.addSql(`create index tenant_status_created_at_id_idx on tenant (status, created_at, id);`);
    this.addSql(`create index tenant_created_at_id_idx on tenant (created_at, id);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index tenant_created_at_id_idx;`);
    this.addSql(`drop index tenant_status_created_at_id_idx;`);
    this.addSql(`alter table tenant drop constraint tenant_suspension_only_when_suspended;`);
    this.addSql(`
      alter table tenant
        drop column suspended_at,
        drop column suspension_reason,
        drop column app_origins;
    `);
  }
}
