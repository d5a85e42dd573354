import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { isBankStaff } from '../access';
import { AuditService } from '../audit';
import { type FieldAddress, FieldEncryptionService } from '../crypto';
import { inTransaction } from '../database';
import { Invalid, NotFound } from '../errors';
import { createRequestContext, type RequestContext, requireContext, runInContext } from '../request-context';
import { SeenMemo } from './seen-memo';

/** A colleague as the portal shows them. */
export interface StaffMemberRecord {
  subject: string;
  displayName: string | null;
  username: string | null;
  roles: string[];
  lastSeenAt: Date;
}

/** Most subjects one `staffMembers` call may name (a screen's worth). */
export const maxStaffSubjects = 100;
/** Longest subject, name or username kept: longer names are cut, a longer subject is not recorded. */
export const maxStaffTextLength = 255;
/** How stale `last_seen_at` may get: a staff member's requests write at most this often. */
export const staffSeenRefreshMs = 10 * 60_000;

const staffRoles = ['bank-admin', 'compliance-officer'] as const;
const table = 'staff_member';
/** Where a staff member's name or username is sealed: bound to the bank (by the cipher) and the subject. */
const nameAddress = (subject: string, column: 'display_name_enc' | 'username_enc'): FieldAddress => ({
  table,
  column,
  rowId: subject,
});

/**
 * The bank's staff directory (README "Staff directory"): who a staff subject is, by name.
 *
 * `recordSeen` runs once a request of a bank's staff member has finished (`StaffDirectoryGraphqlModule`
 * hooks it to the end of every request), in a short transaction of its own: the request's transaction may have rolled
 * back (an error, a refused operation) and the staff member still signed in, and the caller's transaction
 * never waits on, or fails because of, the directory. It writes only what the verified token says, at most
 * once per staff member per `staffSeenRefreshMs` per process (sooner when the name, username or roles
 * changed), and the upsert itself writes nothing when nothing changed (names compared by their blind
 * index: they are stored encrypted under the bank's data key). A failed write is logged, never the
 * request's error. Customers and platform operators are not recorded.
 */
@Injectable()
export class StaffDirectoryService {
  private readonly logger = new Logger('StaffDirectory');
  private readonly memo = new SeenMemo(staffSeenRefreshMs);

  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
  ) {}

  /** Records or refreshes the context's principal when they are the staff of the context's bank. */
  async recordSeen(context: RequestContext): Promise<void> {
    const { principal, tenant } = context;
    if (!tenant || !principal || !isBankStaff(principal) || principal.realm !== tenant.realm) return;
    if (principal.subject.length === 0 || principal.subject.length > maxStaffTextLength) return;
    const seen = {
      displayName: principal.displayName?.slice(0, maxStaffTextLength) ?? null,
      username: principal.username?.slice(0, maxStaffTextLength) ?? null,
      roles: staffRoles.filter((role) => principal.roles.includes(role)),
    };
    const key = memoKey(tenant.id, principal.subject);
    if (!this.memo.claim(key, JSON.stringify(seen))) return;
    // A unit of work of its own, after the request's: its own request id (derived, so logs still lead back).
    const own = createRequestContext({
      requestId: `${context.requestId}/staff-directory`,
      clientIp: context.clientIp,
    });
    own.tenant = tenant;
    try {
      await runInContext(own, () =>
        this.em.transactional(async (em) => {
          const named = [
            { column: 'display_name_enc', plaintext: seen.displayName },
            { column: 'username_enc', plaintext: seen.username },
          ] as const;
          const present = named.filter((name) => name.plaintext !== null);
          const sealed = await this.encryption.encryptForTenant(
            present.map((name) => ({
              address: nameAddress(principal.subject, name.column),
              plaintext: name.plaintext!,
            })),
          );
          const sealedOf = (column: (typeof named)[number]['column']) => {
            const index = present.findIndex((name) => name.column === column);
            return index < 0 ? null : sealed[index]!;
          };
          const fingerprint = await this.encryption.blindIndex(
            { table, column: 'names_fingerprint' },
            JSON.stringify([seen.displayName, seen.username]),
            'exact',
          );
          await em.execute(
            `insert into staff_member
               (tenant_id, subject, display_name_enc, username_enc, names_fingerprint, roles)
             values (?, ?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)))
             on conflict (tenant_id, subject) do update
               set display_name_enc = excluded.display_name_enc, username_enc = excluded.username_enc,
                   names_fingerprint = excluded.names_fingerprint, roles = excluded.roles,
                   last_seen_at = excluded.last_seen_at
               where staff_member.names_fingerprint is distinct from excluded.names_fingerprint
                  or staff_member.roles is distinct from excluded.roles
                  or staff_member.last_seen_at <= excluded.last_seen_at - ?::interval`,
            [
              tenant.id,
              principal.subject,
              sealedOf('display_name_enc'),
              sealedOf('username_enc'),
              fingerprint,
              JSON.stringify(seen.roles),
              `${staffSeenRefreshMs} milliseconds`,
            ],
          );
        }),
      );
    } catch (error) {
      this.memo.forget(key);
      this.logger.warn(
        `could not record staff member in the directory ${JSON.stringify({
          requestId: context.requestId,
          error: String(error),
        })}`,
      );
    }
  }

  /**
   * The current bank's staff members among `subjects` (1 to `maxStaffSubjects`, each 1 to 255
   * characters; INVALID naming the field otherwise), by display name; unknown subjects are left out.
   */
  async find(subjects: readonly string[]): Promise<StaffMemberRecord[]> {
    const problems = subjectProblems(subjects);
    if (problems.length > 0) throw Invalid.fields(problems);
    return inTransaction(this.em, (em) =>
      this.read(em, 'and subject in (select jsonb_array_elements_text(?::jsonb))', [
        JSON.stringify([...new Set(subjects)]),
      ]),
    );
  }

  /**
   * Everyone the current bank's directory knows, by display name (`staffDirectory`, the portal's Staff
   * screen), audited `staff-directory.list` with how many (a browse of staff data, unlike `find`'s lookups
   * of subjects already on a screen). One list, not pages: the directory holds the bank's staff who use the
   * API, tens to hundreds of people.
   */
  async list(): Promise<StaffMemberRecord[]> {
    return inTransaction(this.em, async (em) => {
      const members = await this.read(em, '', []);
      await this.audit.record({
        action: 'staff-directory.list',
        resourceType: 'staff_member',
        changes: { returned: members.length },
      });
      return members;
    });
  }

  /** The current bank's rows that `condition` (SQL after the tenant condition) admits, names decrypted. */
  private async read(em: EntityManager, condition: string, values: unknown[]): Promise<StaffMemberRecord[]> {
    const rows = await em.execute<
      {
        subject: string;
        display_name_enc: string | null;
        username_enc: string | null;
        roles: string[];
        last_seen_at: Date;
      }[]
    >(
      `select subject, display_name_enc, username_enc, roles, last_seen_at from staff_member
        where tenant_id = ? ${condition}`,
      [requireContext().tenant!.id, ...values],
    );
    const sealed = rows.flatMap((row) =>
      (['display_name_enc', 'username_enc'] as const).flatMap((column) =>
        row[column] === null
          ? []
          : [
              {
                key: `${row.subject} ${column}`,
                stored: row[column],
                address: nameAddress(row.subject, column),
              },
            ],
      ),
    );
    const opened = sealed.length === 0 ? [] : await this.encryption.decryptMany(sealed);
    const plain = new Map(sealed.map((value, index) => [value.key, opened[index]!]));
    return rows
      .map((row) => ({
        subject: row.subject,
        displayName: plain.get(`${row.subject} display_name_enc`) ?? null,
        username: plain.get(`${row.subject} username_enc`) ?? null,
        roles: row.roles,
        lastSeenAt: new Date(row.last_seen_at),
      }))
      .sort(byName);
  }

  /**
   * Removes `subject` from the current bank's directory now (`forgetStaffMember`), audited
   * `staff-directory.forget` (the subject and their roles, never a name) in the caller's transaction;
   * NOT_FOUND when the bank's directory does not know them (another bank's subject too), INVALID for a
   * subject that is empty or over 255 characters. Their next request records them again: the directory
   * mirrors who uses the API (at once through this process; other API processes may skip one sighting for
   * up to `staffSeenRefreshMs`, the memo's interval). Removing the login is Keycloak's job.
   */
  async forget(subject: string): Promise<void> {
    if (subject.length < 1 || subject.length > maxStaffTextLength) {
      throw Invalid.fields([{ field: 'subject', problem: `must be 1 to ${maxStaffTextLength} characters` }]);
    }
    const tenant = requireContext().tenant!;
    await inTransaction(this.em, async (em) => {
      const [removed] = await em.execute<{ roles: string[] }[]>(
        `delete from staff_member where tenant_id = ? and subject = ? returning roles`,
        [tenant.id, subject],
      );
      if (!removed) {
        throw new NotFound(
          "No staff member with this subject is in your bank's directory; check the subject.",
        );
      }
      await this.audit.record({
        action: 'staff-directory.forget',
        resourceType: 'staff_member',
        resourceId: subject,
        changes: { roles: removed.roles },
      });
    });
    this.memo.forget(memoKey(tenant.id, subject));
  }
}

/** A staff member's entry in the sightings memo: their bank and subject. */
const memoKey = (tenantId: string, subject: string) => `${tenantId} ${subject}`;

/** Display name (people without one last), then subject: a stable order for the portal. */
function byName(a: StaffMemberRecord, b: StaffMemberRecord): number {
  if (a.displayName !== b.displayName) {
    if (a.displayName === null) return 1;
    if (b.displayName === null) return -1;
    return a.displayName.localeCompare(b.displayName);
  }
  return a.subject.localeCompare(b.subject);
}

function subjectProblems(subjects: readonly string[]): { field: string; problem: string }[] {
  if (subjects.length < 1 || subjects.length > maxStaffSubjects) {
    return [{ field: 'subjects', problem: `must name 1 to ${maxStaffSubjects} subjects` }];
  }
  return subjects.flatMap((subject, index) =>
    subject.length < 1 || subject.length > maxStaffTextLength
      ? [{ field: `subjects[${index}]`, problem: `must be 1 to ${maxStaffTextLength} characters` }]
      : [],
  );
}
