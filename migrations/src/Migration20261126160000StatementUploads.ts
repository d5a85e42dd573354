import { Migration } from '@mikro-orm/migrations';

/**
 * Statement files customers import (issue 5: CSV, OFX, camt.053), stored for the `statement-file`
 * connector, which reads them back during the connection's syncs.
 *
 * - Tenant-owned (row-level security like every tenant table) and personal: `customer_id` cascades, the
 *   file's bytes (`content_enc`) and its name (`file_name_enc`) are ciphertext under the customer's own
 *   data key, so erasure's key shredding covers them too.
 * - No plain hash of the file: a hash of a personal file would link it wherever the same file shows up.
 *   `content_fingerprint` is keyed (HMAC under a key derived from the customer's data key): it recognises
 *   the same customer importing the same file again and means nothing to anyone else or after erasure.
 * - `connection_id` is the `statement-file` connection made for the upload, in the same transaction (the
 *   upload is inserted first, the connection checks it): checked at commit.
 * - `mapping`: the CSV column mapping (JSON) or a preset's name (a JSON string); null for OFX and camt.053.
 * - `size_bytes`: of the decoded file, at most 5 MiB (the API's limit, repeated here as the last guard).
 */
export class Migration20261126160000StatementUploads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table statement_upload (
        id                  uuid primary key,
        tenant_id           uuid not null references tenant (id) on delete restrict,
        customer_id         uuid not null references customer (id) on delete cascade,
        connection_id       uuid not null references connection (id) on delete cascade
                              deferrable initially deferred,
        format              text not null,
        mapping             jsonb null,
        accounts            jsonb null,
        file_name_enc       text not null,
        size_bytes          integer not null,
        content_fingerprint text not null,
        content_enc         text not null,
        created_at          timestamptz(3) not null default now(),
        constraint statement_upload_format_known check (format in ('csv', 'ofx', 'camt053')),
        constraint statement_upload_mapping_csv_only check ((format = 'csv') = (mapping is not null)),
        constraint statement_upload_size check (size_bytes between 1 and 5242880),
        constraint statement_upload_fingerprint_unique unique (tenant_id, customer_id, content_fingerprint)
      );
    `);
    this.addSql(`create index statement_upload_connection on statement_upload (tenant_id, connection_id);`);
    this.addSql(`alter table statement_upload enable row level security;`);
    this.addSql(`alter table statement_upload force row level security;`);
    this.addSql(`
      create policy statement_upload_tenant_isolation on statement_upload
        using (tenant_id = app_current_tenant_id())
        with check (tenant_id = app_current_tenant_id());
    `);
    this.addSql(`grant select, insert, update, delete on table statement_upload to finpersona_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table statement_upload;`);
  }
}
