import { Migration } from '@mikro-orm/migrations';

/**
 * Encryption at rest (platform README "Encryption at rest").
 *
 * - `data_key`: the envelope data keys, stored only wrapped by a key-encryption key (KEK). One key per
 *   owner: the tenant's own (`customer_id` NULL; it also derives the blind-index keys) and one per
 *   customer (deleting it crypto-shreds that customer's fields). Tenant-owned: RLS enabled, forced,
 *   the usual policy; background work that walks every key (KEK rotation) runs tenant by tenant.
 *   The customer reference is checked at commit (`deferrable initially deferred`) because a new
 *   customer's key is created, in the same transaction, before the row whose fields it encrypts; it
 *   cascades so that deleting a customer also shreds their key.
 * - `customer.display_name` and `customer.email` now hold ciphertext (base64url text, same columns);
 *   `email_index` is the keyed blind index of the e-mail, which carries the one-e-mail-per-tenant rule
 *   (a unique constraint on ciphertext would mean nothing: equal e-mails encrypt differently).
 * - `personal_fields_encrypted` tells rows written before this migration (plaintext, false) from
 *   encrypted ones. SQL cannot encrypt, so existing rows are converted by the platform's resumable
 *   `cli.js crypto encrypt-customers` (run by `./fp up` after `migrate`); until then their
 *   e-mails are not in the blind index.
 */
export class Migration20261125100000EncryptionAtRest extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table customer
        add column email_index text null,
        add column personal_fields_encrypted boolean not null default false;
    `);
    this.addSql(`alter table customer drop constraint customer_tenant_email_unique;`);
    this.addSql(`
      alter table customer
        add constraint customer_tenant_email_index_unique unique (tenant_id, email_index);
    `);

    this.addSql(`
      create table data_key (
        id           uuid primary key,
        tenant_id    uuid not null references tenant (id) on delete restrict,
        customer_id  uuid null references customer (id) on delete cascade deferrable initially deferred,
        kek_id       text not null,
        wrapped      bytea not null,
        created_at   timestamptz(3) not null default now(),
        constraint data_key_owner_unique unique nulls not distinct (tenant_id, customer_id),
        constraint data_key_kek_id_format check (kek_id ~ '^[\\x21-\\x7e]+$' and char_length(kek_id) <= 2048),
        constraint data_key_wrapped_not_empty check (octet_length(wrapped) > 0)
      );
    `);
    // Rotation walks a tenant's keys in id order; the owner lookup is served by data_key_owner_unique.
    this.addSql(`create index data_key_tenant_id_id on data_key (tenant_id, id);`);
    this.addSql(`alter table data_key enable row level security;`);
    this.addSql(`alter table data_key force row level security;`);
    this.addSql(`
      create policy data_key_tenant_isolation on data_key
        using (tenant_id = app_current_tenant_id())
        with check (tenant_id = app_current_tenant_id());
    `);
    this.addSql(`grant select, insert, update, delete on table data_key to finpersona_app;`);
  }

  override async down(): Promise<void> {
    // Encrypted rows cannot be turned back into plaintext here: refuse rather than leave unreadable data.
    // FORCE hides every row from the owner while no tenant is set, so it is lifted for the check.
    this.addSql(`alter table customer no force row level security;`);
    this.addSql(`
      do $$ begin
        if exists (select 1 from customer where personal_fields_encrypted) then
          raise exception 'customer holds encrypted rows: decrypt them with the platform before going down';
        end if;
      end $$;
    `);
    this.addSql(`alter table customer force row level security;`);
    this.addSql(`drop table data_key;`);
    this.addSql(`alter table customer drop constraint customer_tenant_email_index_unique;`);
    this.addSql(
      `alter table customer add constraint customer_tenant_email_unique unique (tenant_id, email);`,
    );
    this.addSql(`alter table customer drop column personal_fields_encrypted, drop column email_index;`);
  }
}
