import { Migration } from '@mikro-orm/migrations';

const tenantTables = ['customer_rule', 'rule_suggestion_dismissal'] as const;

/**
 * Customer rules (issue 6, item 6): a customer's own "when a transaction matches, do this", in the
 * platform's one condition language (`platform/src/enrichment/rules.ts`, with `all` / `any`).
 *
 * - `customer_rule`: `conditions_enc` is the condition tree as JSON, ciphertext under the customer's key
 *   (bound to the row): its phrases come from the customer's own statement texts and merchants, personal
 *   like the descriptions they match. `action` is `set-category` (with `category`, applied at sync and on
 *   request to past transactions, as the customer's own choice) or `alert` (its notifications go through
 *   a `customer_alert` of kind `rule-match`, so the alert caps apply). `suggestion_key` is the keyed
 *   fingerprint of the suggestion it was accepted from (null when written by hand): an accepted suggestion
 *   is not offered again.
 * - `rule_suggestion_dismissal`: suggestions the customer dismissed, by the same keyed fingerprint of their
 *   evidence, so a dismissed suggestion never comes back for the same evidence.
 * - `customer_alert` gets kind `rule-match` with `rule_id` (cascade: deleting the rule deletes its alert).
 * - `account_transaction.category_rule_id`: which customer rule set the category (`category_source` is
 *   `customer`, respected like a manual choice); null for a manual choice and everything else.
 */
export class Migration20261126220000CustomerRules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table customer_rule (
        id              uuid primary key,
        tenant_id       uuid not null references tenant (id) on delete restrict,
        customer_id     uuid not null references customer (id) on delete cascade,
        conditions_enc  text not null,
        action          text not null,
        category        text null,
        enabled         boolean not null default true,
        suggestion_key  text null,
        created_at      timestamptz(3) not null default now(),
        updated_at      timestamptz(3) not null default now(),
        constraint customer_rule_action_known check (action in ('set-category', 'alert')),
        constraint customer_rule_category_format check (category ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        constraint customer_rule_shape check (
          (action = 'set-category' and category is not null) or (action = 'alert' and category is null)
        ),
        constraint customer_rule_suggestion_once unique (tenant_id, customer_id, suggestion_key)
      );
    `);
    this.addSql(
      `create index customer_rule_customer on customer_rule (tenant_id, customer_id, created_at, id);`,
    );

    this.addSql(`
      create table rule_suggestion_dismissal (
        id            uuid primary key,
        tenant_id     uuid not null references tenant (id) on delete restrict,
        customer_id   uuid not null references customer (id) on delete cascade,
        evidence_key  text not null,
        dismissed_at  timestamptz(3) not null default now(),
        constraint rule_suggestion_dismissal_once unique (tenant_id, customer_id, evidence_key)
      );
    `);

    this.addSql(
      `alter table customer_alert add column rule_id uuid null references customer_rule (id) on delete cascade;`,
    );
    this.addSql(
      `create unique index customer_alert_rule on customer_alert (rule_id) where rule_id is not null;`,
    );
    this.addSql(`alter table customer_alert drop constraint customer_alert_kind_known;`);
    this.addSql(`
      alter table customer_alert add constraint customer_alert_kind_known
        check (kind in ('balance-below', 'budget-over', 'transaction-above', 'rule-match'));
    `);
    this.addSql(`alter table customer_alert drop constraint customer_alert_shape;`);
    this.addSql(`
      alter table customer_alert add constraint customer_alert_shape check (
        (kind = 'balance-below' and account_id is not null and budget_id is null
           and threshold_minor is not null and currency is not null and rule_id is null)
        or (kind = 'budget-over' and budget_id is not null and account_id is null
           and threshold_minor is null and currency is null and rule_id is null)
        or (kind = 'transaction-above' and budget_id is null
           and threshold_minor > 0 and currency is not null and rule_id is null)
        or (kind = 'rule-match' and rule_id is not null and account_id is null and budget_id is null
           and threshold_minor is null and currency is null)
      );
    `);

    this.addSql(`
      alter table account_transaction
        add column category_rule_id uuid null references customer_rule (id) on delete set null;
    `);
    this.addSql(`
      create index account_transaction_category_rule on account_transaction (category_rule_id)
        where category_rule_id is not null;
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
    this.addSql(`alter table account_transaction drop column category_rule_id;`);
    this.addSql(`delete from customer_alert where kind = 'rule-match';`);
    this.addSql(`alter table customer_alert drop column rule_id;`);
    this.addSql(`alter table customer_alert drop constraint customer_alert_kind_known;`);
    this.addSql(`
      alter table customer_alert add constraint customer_alert_kind_known
        check (kind in ('balance-below', 'budget-over', 'transaction-above'));
    `);
    for (const table of [...tenantTables].reverse()) this.addSql(`drop table ${table};`);
  }
}
