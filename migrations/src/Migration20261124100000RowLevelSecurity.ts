import { Migration } from '@mikro-orm/migrations';

/**
 * Row-level security, the database's line of defence behind the ORM's tenant scoping.
 *
 * The platform sets the tenant once per transaction with `set_config('app.tenant_id', <uuid>, true)`
 * (or `''` when the work is for no tenant); the setting ends with the transaction, so a pooled
 * connection never carries it into another request. `FORCE` makes the policies apply to the table
 * owner too; only a superuser or a BYPASSRLS role (never `finpersona_app`) gets past them.
 *
 * - Tenant-owned tables (today `customer`): a row is visible and writable only while its tenant is
 *   the one set. With no tenant set, nothing is visible and every write is refused.
 * - `tenant` is the platform's directory of banks: readable by everyone (the issuer of a token has to
 *   be resolved to a tenant before any tenant is known, and public branding is served from it), but
 *   written only by platform work (operators, the onboarding worker), i.e. with no tenant set: code
 *   acting for a bank cannot create, change or delete any tenant row, its own included.
 */
export class Migration20261124100000RowLevelSecurity extends Migration {
  override async up(): Promise<void> {
    // One definition of "the tenant of this transaction"; NULL when none is set ('' after a reset).
    this.addSql(`
      create function app_current_tenant_id() returns uuid
        language sql stable parallel safe
        as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;
    `);
    this.addSql(`revoke all on function app_current_tenant_id() from public;`);
    this.addSql(`grant execute on function app_current_tenant_id() to finpersona_app;`);

    this.addSql(`alter table customer enable row level security;`);
    this.addSql(`alter table customer force row level security;`);
    this.addSql(`
      create policy customer_tenant_isolation on customer
        using (tenant_id = app_current_tenant_id())
        with check (tenant_id = app_current_tenant_id());
    `);

    this.addSql(`alter table tenant enable row level security;`);
    this.addSql(`alter table tenant force row level security;`);
    this.addSql(`create policy tenant_directory_read on tenant for select using (true);`);
    this.addSql(`
      create policy tenant_platform_insert on tenant for insert
        with check (app_current_tenant_id() is null);
    `);
    this.addSql(`
      create policy tenant_platform_update on tenant for update
        using (app_current_tenant_id() is null)
        with check (app_current_tenant_id() is null);
    `);
    this.addSql(`
      create policy tenant_platform_delete on tenant for delete
        using (app_current_tenant_id() is null);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop policy tenant_platform_delete on tenant;`);
    this.addSql(`drop policy tenant_platform_update on tenant;`);
    this.addSql(`drop policy tenant_platform_insert on tenant;`);
    this.addSql(`drop policy tenant_directory_read on tenant;`);
    this.addSql(`alter table tenant no force row level security;`);
    this.addSql(`alter table tenant disable row level security;`);
    this.addSql(`drop policy customer_tenant_isolation on customer;`);
    this.addSql(`alter table customer no force row level security;`);
    this.addSql(`alter table customer disable row level security;`);
    this.addSql(`drop function app_current_tenant_id();`);
  }
}
