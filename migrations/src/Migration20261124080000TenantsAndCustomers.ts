import { Migration } from '@mikro-orm/migrations';

/**
 * Tenants (one per bank) and their customers.
 *
 * Timestamps are `timestamptz(3)`: millisecond precision is what JavaScript dates hold, so a
 * pagination cursor built from `created_at` compares exactly with the stored value.
 */
export class Migration20261124080000TenantsAndCustomers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table tenant (
        id          uuid primary key default gen_random_uuid(),
        slug        text not null,
        name        text not null,
        region      text not null,
        status      text not null default 'ACTIVE',
        realm       text not null,
        branding    jsonb not null,
        created_at  timestamptz(3) not null default now(),
        updated_at  timestamptz(3) not null default now(),
        constraint tenant_slug_unique unique (slug),
        constraint tenant_realm_unique unique (realm),
        constraint tenant_slug_format check (slug ~ '^[a-z0-9-]{3,40}$'),
        constraint tenant_region_known check (region in ('EU', 'UK', 'US')),
        constraint tenant_status_known check (status in ('ACTIVE', 'SUSPENDED')),
        constraint tenant_branding_object check (jsonb_typeof(branding) = 'object')
      );
    `);

    this.addSql(`
      create table customer (
        id            uuid primary key default gen_random_uuid(),
        tenant_id     uuid not null references tenant (id) on delete restrict,
        subject       text,
        display_name  text not null,
        email         text,
        created_at    timestamptz(3) not null default now(),
        constraint customer_tenant_email_unique unique (tenant_id, email)
      );
    `);
    // A customer without a login (subject) yet is allowed; once known, a subject is unique per tenant.
    this.addSql(`
      create unique index customer_tenant_subject_unique
        on customer (tenant_id, subject) where subject is not null;
    `);
    // Serves the customers list: tenant first, then the stable (created_at, id) order of its cursor.
    this.addSql(`create index customer_tenant_created_at_id on customer (tenant_id, created_at, id);`);

    // The application role reads and writes rows but owns nothing and cannot change the schema.
    this.addSql(`grant select, insert, update, delete on table tenant, customer to finpersona_app;`);
    this.addSql(`
      alter default privileges in schema public
        grant select, insert, update, delete on tables to finpersona_app;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter default privileges in schema public
        revoke select, insert, update, delete on tables from finpersona_app;
    `);
    this.addSql(`drop table customer;`);
    this.addSql(`drop table tenant;`);
  }
}
