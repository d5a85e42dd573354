import { Migration } from '@mikro-orm/migrations';

/**
 * The model registry (issue 6, prediction and retraining): per bank and recommendation-model plugin, the
 * versions it trained and the runs that trained them, plus the bank's retraining policy.
 *
 * - `model_version`: one trained model. `version` counts per (bank, plugin) from 1. `status` moves
 *   `candidate` → `champion` | `rejected` | `awaiting-approval` (→ `champion` | `rejected`), and a champion
 *   becomes `retired` when another is promoted; at most one champion per (bank, plugin) (partial unique
 *   index). `model_metrics` are what the model reported; `validation_metrics` what the platform measured on
 *   the validation window for this version, the champion of the time and every baseline (same window);
 *   `data_window` the train and validation splits' feature and label windows; `feature_profile` binned
 *   distributions of the training features (what drift is measured against). `artifact` is the model's
 *   state (weights: not personal data), so no `customer_id` here and nothing in the personal-data registry.
 *   `decided_by` is the staff subject (token `sub`) or `system` who promoted or rejected it, `decision_reason`
 *   why.
 * - `model_training_run`: one run of the retraining workflow (`workflow_id`), with its trigger, the reason,
 *   progress in [0, 1], the stage it is at and how it ended.
 * - `model_retraining_policy`: the bank's settings for retraining one plugin's model (or every model with
 *   `model_plugin_id = '*'`): period, feedback and drift thresholds, whether promotion waits for a person.
 */
export class Migration20261126212000ModelRegistry extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table model_training_run (
        id               uuid primary key,
        tenant_id        uuid not null references tenant (id) on delete restrict,
        model_plugin_id  text not null,
        workflow_id      text not null,
        trigger          text not null,
        reason           text not null,
        status           text not null,
        stage            text not null,
        progress         real not null default 0,
        requested_by     text not null,
        model_version_id uuid null,
        outcome_reason   text null,
        started_at       timestamptz(3) not null default now(),
        updated_at       timestamptz(3) not null default now(),
        finished_at      timestamptz(3) null,
        constraint model_training_run_trigger_known check (trigger in ('schedule', 'feedback', 'drift', 'manual')),
        constraint model_training_run_status_known
          check (status in ('running', 'awaiting-approval', 'succeeded', 'failed', 'cancelled')),
        constraint model_training_run_stage_known
          check (stage in ('dataset', 'training', 'evaluating', 'deciding', 'awaiting-approval', 'done')),
        constraint model_training_run_progress_range check (progress >= 0 and progress <= 1),
        constraint model_training_run_workflow_once unique (tenant_id, workflow_id)
      );
    `);
    this.addSql(
      `create index model_training_run_by_model on model_training_run (tenant_id, model_plugin_id, started_at desc);`,
    );
    this.addSql(`
      create table model_version (
        id                 uuid primary key,
        tenant_id          uuid not null references tenant (id) on delete restrict,
        model_plugin_id    text not null,
        plugin_version     text not null,
        version            integer not null,
        status             text not null,
        trigger            text not null,
        training_run_id    uuid null references model_training_run (id) on delete set null,
        model_metrics      jsonb not null default '{}'::jsonb,
        validation_metrics jsonb null,
        data_window        jsonb not null,
        features           jsonb not null,
        feature_profile    jsonb not null default '{}'::jsonb,
        examples           integer not null,
        positives          integer not null,
        artifact           jsonb not null,
        decided_by         text null,
        decision_reason    text null,
        decided_at         timestamptz(3) null,
        promoted_at        timestamptz(3) null,
        retired_at         timestamptz(3) null,
        created_at         timestamptz(3) not null default now(),
        updated_at         timestamptz(3) not null default now(),
        constraint model_version_status_known
          check (status in ('candidate', 'champion', 'retired', 'rejected', 'awaiting-approval')),
        constraint model_version_trigger_known check (trigger in ('schedule', 'feedback', 'drift', 'manual')),
        constraint model_version_counts check (examples >= 0 and positives >= 0 and positives <= examples),
        constraint model_version_number_positive check (version > 0),
        constraint model_version_once unique (tenant_id, model_plugin_id, version)
      );
    `);
    this.addSql(`
      create unique index model_version_one_champion on model_version (tenant_id, model_plugin_id)
        where status = 'champion';
    `);
    this.addSql(
      `create index model_version_by_model on model_version (tenant_id, model_plugin_id, version desc);`,
    );
    this.addSql(`
      create table model_retraining_policy (
        id                  uuid primary key,
        tenant_id           uuid not null references tenant (id) on delete restrict,
        model_plugin_id     text not null,
        period_days         integer not null,
        feedback_threshold  integer not null,
        drift_threshold     real not null,
        approval_required   boolean not null,
        updated_by          text not null,
        updated_at          timestamptz(3) not null default now(),
        constraint model_retraining_policy_period check (period_days between 1 and 365),
        constraint model_retraining_policy_feedback check (feedback_threshold between 1 and 1000000),
        constraint model_retraining_policy_drift check (drift_threshold > 0 and drift_threshold <= 10),
        constraint model_retraining_policy_once unique (tenant_id, model_plugin_id)
      );
    `);
    for (const table of ['model_training_run', 'model_version', 'model_retraining_policy']) {
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
    this.addSql(`drop table model_retraining_policy;`);
    this.addSql(`drop table model_version;`);
    this.addSql(`drop table model_training_run;`);
  }
}
