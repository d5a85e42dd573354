import { Migration } from '@mikro-orm/migrations';

const tables = ['customer_features', 'recurring_payment'] as const;

/**
 * Behaviour derived from a customer's data (issue 6, item 2), recomputed after each sync that changed it:
 *
 * - `customer_features`: the customer's latest feature vector (the plugin SDK's `featureVocabulary`, one
 *   JSON object of numbers or nulls) as of `as_of`, when it was computed and how long that took. One row per
 *   customer, replaced on each recompute.
 * - `recurring_payment`: the recurring series detected in their transactions (both directions), replaced
 *   on each recompute. `series_key` is the detection's opaque key (stable for the same party, direction,
 *   account and cadence), what the customer's what-if scenarios name. No personal text is stored: the
 *   party is shown from `last_transaction_id`'s own (encrypted) counterparty, or the merchant's name
 *   (business data, in clear on the transaction too).
 *
 * Both are tenant-owned (row-level security) and personal (`customer_id` cascades; the personal-data
 * registry exports them and erasure deletes them: derived data, not a record AML law asks for).
 */
export class Migration20261126211000Behaviour extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table customer_features (
        id              uuid primary key,
        tenant_id       uuid not null references tenant (id) on delete restrict,
        customer_id     uuid not null references customer (id) on delete cascade,
        features        jsonb not null,
        as_of           timestamptz(3) not null,
        computed_at     timestamptz(3) not null,
        computation_ms  integer not null,
        constraint customer_features_customer_unique unique (tenant_id, customer_id),
        constraint customer_features_object check (jsonb_typeof(features) = 'object'),
        constraint customer_features_computation_ms check (computation_ms >= 0)
      );
    `);
    this.addSql(`
      create table recurring_payment (
        id                          uuid primary key,
        tenant_id                   uuid not null references tenant (id) on delete restrict,
        customer_id                 uuid not null references customer (id) on delete cascade,
        account_id                  uuid not null references account (id) on delete cascade,
        series_key                  text not null,
        direction                   text not null,
        cadence                     text not null,
        interval_days               real not null,
        currency                    char(3) not null,
        typical_amount_minor        bigint not null,
        last_amount_minor           bigint not null,
        occurrences                 integer not null,
        first_date                  date not null,
        last_date                   date not null,
        next_expected_date          date not null,
        next_expected_amount_minor  bigint not null,
        price_change                jsonb null,
        active                      boolean not null,
        category                    text null,
        merchant_name               text null,
        last_transaction_id         uuid null references account_transaction (id) on delete set null,
        computed_at                 timestamptz(3) not null,
        constraint recurring_payment_series_unique unique (tenant_id, customer_id, series_key),
        constraint recurring_payment_direction_known check (direction in ('credit', 'debit')),
        constraint recurring_payment_cadence_known
          check (cadence in ('weekly', 'monthly', 'quarterly', 'yearly')),
        constraint recurring_payment_currency_format check (currency ~ '^[A-Z]{3}$'),
        constraint recurring_payment_amounts_positive
          check (typical_amount_minor > 0 and last_amount_minor > 0 and next_expected_amount_minor > 0),
        constraint recurring_payment_occurrences check (occurrences >= 2)
      );
    `);
    this.addSql(
      `create index recurring_payment_customer on recurring_payment (tenant_id, customer_id, next_expected_date);`,
    );
    for (const table of tables) {
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
    for (const table of [...tables].reverse()) this.addSql(`drop table ${table};`);
  }
}
