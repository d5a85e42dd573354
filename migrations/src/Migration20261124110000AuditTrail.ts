import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail: one append-only, hash-chained log per tenant plus one for platform-level actions
 * (onboarding, tenant directory changes), whose rows have `tenant_id` NULL.
 *
 * - `chain` is derived from `tenant_id` (`'platform'` when NULL), so (chain, seq) is unique and gapless
 *   per chain; the platform computes `hash` (SHA-256 over a canonical serialisation, see the platform's
 *   README "Audit trail") and serialises appends per chain with `pg_advisory_xact_lock`.
 * - Row-level security like every tenant-owned table, with NULL-safe comparison: a bank's entries are
 *   visible and insertable only with that tenant set; the platform chain only with no tenant set.
 * - `finpersona_app` may SELECT and INSERT only (the default privileges would also give UPDATE and
 *   DELETE, so they are revoked), and a trigger refuses UPDATE, DELETE and TRUNCATE for everyone,
 *   the owner included.
 */
export class Migration20261124110000AuditTrail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table audit_entry (
        id uuid not null default gen_random_uuid(),
        tenant_id uuid null references tenant (id),
        chain text generated always as (coalesce(tenant_id::text, 'platform')) stored,
        seq bigint not null,
        occurred_at timestamptz(3) not null,
        actor_subject text not null,
        actor_realm text null,
        actor_roles text[] not null,
        actor_client text null,
        action text not null,
        resource_type text not null,
        resource_id text null,
        changes jsonb not null,
        ip text null,
        request_id text not null,
        outcome text not null,
        prev_hash text not null,
        hash text not null,
        constraint audit_entry_pkey primary key (id),
        constraint audit_entry_chain_seq_key unique (chain, seq),
        constraint audit_entry_seq_check check (seq >= 1),
        constraint audit_entry_outcome_check check (outcome in ('allowed', 'denied', 'failed')),
        constraint audit_entry_prev_hash_check check (prev_hash ~ '^[0-9a-f]{64}$'),
        constraint audit_entry_hash_check check (hash ~ '^[0-9a-f]{64}$')
      );
    `);
    this.addSql(
      `create index audit_entry_tenant_id_occurred_at_index on audit_entry (tenant_id, occurred_at);`,
    );

    this.addSql(`alter table audit_entry enable row level security;`);
    this.addSql(`alter table audit_entry force row level security;`);
    this.addSql(`
      create policy audit_entry_tenant_isolation on audit_entry
        using (tenant_id is not distinct from app_current_tenant_id())
        with check (tenant_id is not distinct from app_current_tenant_id());
    `);

    this.addSql(`revoke all on table audit_entry from finpersona_app;`);
    this.addSql(`grant select, insert on table audit_entry to finpersona_app;`);

    this.addSql(`
      create function audit_entry_append_only() returns trigger
        language plpgsql
        as $$
        begin
          raise exception 'audit_entry is append-only: % is not allowed', tg_op
            using errcode = 'insufficient_privilege';
        end
        $$;
    `);
    this.addSql(`
      create trigger audit_entry_no_update_or_delete
        before update or delete on audit_entry
        for each row execute function audit_entry_append_only();
    `);
    this.addSql(`
      create trigger audit_entry_no_truncate
        before truncate on audit_entry
        for each statement execute function audit_entry_append_only();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table audit_entry;`);
    this.addSql(`drop function audit_entry_append_only();`);
  }
}
