import { Migration } from '@mikro-orm/migrations';

/**
 * Outbound events as signed webhooks (issue 4, item 6): the transactional outbox and its deliveries.
 *
 * - `webhook_subscription`: a bank's endpoint (`url`), the event types it wants, its signing secret
 *   (`secret_enc`, encrypted under the BANK's data key by `FieldEncryptionService.encryptForTenant`, bound
 *   to the row; shown once at creation or rotation), the previous secret for a grace period after a
 *   rotation, `enabled`, and the dispatcher's lease (`lease_owner`, `lease_expires_at`: one platform
 *   process sends a subscription's deliveries at a time, in order; an expired lease is taken over).
 * - `outbox_event`: one row per event, written in the transaction of the change that causes it, with a
 *   per-bank `sequence` (1, 2, 3 … in commit order: the writer holds the bank's audit-chain lock until it
 *   commits) and a payload of ids, codes and times only — no personal data in clear. No `customer_id`
 *   column: a customer id inside a payload is an opaque id (after erasure it points at a tombstone).
 * - `webhook_delivery`: one row per (subscription, event), created with the event for every enabled
 *   subscription of the type; status `pending` → `delivered`, or `failed` (will retry) → … → `dead` after
 *   the last attempt. Last status code and error only — response bodies are never stored.
 */
export class Migration20261126190000Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table webhook_subscription (
        id                          uuid primary key,
        tenant_id                   uuid not null references tenant (id) on delete restrict,
        url                         text not null,
        description                 text null,
        event_types                 text[] not null,
        enabled                     boolean not null default true,
        secret_enc                  text not null,
        previous_secret_enc         text null,
        previous_secret_expires_at  timestamptz(3) null,
        lease_owner                 text null,
        lease_expires_at            timestamptz(3) null,
        created_by                  text not null,
        updated_by                  text not null,
        created_at                  timestamptz(3) not null default now(),
        updated_at                  timestamptz(3) not null default now(),
        constraint webhook_subscription_url_http check (url ~ '^https?://'),
        constraint webhook_subscription_event_types_present check (cardinality(event_types) > 0),
        constraint webhook_subscription_previous_secret_expiry
          check ((previous_secret_enc is null) = (previous_secret_expires_at is null))
      );
    `);
    this.addSql(
      `create index webhook_subscription_tenant_created_idx on webhook_subscription (tenant_id, created_at, id);`,
    );

    this.addSql(`
      create table outbox_event (
        id          uuid primary key,
        tenant_id   uuid not null references tenant (id) on delete restrict,
        sequence    bigint not null,
        type        text not null,
        payload     jsonb not null,
        created_at  timestamptz(3) not null default now(),
        constraint outbox_event_sequence_positive check (sequence > 0),
        constraint outbox_event_type_format check (type ~ '^[a-z]+(\\.[a-z]+)+$'),
        constraint outbox_event_payload_object check (jsonb_typeof(payload) = 'object'),
        constraint outbox_event_sequence_once unique (tenant_id, sequence)
      );
    `);

    this.addSql(`
      create table webhook_delivery (
        id                uuid primary key,
        tenant_id         uuid not null references tenant (id) on delete restrict,
        subscription_id   uuid not null references webhook_subscription (id) on delete cascade,
        event_id          uuid not null references outbox_event (id) on delete cascade,
        event_sequence    bigint not null,
        event_type        text not null,
        status            text not null default 'pending',
        attempts          integer not null default 0,
        next_attempt_at   timestamptz(3) not null default now(),
        last_attempt_at   timestamptz(3) null,
        last_status_code  integer null,
        last_error        text null,
        delivered_at      timestamptz(3) null,
        created_at        timestamptz(3) not null default now(),
        updated_at        timestamptz(3) not null default now(),
        constraint webhook_delivery_status_known check (status in ('pending', 'delivered', 'failed', 'dead')),
        constraint webhook_delivery_attempts_positive check (attempts >= 0),
        constraint webhook_delivery_once unique (subscription_id, event_id)
      );
    `);
    // The dispatcher's head-of-line look-up: a subscription's open deliveries by sequence.
    this.addSql(`
      create index webhook_delivery_open_idx on webhook_delivery (subscription_id, event_sequence)
        where status in ('pending', 'failed');
    `);
    // The delivery log, newest first, filtered by subscription / status / type within the bank.
    this.addSql(
      `create index webhook_delivery_tenant_created_idx on webhook_delivery (tenant_id, created_at, id);`,
    );
    this.addSql(`create index webhook_delivery_event_idx on webhook_delivery (event_id);`);

    for (const table of ['webhook_subscription', 'outbox_event', 'webhook_delivery']) {
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
    this.addSql(`drop table webhook_delivery;`);
    this.addSql(`drop table outbox_event;`);
    this.addSql(`drop table webhook_subscription;`);
  }
}
