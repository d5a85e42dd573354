import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { isBankStaff } from '../access';
import { inTransaction } from '../database';
import { Invalid } from '../errors';
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
/** Longest subject, name or username kept (Keycloak's own column limit). */
export const maxStaffTextLength = 255;
/** How stale `last_seen_at` may get: a staff member's requests write at most this often. */
export const staffSeenRefreshMs = 10 * 60_000;

const staffRoles = ['bank-admin', 'compliance-officer'] as const;

/**
 * The bank's staff directory (README "Staff directory"): who a staff subject is, by name.
 *
 * `recordSeen` runs once a request of a bank's staff member has finished (`StaffDirectoryModule` hooks it to
 * the end of every request), in a short transaction of its own: the request's transaction may have rolled
 * back (an error, a refused operation) and the staff member still signed in, and the caller's transaction
 * never waits on, or fails because of, the directory. It writes only what the verified token says, at most
 * once per staff member per `staffSeenRefreshMs` per process (sooner when the name, username or roles
 * changed), and the upsert itself writes nothing when nothing changed. A failed write is logged, never
 * the request's error. Customers and platform operators are not recorded.
 */
@Injectable()
export class StaffDirectoryService {
  private readonly logger = new Logger('StaffDirectory');
  private readonly memo = new SeenMemo(staffSeenRefreshMs);

  constructor(private readonly em: EntityManager) {}

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
    const key = `${tenant.id} ${principal.subject}`;
    if (!this.memo.claim(key, JSON.stringify(seen))) return;
    const own = createRequestContext({ requestId: context.requestId, clientIp: context.clientIp });
    own.tenant = tenant;
    try {
      await runInContext(own, () =>
        this.em.transactional((em) =>
          em.execute(
            `insert into staff_member (tenant_id, subject, display_name, username, roles)
             values (?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)))
             on conflict (tenant_id, subject) do update
               set display_name = excluded.display_name, username = excluded.username,
                   roles = excluded.roles, last_seen_at = excluded.last_seen_at
               where staff_member.display_name is distinct from excluded.display_name
                  or staff_member.username is distinct from excluded.username
                  or staff_member.roles is distinct from excluded.roles
                  or staff_member.last_seen_at <= excluded.last_seen_at - ?::interval`,
            [
              tenant.id,
              principal.subject,
              seen.displayName,
              seen.username,
              JSON.stringify(seen.roles),
              `${staffSeenRefreshMs} milliseconds`,
            ],
          ),
        ),
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
    return inTransaction(this.em, async (em) => {
      const rows = await em.execute<
        {
          subject: string;
          display_name: string | null;
          username: string | null;
          roles: string[];
          last_seen_at: Date;
        }[]
      >(
        `select subject, display_name, username, roles, last_seen_at from staff_member
          where tenant_id = ? and subject in (select jsonb_array_elements_text(?::jsonb))
          order by display_name nulls last, subject`,
        [requireContext().tenant!.id, JSON.stringify([...new Set(subjects)])],
      );
      return rows.map((row) => ({
        subject: row.subject,
        displayName: row.display_name,
        username: row.username,
        roles: row.roles,
        lastSeenAt: new Date(row.last_seen_at),
      }));
    });
  }
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
