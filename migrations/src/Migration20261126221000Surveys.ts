import { Migration } from '@mikro-orm/migrations';

/** Bank surveys, customers' answers and the prompts after notable transactions: the usual tenant isolation. */
const tenantTables = [
  'survey',
  'survey_response',
  'transaction_prompt',
  'transaction_prompt_settings',
] as const;

/**
 * Feedback from customers beyond reactions to recommendations (issue 6, item 7).
 *
 * - `survey`: a bank's in-app survey, one row per version. `series_id` groups the versions of one survey
 *   (the first version's id); `questions` (jsonb, checked by the platform) is immutable once the version is
 *   published — changing a published survey makes a new draft version. `audience` (jsonb) says who is asked:
 *   customers with a live consent for a purpose, optionally narrowed by feature thresholds. `opens_at` /
 *   `closes_at` bound the window (null: from publication / until closed). Not personal data.
 * - `survey_response`: one customer's answer to one survey version (unique: one answer per customer per
 *   version). `answers` (jsonb) holds the choices and ratings by question id; free text is personal and lives
 *   only in `free_text_enc`, ciphertext of a JSON map question id → text under the customer's key bound to
 *   the row. Deleted with the customer (cascade) and by erasure (personal-data registry).
 * - `transaction_prompt`: a short question about one of the customer's notable transactions ("was this
 *   expected?", "is this category right?"), at most one per transaction; `reason` says why it was notable,
 *   `answer` / `answer_category` hold the customer's reply. Goes with the transaction (cascade).
 * - `transaction_prompt_settings`: the bank's thresholds for prompts and the weekly cap per customer (one
 *   row per bank; no row: the platform's defaults).
 */
export class Migration20261126221000Surveys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table survey (
        id            uuid primary key,
        tenant_id     uuid not null references tenant (id) on delete restrict,
        series_id     uuid not null,
        version       integer not null,
        title         text not null,
        status        text not null,
        questions     jsonb not null,
        audience      jsonb not null,
        opens_at      timestamptz(3) null,
        closes_at     timestamptz(3) null,
        created_by    text not null,
        published_at  timestamptz(3) null,
        closed_at     timestamptz(3) null,
        created_at    timestamptz(3) not null default now(),
        updated_at    timestamptz(3) not null default now(),
        constraint survey_status_known check (status in ('draft', 'published', 'closed')),
        constraint survey_version_positive check (version > 0),
        constraint survey_window_order check (opens_at is null or closes_at is null or opens_at < closes_at),
        constraint survey_one_version unique (tenant_id, series_id, version)
      );
    `);
    this.addSql(`create index survey_status on survey (tenant_id, status, created_at, id);`);

    this.addSql(`
      create table survey_response (
        id             uuid primary key,
        tenant_id      uuid not null references tenant (id) on delete restrict,
        survey_id      uuid not null references survey (id) on delete cascade,
        customer_id    uuid not null references customer (id) on delete cascade,
        answers        jsonb not null,
        free_text_enc  text null,
        created_at     timestamptz(3) not null default now(),
        constraint survey_response_once unique (tenant_id, survey_id, customer_id)
      );
    `);
    this.addSql(`create index survey_response_time on survey_response (tenant_id, created_at, id);`);
    this.addSql(`create index survey_response_customer on survey_response (tenant_id, customer_id);`);

    this.addSql(`
      create table transaction_prompt (
        id               uuid primary key,
        tenant_id        uuid not null references tenant (id) on delete restrict,
        customer_id      uuid not null references customer (id) on delete cascade,
        transaction_id   uuid not null references account_transaction (id) on delete cascade,
        reason           text not null,
        question         text not null,
        answer           text null,
        answer_category  text null,
        answered_at      timestamptz(3) null,
        created_at       timestamptz(3) not null default now(),
        constraint transaction_prompt_reason_known check (reason in ('large-amount', 'new-merchant', 'new-recurring')),
        constraint transaction_prompt_question_known check (question in ('expected', 'category')),
        constraint transaction_prompt_answer_known check (
          answer is null or answer in ('expected', 'unexpected', 'category-right', 'category-wrong')
        ),
        constraint transaction_prompt_answered check ((answer is null) = (answered_at is null)),
        constraint transaction_prompt_once unique (tenant_id, transaction_id)
      );
    `);
    this.addSql(
      `create index transaction_prompt_customer on transaction_prompt (tenant_id, customer_id, created_at, id);`,
    );

    this.addSql(`
      create table transaction_prompt_settings (
        tenant_id                 uuid primary key references tenant (id) on delete restrict,
        enabled                   boolean not null,
        large_amount_multiple     real not null,
        large_amount_min_minor    bigint not null,
        weekly_cap                integer not null,
        updated_at                timestamptz(3) not null default now(),
        constraint transaction_prompt_settings_multiple check (large_amount_multiple >= 1),
        constraint transaction_prompt_settings_min check (large_amount_min_minor >= 0),
        constraint transaction_prompt_settings_cap check (weekly_cap between 0 and 50)
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
  }
}
