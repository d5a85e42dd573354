import { Migration } from '@mikro-orm/migrations';

const tenantTables = [
  'notification_preference',
  'push_subscription',
  'notification_delivery',
  'insight',
  'insight_engagement',
  'insight_settings',
] as const;

/**
 * Insights delivered to customers (issue 6): how each customer wants to be notified, their web push
 * subscriptions, what each channel delivered (or holds back until quiet hours end), the insights the
 * bank's generators produced, the customers' engagement with them, and the bank's notification threshold.
 *
 * - Tenant-owned with row-level security; rows about a customer carry `customer_id` with `on delete
 *   cascade`; personal fields (`*_enc`: e-mail address, push endpoint and keys, message and insight text)
 *   hold ciphertext under the customer's data key.
 * - `notification.title_enc`: in-app messages now have a title besides the body (null on older rows).
 * - One live insight per (customer, dedupe key): a partial unique index over `live` rows; an expired one is
 *   marked not live before its successor is stored, so its engagement history stays with it.
 * - One delivery per (customer, subject, channel): retried or repeated work notifies once per channel.
 */
export class Migration20261126214000Insights extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table notification add column title_enc text null;`);

    this.addSql(`
      create table notification_preference (
        id                 uuid primary key,
        tenant_id          uuid not null references tenant (id) on delete restrict,
        customer_id        uuid not null references customer (id) on delete cascade,
        in_app_enabled     boolean not null default true,
        email_enabled      boolean not null default false,
        push_enabled       boolean not null default false,
        email_enc          text null,
        quiet_hours_start  text null,
        quiet_hours_end    text null,
        time_zone          text null,
        updated_at         timestamptz(3) not null default now(),
        constraint notification_preference_once unique (tenant_id, customer_id),
        constraint notification_preference_quiet_hours check (
          (quiet_hours_start is null) = (quiet_hours_end is null)
          and (quiet_hours_start is null or quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
          and (quiet_hours_end is null or quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
        )
      );
    `);

    this.addSql(`
      create table push_subscription (
        id                    uuid primary key,
        tenant_id             uuid not null references tenant (id) on delete restrict,
        customer_id           uuid not null references customer (id) on delete cascade,
        endpoint_enc          text not null,
        keys_enc              text not null,
        endpoint_fingerprint  text not null,
        created_at            timestamptz(3) not null default now(),
        last_sent_at          timestamptz(3) null,
        constraint push_subscription_endpoint_once unique (tenant_id, customer_id, endpoint_fingerprint)
      );
    `);
    this.addSql(`create index push_subscription_customer on push_subscription (tenant_id, customer_id);`);

    this.addSql(`
      create table notification_delivery (
        id           uuid primary key,
        tenant_id    uuid not null references tenant (id) on delete restrict,
        customer_id  uuid not null references customer (id) on delete cascade,
        subject_ref  text not null,
        channel      text not null,
        kind         text not null,
        purpose      text not null,
        importance   text not null,
        status       text not null,
        not_before   timestamptz(3) null,
        title_enc    text null,
        body_enc     text null,
        attempts     integer not null default 0,
        last_error   text null,
        created_at   timestamptz(3) not null default now(),
        sent_at      timestamptz(3) null,
        constraint notification_delivery_channel check (channel in ('email', 'push')),
        constraint notification_delivery_status check (status in ('sent', 'deferred', 'failed')),
        constraint notification_delivery_once unique (tenant_id, customer_id, subject_ref, channel)
      );
    `);
    this.addSql(
      `create index notification_delivery_due on notification_delivery (tenant_id, not_before) where status = 'deferred';`,
    );

    this.addSql(`
      create table insight (
        id               uuid primary key,
        tenant_id        uuid not null references tenant (id) on delete restrict,
        customer_id      uuid not null references customer (id) on delete cascade,
        plugin_id        text not null,
        kind             text not null,
        dedupe_key       text not null,
        severity         text not null,
        relevance_hint   real not null,
        relevance        real not null,
        locale           text not null,
        title_enc        text not null,
        body_enc         text not null,
        evidence         jsonb not null default '[]'::jsonb,
        live             boolean not null default true,
        notified         text null,
        created_at       timestamptz(3) not null default now(),
        expires_at       timestamptz(3) not null,
        constraint insight_severity check (severity in ('info', 'notice', 'warning')),
        constraint insight_relevance check (relevance_hint between 0 and 1 and relevance between 0 and 1)
      );
    `);
    this.addSql(
      `create unique index insight_live_key on insight (tenant_id, customer_id, dedupe_key) where live;`,
    );
    this.addSql(`create index insight_customer on insight (tenant_id, customer_id, created_at desc, id);`);

    this.addSql(`
      create table insight_engagement (
        id           uuid primary key,
        tenant_id    uuid not null references tenant (id) on delete restrict,
        customer_id  uuid not null references customer (id) on delete cascade,
        insight_id   uuid not null references insight (id) on delete cascade,
        kind         text not null,
        outcome      text not null,
        rating       smallint null,
        created_at   timestamptz(3) not null default now(),
        constraint insight_engagement_outcome check
          (outcome in ('shown', 'opened', 'dismissed', 'thumbs-up', 'thumbs-down')),
        constraint insight_engagement_rating check (rating is null or rating between 1 and 5),
        constraint insight_engagement_once unique (tenant_id, insight_id, outcome)
      );
    `);
    this.addSql(`create index insight_engagement_kind on insight_engagement (tenant_id, kind, outcome);`);

    this.addSql(`
      create table insight_settings (
        tenant_id         uuid primary key references tenant (id) on delete restrict,
        notify_threshold  real not null,
        updated_at        timestamptz(3) not null default now(),
        constraint insight_settings_threshold check (notify_threshold between 0 and 1)
      );
    `);

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
    this.addSql(`alter table notification drop column title_enc;`);
  }
}
