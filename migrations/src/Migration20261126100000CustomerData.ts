import { Migration } from '@mikro-orm/migrations';

/** Tables holding a customer's data; each gets the same tenant isolation policy. */
const tenantTables = [
  'consent',
  'connection',
  'account',
  'balance',
  'account_transaction',
  'sync_run',
  'notification',
] as const;

/**
 * The data a customer allows FinPersona to hold (issue 5): consents, the connections to their sources,
 * accounts, balances and transactions, the report of each sync, and in-app notifications.
 *
 * - Every table is tenant-owned (row-level security like `customer`) and carries `customer_id` with
 *   `on delete cascade`, so erasing a customer row reaches everything derived from it; personal fields
 *   (`*_enc`) hold ciphertext under the customer's own data key (`crypto/`), so shredding that key
 *   makes whatever is retained unreadable.
 * - Money is `bigint` minor units plus an ISO 4217 `currency`; never a float.
 * - Idempotency: an account is unique per (connection, source id) and a transaction per (account,
 *   source id), so a repeated or resumed sync upserts instead of duplicating.
 */
export class Migration20261126100000CustomerData extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table consent (
        id              uuid primary key,
        tenant_id       uuid not null references tenant (id) on delete restrict,
        customer_id     uuid not null references customer (id) on delete cascade,
        purpose         text not null,
        scope           jsonb not null default '{}'::jsonb,
        text_version    text not null,
        text_hash       text not null,
        status          text not null,
        channel         text not null,
        proof           jsonb not null,
        granted_at      timestamptz(3) not null,
        expires_at      timestamptz(3) null,
        renewal_due_at  timestamptz(3) null,
        renewed_at      timestamptz(3) null,
        revoked_at      timestamptz(3) null,
        expired_at      timestamptz(3) null,
        created_at      timestamptz(3) not null default now(),
        updated_at      timestamptz(3) not null default now(),
        constraint consent_purpose_known
          check (purpose in ('aggregation', 'personalisation', 'marketing', 'analytics')),
        constraint consent_status_known check (status in ('granted', 'revoked', 'expired')),
        constraint consent_channel_known check (channel in ('customer-app', 'admin-portal', 'api')),
        constraint consent_text_hash_sha256 check (text_hash ~ '^[0-9a-f]{64}$'),
        constraint consent_revoked_has_time check ((status = 'revoked') = (revoked_at is not null)),
        constraint consent_expired_has_time check ((status = 'expired') = (expired_at is not null))
      );
    `);
    this.addSql(
      `create index consent_customer_purpose on consent (tenant_id, customer_id, purpose, status);`,
    );
    this.addSql(`create index consent_tenant_created on consent (tenant_id, created_at, id);`);

    this.addSql(`
      create table connection (
        id                  uuid primary key,
        tenant_id           uuid not null references tenant (id) on delete restrict,
        customer_id         uuid not null references customer (id) on delete cascade,
        consent_id          uuid not null references consent (id),
        connector           text not null,
        status              text not null,
        grant_enc           text null,
        pending_enc         text null,
        state_index         text null,
        source_expires_at   timestamptz(3) null,
        sync_cursor         jsonb not null default '{}'::jsonb,
        last_sync_at        timestamptz(3) null,
        last_sync_status    text null,
        error_code          text null,
        error_message       text null,
        created_at          timestamptz(3) not null default now(),
        updated_at          timestamptz(3) not null default now(),
        constraint connection_connector_format check (connector ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        constraint connection_status_known
          check (status in ('pending', 'active', 'expired', 'revoked', 'failed', 'disconnected')),
        constraint connection_state_index_unique unique (tenant_id, state_index)
      );
    `);
    this.addSql(`create index connection_customer on connection (tenant_id, customer_id, created_at, id);`);

    this.addSql(`
      create table account (
        id                uuid primary key,
        tenant_id         uuid not null references tenant (id) on delete restrict,
        customer_id       uuid not null references customer (id) on delete cascade,
        connection_id     uuid not null references connection (id) on delete cascade,
        source_id         text not null,
        type              text not null,
        currency          char(3) not null,
        name              text null,
        identifiers_enc   text null,
        masked_identifier text null,
        holder_name_enc   text null,
        opened_on         date null,
        created_at        timestamptz(3) not null default now(),
        updated_at        timestamptz(3) not null default now(),
        constraint account_source_unique unique (connection_id, source_id),
        constraint account_type_known
          check (type in ('current', 'savings', 'credit-card', 'loan', 'mortgage', 'investment', 'other')),
        constraint account_currency_format check (currency ~ '^[A-Z]{3}$')
      );
    `);
    this.addSql(`create index account_customer on account (tenant_id, customer_id, created_at, id);`);

    this.addSql(`
      create table balance (
        id                  uuid primary key,
        tenant_id           uuid not null references tenant (id) on delete restrict,
        customer_id         uuid not null references customer (id) on delete cascade,
        account_id          uuid not null references account (id) on delete cascade,
        type                text not null,
        amount_minor        bigint not null,
        currency            char(3) not null,
        as_of               timestamptz(3) not null,
        credit_limit_minor  bigint null,
        created_at          timestamptz(3) not null default now(),
        constraint balance_unique unique (account_id, type, as_of),
        constraint balance_type_known
          check (type in ('booked', 'available', 'closing', 'expected', 'interim')),
        constraint balance_currency_format check (currency ~ '^[A-Z]{3}$')
      );
    `);

    this.addSql(`
      create table account_transaction (
        id                  uuid primary key,
        tenant_id           uuid not null references tenant (id) on delete restrict,
        customer_id         uuid not null references customer (id) on delete cascade,
        account_id          uuid not null references account (id) on delete cascade,
        source_id           text not null,
        amount_minor        bigint not null,
        currency            char(3) not null,
        direction           text not null,
        status              text not null,
        booking_date        date not null,
        value_date          date null,
        counterparty_enc    text null,
        description_enc     text null,
        merchant_name       text null,
        mcc                 char(4) null,
        source_code         text null,
        balance_after_minor bigint null,
        created_at          timestamptz(3) not null default now(),
        updated_at          timestamptz(3) not null default now(),
        constraint account_transaction_source_unique unique (account_id, source_id),
        constraint account_transaction_amount_positive check (amount_minor > 0),
        constraint account_transaction_direction_known check (direction in ('credit', 'debit')),
        constraint account_transaction_status_known check (status in ('booked', 'pending')),
        constraint account_transaction_currency_format check (currency ~ '^[A-Z]{3}$'),
        constraint account_transaction_mcc_format check (mcc ~ '^[0-9]{4}$')
      );
    `);
    // Customer views page newest first; per-account reads go through the unique (account_id, source_id).
    this.addSql(`
      create index account_transaction_customer_booking
        on account_transaction (tenant_id, customer_id, booking_date desc, id desc);
    `);
    this.addSql(`
      create index account_transaction_account_booking
        on account_transaction (account_id, booking_date desc, id desc);
    `);

    this.addSql(`
      create table sync_run (
        id              uuid primary key,
        tenant_id       uuid not null references tenant (id) on delete restrict,
        customer_id     uuid not null references customer (id) on delete cascade,
        connection_id   uuid not null references connection (id) on delete cascade,
        trigger         text not null,
        status          text not null,
        started_at      timestamptz(3) not null,
        finished_at     timestamptz(3) null,
        report          jsonb not null default '{}'::jsonb,
        constraint sync_run_trigger_known check (trigger in ('initial', 'schedule', 'customer', 'staff')),
        constraint sync_run_status_known
          check (status in ('running', 'succeeded', 'partial', 'failed', 'stopped'))
      );
    `);
    this.addSql(`create index sync_run_connection on sync_run (tenant_id, connection_id, started_at desc);`);

    this.addSql(`
      create table notification (
        id           uuid primary key,
        tenant_id    uuid not null references tenant (id) on delete restrict,
        customer_id  uuid not null references customer (id) on delete cascade,
        kind         text not null,
        subject_ref  text null,
        body_enc     text not null,
        created_at   timestamptz(3) not null default now(),
        read_at      timestamptz(3) null,
        constraint notification_kind_format check (kind ~ '^[a-z][a-z0-9.-]{0,62}$')
      );
    `);
    this.addSql(
      `create index notification_customer on notification (tenant_id, customer_id, created_at desc, id);`,
    );

    for (const table of tenantTables) {
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
    for (const table of [...tenantTables].reverse()) this.addSql(`drop table ${table};`);
  }
}
