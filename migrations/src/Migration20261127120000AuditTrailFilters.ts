import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the compliance officer's filters of `auditTrail` (platform `AuditService.page`), each
 * leading with `chain` and ending with `seq`, so a filtered page is read in seq order (either way) from the
 * index instead of walking the bank's whole chain to find a rare match:
 *
 * - `action` with `text_pattern_ops`: exact actions and prefixes (`action like 'consent.%'`);
 * - `resource_id`: everything done to one customer, installation, subscription …;
 * - `actor_subject`: everything one member of staff (or `system`) did.
 *
 * Outcome and resource type are not selective enough to pay for an index on an append-heavy table: those
 * filters walk `audit_entry_chain_seq_key` (or one of these). Built in the migration's transaction (not
 * CONCURRENTLY): appends wait while a long chain is indexed.
 */
export class Migration20261127120000AuditTrailFilters extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index audit_entry_chain_action_seq_index on audit_entry (chain, action text_pattern_ops, seq);`,
    );
    this.addSql(
      `create index audit_entry_chain_resource_id_seq_index on audit_entry (chain, resource_id, seq);`,
    );
    this.addSql(
      `create index audit_entry_chain_actor_subject_seq_index on audit_entry (chain, actor_subject, seq);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index audit_entry_chain_actor_subject_seq_index;`);
    this.addSql(`drop index audit_entry_chain_resource_id_seq_index;`);
    this.addSql(`drop index audit_entry_chain_action_seq_index;`);
  }
}
