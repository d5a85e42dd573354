import { Migration } from '@mikro-orm/migrations';

/**
 * Recommendations delivered to customers (issue 6, delivery and feedback), with what GDPR Art. 22 asks of
 * an automated decision: the decision record (model plugin and registry version, the exact input features,
 * the candidate set with each candidate's eligibility and score, the rule pack that approved it, the
 * reason and its attributions), the customer's reactions, and human review on request.
 *
 * - `recommendation_settings`: the bank's delivery settings (one row per bank; none means the defaults).
 * - `recommendation`: one product recommended to one customer in one period (calendar month, UTC). At most
 *   one row per customer, period and product, so asking again in a period returns the same ones.
 * - `recommendation_event`: what the customer did with it (shown, opened, dismissed, accepted, rated,
 *   contested), the labels retraining reads. Free text (comments) is ciphertext under the customer's key.
 * - `recommendation_review`: a human review the customer asked for (contest or request), decided by staff.
 *
 * All personal (customer_id, cascade), tenant-owned (RLS), registered in the personal-data registry.
 */
export class Migration20261126213000Recommendations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table recommendation_settings (
        tenant_id                    uuid primary key references tenant (id) on delete restrict,
        max_per_period               integer not null,
        dismissed_return_after_days  integer null,
        updated_at                   timestamptz(3) not null default now(),
        constraint recommendation_settings_max check (max_per_period between 0 and 20),
        constraint recommendation_settings_return check (dismissed_return_after_days is null or dismissed_return_after_days between 1 and 3650)
      );
    `);
    this.addSql(`
      create table recommendation (
        id                 uuid primary key,
        tenant_id          uuid not null references tenant (id) on delete restrict,
        customer_id        uuid not null references customer (id) on delete cascade,
        period             text not null,
        product_id         text not null,
        product_type       text not null,
        catalogue          text not null,
        rank               integer not null,
        score              double precision not null,
        model_plugin_id    text not null,
        model_version      text not null,
        model_version_id   text not null,
        features           jsonb not null,
        candidates         jsonb not null,
        reason_enc         text not null,
        attributions       jsonb not null,
        rule_pack_id       text not null,
        rule_pack_version  text not null,
        disclosures        jsonb not null,
        status             text not null default 'active',
        delivered_at       timestamptz(3) not null default now(),
        status_changed_at  timestamptz(3) null,
        constraint recommendation_period_format check (period ~ '^[0-9]{4}-[0-9]{2}$'),
        constraint recommendation_status check (status in ('active', 'dismissed', 'accepted', 'withdrawn')),
        constraint recommendation_score check (score >= 0 and score <= 1),
        constraint recommendation_once_per_period unique (tenant_id, customer_id, period, product_id)
      );
    `);
    this.addSql(
      `create index recommendation_customer on recommendation (tenant_id, customer_id, delivered_at desc, id);`,
    );
    this.addSql(`create index recommendation_delivered on recommendation (tenant_id, delivered_at, id);`);
    this.addSql(`
      create table recommendation_event (
        id                 uuid primary key,
        tenant_id          uuid not null references tenant (id) on delete restrict,
        customer_id        uuid not null references customer (id) on delete cascade,
        recommendation_id  uuid not null references recommendation (id) on delete cascade,
        kind               text not null,
        rating             smallint null,
        comment_enc        text null,
        created_at         timestamptz(3) not null default now(),
        constraint recommendation_event_kind check (kind in ('shown', 'opened', 'dismissed', 'accepted', 'rated', 'contested')),
        constraint recommendation_event_rating check (rating is null or rating between 1 and 5)
      );
    `);
    this.addSql(
      `create index recommendation_event_recommendation on recommendation_event (tenant_id, recommendation_id, created_at);`,
    );
    this.addSql(
      `create index recommendation_event_created on recommendation_event (tenant_id, created_at, id);`,
    );
    this.addSql(`
      create table recommendation_review (
        id                 uuid primary key,
        tenant_id          uuid not null references tenant (id) on delete restrict,
        customer_id        uuid not null references customer (id) on delete cascade,
        recommendation_id  uuid not null references recommendation (id) on delete cascade,
        trigger            text not null,
        customer_text_enc  text null,
        status             text not null default 'requested',
        requested_at       timestamptz(3) not null default now(),
        decision           text null,
        note_enc           text null,
        decided_by         text null,
        decided_at         timestamptz(3) null,
        constraint recommendation_review_trigger check (trigger in ('contest', 'request')),
        constraint recommendation_review_status check (status in ('requested', 'decided')),
        constraint recommendation_review_decision check (decision is null or decision in ('upheld', 'withdrawn')),
        constraint recommendation_review_decided check ((status = 'decided') = (decision is not null and decided_at is not null))
      );
    `);
    // One open review per recommendation: asking again returns the open one.
    this.addSql(`
      create unique index recommendation_review_open
        on recommendation_review (tenant_id, recommendation_id) where status = 'requested';
    `);
    this.addSql(
      `create index recommendation_review_queue on recommendation_review (tenant_id, status, requested_at, id);`,
    );

    for (const table of [
      'recommendation_settings',
      'recommendation',
      'recommendation_event',
      'recommendation_review',
    ]) {
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
    this.addSql(`drop table recommendation_review;`);
    this.addSql(`drop table recommendation_event;`);
    this.addSql(`drop table recommendation;`);
    this.addSql(`drop table recommendation_settings;`);
  }
}
