import { Migration } from '@mikro-orm/migrations';

const enrichmentTables = ['category_rule', 'category_model', 'category_label'] as const;

/**
 * Enrichment (issue 6): each transaction's category, who decided it and how sure it was.
 *
 * - `category`: an id of the platform's taxonomy (`platform/src/enrichment/taxonomy.ts`); only its format
 *   is checked here, so adding a category to the taxonomy needs no migration.
 * - `category_source`: `mcc` (the merchant category code), `rule` (a platform or bank rule), `model` (the
 *   bank's learned classifier) or `customer` (the customer chose it). A customer's choice is never
 *   overwritten by a later sync or model run (the platform's ingest and categorisation guard it).
 * - `category_confidence`: 0..1; 1 for the customer's choice and exact rules, the classifier's softmax
 *   probability for `model`. Null when nothing categorised the row yet.
 * - `merchant_display_name`: the merchant's name cleaned for display (`enrichment/merchant.ts`: no
 *   processor prefixes, store numbers or city tails); the merchant's business data like `merchant_name`.
 * Category and source are null together or set together (a category is never stored without its source).
 *
 * Three tenant-owned tables (row-level security like `customer`):
 * - `category_rule`: a bank's own categorisation rules, written by its staff (conditions as JSON, see
 *   `platform/src/enrichment/rules.ts`); the bank's data, not a customer's (no `customer_id`).
 * - `category_model`: the bank's trained classifier, one row per training run (the newest is used): its
 *   artefact (weights of hashed text features; no transaction text), classes, what it was trained on.
 * - `category_label`: a customer's re-categorisation of one of their transactions — the training label
 *   the classifier counts most, with what the platform had said before (personal: `customer_id` with
 *   cascade, in the personal-data registry and the export).
 */
export class Migration20261126210000Enrichment extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table account_transaction
        add column category text null,
        add column category_source text null,
        add column category_confidence real null,
        add column merchant_display_name text null,
        add constraint account_transaction_category_format check (category ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        add constraint account_transaction_category_source_known
          check (category_source in ('mcc', 'rule', 'model', 'customer')),
        add constraint account_transaction_category_confidence_range
          check (category_confidence between 0 and 1),
        add constraint account_transaction_category_with_source
          check ((category is null) = (category_source is null));
    `);

    this.addSql(`
      create table category_rule (
        id           uuid primary key,
        tenant_id    uuid not null references tenant (id) on delete restrict,
        name         text not null,
        priority     integer not null,
        category     text not null,
        conditions   jsonb not null,
        enabled      boolean not null default true,
        created_by   text not null,
        updated_by   text not null,
        created_at   timestamptz(3) not null default now(),
        updated_at   timestamptz(3) not null default now(),
        constraint category_rule_name_length check (char_length(name) between 1 and 100),
        constraint category_rule_priority_range check (priority between 0 and 100000),
        constraint category_rule_category_format check (category ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        constraint category_rule_conditions_object check (jsonb_typeof(conditions) = 'object')
      );
    `);
    this.addSql(`create index category_rule_tenant_priority on category_rule (tenant_id, priority, id);`);

    this.addSql(`
      create table category_model (
        id               uuid primary key,
        tenant_id        uuid not null references tenant (id) on delete restrict,
        artefact         jsonb not null,
        classes          text[] not null,
        examples         integer not null,
        customer_labels  integer not null,
        backend          text not null,
        training_ms      integer not null,
        trained_by       text not null,
        trained_at       timestamptz(3) not null default now(),
        constraint category_model_classes_present check (cardinality(classes) >= 2),
        constraint category_model_examples_positive check (examples > 0 and customer_labels >= 0),
        constraint category_model_backend_known check (backend in ('tensorflow', 'wasm', 'cpu'))
      );
    `);
    this.addSql(
      `create index category_model_tenant_trained on category_model (tenant_id, trained_at desc, id);`,
    );

    this.addSql(`
      create table category_label (
        id                 uuid primary key,
        tenant_id          uuid not null references tenant (id) on delete restrict,
        customer_id        uuid not null references customer (id) on delete cascade,
        transaction_id     uuid not null references account_transaction (id) on delete cascade,
        category           text not null,
        previous_category  text null,
        previous_source    text null,
        created_at         timestamptz(3) not null default now(),
        updated_at         timestamptz(3) not null default now(),
        constraint category_label_transaction_unique unique (transaction_id),
        constraint category_label_category_format check (category ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        constraint category_label_previous_source_known
          check (previous_source in ('mcc', 'rule', 'model', 'customer'))
      );
    `);
    this.addSql(
      `create index category_label_customer on category_label (tenant_id, customer_id, created_at, id);`,
    );
    this.addSql(`create index category_label_tenant_created on category_label (tenant_id, created_at, id);`);

    for (const table of enrichmentTables) {
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
    for (const table of [...enrichmentTables].reverse()) this.addSql(`drop table ${table};`);
    this.addSql(`
      alter table account_transaction
        drop column merchant_display_name,
        drop column category_confidence,
        drop column category_source,
        drop column category;
    `);
  }
}
