import { Migration } from '@mikro-orm/migrations';
import { tenantOwnedTable } from './tenant-owned';

/**
 * The bank's staff directory (`staff_member`): who a staff subject in the audit trail and the `*By` columns
 * is, by name. One row per bank and Keycloak subject, filled from the verified access tokens of the bank's
 * staff (bank administrators and compliance officers) when they call the API; never customers. Display
 * name and username are the token's `name` and `preferred_username` (staff's personal data, kept while
 * the bank's account exists so old entries keep resolving), encrypted at rest under the bank's data key
 * (`*_enc`, bound to the row); `names_fingerprint` is their blind index under the same key, so a write can
 * tell a rename without decrypting. Roles are the staff roles the token carried. Tenant-owned with
 * row-level security.
 */
export class Migration20261127100000StaffDirectory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table staff_member (
        tenant_id          uuid not null references tenant (id) on delete restrict,
        subject            text not null,
        display_name_enc   text null,
        username_enc       text null,
        names_fingerprint  text not null,
        roles              text[] not null,
        first_seen_at      timestamptz(3) not null default now(),
        last_seen_at       timestamptz(3) not null default now(),
        primary key (tenant_id, subject),
        constraint staff_member_subject_length check (char_length(subject) between 1 and 255),
        constraint staff_member_roles_known
          check (cardinality(roles) > 0 and roles <@ array['bank-admin', 'compliance-officer']::text[])
      );
    `);
    for (const sql of tenantOwnedTable('staff_member')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table staff_member;`);
  }
}
