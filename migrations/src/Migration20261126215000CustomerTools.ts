import { Migration } from '@mikro-orm/migrations';

/** The customer's own money tools; each table gets the usual tenant isolation policy. */
const tenantTables = ['budget', 'savings_goal', 'customer_alert', 'customer_alert_firing'] as const;

/**
 * Customer tools (issue 6, item 6): budgets and savings goals the customer sets for themself.
 *
 * - `budget`: a spending limit per taxonomy category (`platform/src/enrichment/taxonomy.ts`, spending kind
 *   only; the platform checks the kind, SQL only the id's format) and period (`monthly` today), an amount in
 *   minor units and its currency. One budget per (customer, category, period): a second one would split the
 *   same spending in two. Progress is computed when read, from categorised debits; nothing is stored.
 * - `savings_goal`: a target amount (minor units, currency) with an optional target date; progress comes
 *   from a linked account's latest balance (`account_id`) or, without one, from the manual contributions
 *   the customer recorded (`manual_saved_minor`). `name_enc` is the customer's own label ("Wedding"),
 *   personal, so ciphertext under the customer's key (bound to the row). When the linked account goes
 *   (its connection's data purged) the goal stays and falls back to its manual contributions.
 * - `customer_alert`: a condition the customer wants to hear about — `balance-below` (an account's balance
 *   under `threshold_minor`), `budget-over` (a budget's spending over its amount this period) or
 *   `transaction-above` (a transaction of more than `threshold_minor`, optionally on one account) — with its
 *   own cooldown between notifications. `armed` is for level conditions (balance): a dip fires once and the
 *   alert re-arms only when the balance is back at or above the threshold.
 * - `customer_alert_firing`: one row per occurrence (`subject_ref`: the balance row, the budget period or the
 *   transaction), unique per alert, so an occurrence is acted on once whatever re-runs; `outcome` says whether
 *   it was sent or suppressed against alert fatigue (`cooldown`, `daily-cap`) — suppressed ones are counted.
 * All belong to one customer (`customer_id`, cascade) and are deleted by erasure (personal-data registry).
 */
export class Migration20261126215000CustomerTools extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table budget (
        id            uuid primary key,
        tenant_id     uuid not null references tenant (id) on delete restrict,
        customer_id   uuid not null references customer (id) on delete cascade,
        category      text not null,
        period        text not null,
        amount_minor  bigint not null,
        currency      character(3) not null,
        created_at    timestamptz(3) not null default now(),
        updated_at    timestamptz(3) not null default now(),
        constraint budget_category_format check (category ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        constraint budget_period_known check (period in ('monthly')),
        constraint budget_amount_positive check (amount_minor > 0),
        constraint budget_currency_format check (currency ~ '^[A-Z]{3}$'),
        constraint budget_one_per_category unique (tenant_id, customer_id, category, period)
      );
    `);
    this.addSql(`create index budget_customer on budget (tenant_id, customer_id, created_at, id);`);

    this.addSql(`
      create table savings_goal (
        id                   uuid primary key,
        tenant_id            uuid not null references tenant (id) on delete restrict,
        customer_id          uuid not null references customer (id) on delete cascade,
        name_enc             text not null,
        target_amount_minor  bigint not null,
        currency             character(3) not null,
        target_date          date null,
        account_id           uuid null references account (id) on delete set null,
        manual_saved_minor   bigint not null default 0,
        created_at           timestamptz(3) not null default now(),
        updated_at           timestamptz(3) not null default now(),
        constraint savings_goal_target_positive check (target_amount_minor > 0),
        constraint savings_goal_currency_format check (currency ~ '^[A-Z]{3}$'),
        constraint savings_goal_manual_saved_not_negative check (manual_saved_minor >= 0)
      );
    `);
    this.addSql(
      `create index savings_goal_customer on savings_goal (tenant_id, customer_id, created_at, id);`,
    );
    this.addSql(
      `create index savings_goal_account on savings_goal (account_id) where account_id is not null;`,
    );

    this.addSql(`
      create table customer_alert (
        id               uuid primary key,
        tenant_id        uuid not null references tenant (id) on delete restrict,
        customer_id      uuid not null references customer (id) on delete cascade,
        kind             text not null,
        account_id       uuid null references account (id) on delete cascade,
        budget_id        uuid null references budget (id) on delete cascade,
        threshold_minor  bigint null,
        currency         character(3) null,
        cooldown_hours   integer not null,
        enabled          boolean not null default true,
        armed            boolean not null default true,
        last_sent_at     timestamptz(3) null,
        created_at       timestamptz(3) not null default now(),
        updated_at       timestamptz(3) not null default now(),
        constraint customer_alert_kind_known check (kind in ('balance-below', 'budget-over', 'transaction-above')),
        constraint customer_alert_cooldown_range check (cooldown_hours between 0 and 720),
        constraint customer_alert_currency_format check (currency ~ '^[A-Z]{3}$'),
        constraint customer_alert_shape check (
          (kind = 'balance-below' and account_id is not null and budget_id is null
             and threshold_minor is not null and currency is not null)
          or (kind = 'budget-over' and budget_id is not null and account_id is null
             and threshold_minor is null and currency is null)
          or (kind = 'transaction-above' and budget_id is null
             and threshold_minor > 0 and currency is not null)
        )
      );
    `);
    this.addSql(
      `create index customer_alert_customer on customer_alert (tenant_id, customer_id, created_at, id);`,
    );

    this.addSql(`
      create table customer_alert_firing (
        id           uuid primary key,
        tenant_id    uuid not null references tenant (id) on delete restrict,
        customer_id  uuid not null references customer (id) on delete cascade,
        alert_id     uuid not null references customer_alert (id) on delete cascade,
        subject_ref  text not null,
        outcome      text not null,
        fired_at     timestamptz(3) not null default now(),
        constraint customer_alert_firing_outcome_known check (outcome in ('sent', 'cooldown', 'daily-cap')),
        constraint customer_alert_firing_once unique (tenant_id, alert_id, subject_ref)
      );
    `);
    this.addSql(
      `create index customer_alert_firing_customer on customer_alert_firing (tenant_id, customer_id, fired_at);`,
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
