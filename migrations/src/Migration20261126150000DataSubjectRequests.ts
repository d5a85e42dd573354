import { Migration } from '@mikro-orm/migrations';

/**
 * Data-subject requests (GDPR Art. 15/20 export, Art. 17 erasure) and the encrypted export archives.
 *
 * - `data_subject_request`: one row per request, tenant-owned (RLS like every tenant table). Progress,
 *   times and the erasure certificate (jsonb, no personal data) live here; it is kept after an erasure as
 *   the proof that it happened. An export's one-time download token is stored as its SHA-256 only.
 * - `data_subject_export`: the export archive, encrypted under the customer's own data key (so erasure's
 *   key shredding also covers an archive nobody fetched), deleted on the first fetch or at expiry.
 * - `customer.erased_at`: an erased customer is kept as a tombstone without personal data (retained
 *   records and the request still reference it) and no longer listed.
 */
export class Migration20261126150000DataSubjectRequests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table customer add column erased_at timestamptz(3) null;`);
    this.addSql(`
      create table data_subject_request (
        id                  uuid primary key,
        tenant_id           uuid not null references tenant (id) on delete restrict,
        customer_id         uuid not null references customer (id) on delete cascade,
        kind                text not null,
        status              text not null,
        workflow_id         text not null,
        progress            jsonb not null default '[]'::jsonb,
        requested_at        timestamptz(3) not null,
        started_at          timestamptz(3) null,
        completed_at        timestamptz(3) null,
        failure             text null,
        certificate         jsonb null,
        download_token_hash text null,
        download_expires_at timestamptz(3) null,
        fetched_at          timestamptz(3) null,
        created_at          timestamptz(3) not null default now(),
        constraint data_subject_request_kind_known check (kind in ('export', 'erasure')),
        constraint data_subject_request_status_known
          check (status in ('requested', 'running', 'completed', 'failed')),
        constraint data_subject_request_token_sha256
          check (download_token_hash is null or download_token_hash ~ '^[0-9a-f]{64}$'),
        constraint data_subject_request_token_only_for_export
          check (kind = 'export' or download_token_hash is null),
        constraint data_subject_request_workflow_unique unique (tenant_id, workflow_id)
      );
    `);
    this.addSql(
      `create index data_subject_request_tenant_created on data_subject_request (tenant_id, created_at, id);`,
    );
    this.addSql(
      `create index data_subject_request_customer on data_subject_request (tenant_id, customer_id, created_at);`,
    );
    this.addSql(`
      create table data_subject_export (
        request_id   uuid primary key references data_subject_request (id) on delete cascade,
        tenant_id    uuid not null references tenant (id) on delete restrict,
        customer_id  uuid not null references customer (id) on delete cascade,
        archive_enc  text not null,
        size_bytes   integer not null,
        sha256       text not null,
        created_at   timestamptz(3) not null default now(),
        constraint data_subject_export_sha256 check (sha256 ~ '^[0-9a-f]{64}$')
      );
    `);
    this.addSql(`create index data_subject_export_tenant on data_subject_export (tenant_id, customer_id);`);
    for (const table of ['data_subject_request', 'data_subject_export']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
      this.addSql(`
        create policy ${table}_tenant_isolation on ${table}
          using (tenant_id = app_current_tenant_id())
          with check (tenant_id = app_current_tenant_id());
      `);
      this.addSql(`grant select, insert, update, delete on table ${table} to finpersona_app;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table data_subject_export;`);
    this.addSql(`drop table data_subject_request;`);
    this.addSql(`alter table customer drop column erased_at;`);
  }
}
