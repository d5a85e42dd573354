import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TENANT_SETTING } from '../database';
import { Invalid } from '../errors';
import {
  createRequestContext,
  currentContext,
  type DeniedAttempt,
  ensureContext,
  type RequestContext,
  requireContext,
  runInContext,
  type TenantRef,
} from '../request-context';
import {
  type AuditActor,
  type AuditEntry,
  type AuditOutcome,
  auditOutcomes,
  type ChainVerification,
  GENESIS_HASH,
  hashEntry,
  type JsonValue,
  PLATFORM_CHAIN,
  verifyEntries,
  type VerifyOptions,
} from './chain';

/** What a caller records; who, when, where and the chain come from the request context. */
export interface AuditEvent {
  /** `<resource>.<verb>`, e.g. `customer.create`, `customer.list`, `tenant.activate`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Field names with redacted values (see `redactedChanges`), or facts about a read (`{ returned: 25 }`). */
  changes?: { [key: string]: JsonValue };
  outcome?: AuditOutcome;
}

/**
 * The transaction-level advisory lock that serialises appends to one chain (a tenant id, or the platform
 * chain). The outbox takes the same lock for its per-tenant sequence, so a transaction that audits and
 * records an event takes one lock, never two in an order another transaction could reverse.
 */
export function auditChainLockKey(chain: string): string {
  return `finpersona.audit:${chain}`;
}

/** A tenant's chain, or the platform's own (entries with no tenant). */
export type AuditChain = { tenant: TenantRef } | 'platform';

/** The order of a page of the trail: by seq, `oldest-first` (the API's default) or `newest-first`. */
export type AuditOrder = 'oldest-first' | 'newest-first';

/**
 * What a page of the trail can be narrowed to; each filter given must hold (and). `action` is exact, or a
 * prefix when it ends in `.` (`consent.` matches `consent.grant`); `from`/`to` bound `occurredAt` in
 * [from, to). Each is served by an index of `audit_entry` (see migration `AuditTrailFilters`).
 */
export interface AuditFilters {
  from?: Date;
  to?: Date;
  action?: string;
  outcome?: AuditOutcome;
  resourceType?: string;
  resourceId?: string;
  actorSubject?: string;
}

/** The shapes the text filters must have: the characters their stored values use, and a length limit. */
const filterPatterns = {
  action: {
    pattern: /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*\.?$/,
    maxLength: 100,
    problem: 'must be an action such as `consent.grant`, or a prefix ending in `.` such as `consent.`',
  },
  resourceType: {
    pattern: /^[a-z][a-z0-9_-]*$/,
    maxLength: 64,
    problem: 'must be a resource type such as `customer` (lower-case letters, digits, `-` and `_`)',
  },
  // Resource ids are ids, slugs or (for `access.denied`) the refused action's words.
  resourceId: {
    pattern: /^[^\p{Cc}\p{Cf}]+$/u,
    maxLength: 200,
    problem: 'must be text without control characters',
  },
  actorSubject: {
    pattern: /^[A-Za-z0-9._:@-]+$/,
    maxLength: 255,
    problem: 'must be a token subject such as a UUID, or `system` (letters, digits and `._:@-`)',
  },
} as const;

function filterProblems(filters: AuditFilters): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  for (const [field, { pattern, maxLength, problem }] of Object.entries(filterPatterns)) {
    const value = filters[field as keyof typeof filterPatterns];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
      problems.push({ field, problem: `must be 1 to ${maxLength} characters` });
    } else if (!pattern.test(value)) {
      problems.push({ field, problem });
    }
  }
  if (filters.outcome !== undefined && !auditOutcomes.includes(filters.outcome)) {
    problems.push({ field: 'outcome', problem: `must be one of ${auditOutcomes.join(', ')}` });
  }
  return problems;
}

export interface AuditPage {
  entries: AuditEntry[];
  hasNextPage: boolean;
}

/** Largest export: more entries in the range is INVALID (narrow the range). */
export const maxExportEntries = 10_000;
/** Longest export range. */
export const maxExportDays = 366;
export const maxAuditPageSize = 100;

const columns = `id, tenant_id, chain, seq, occurred_at, actor_subject, actor_realm, actor_roles, actor_client,
  action, resource_type, resource_id, changes, ip, request_id, outcome, prev_hash, hash`;

/**
 * The audit trail: appends hash-chained entries to the chain of the current context's tenant (the
 * platform's chain when there is none), in the caller's transaction, and reads and verifies chains.
 */
@Injectable()
export class AuditService {
  /** The last append queued on each open transaction (see `record`). */
  private readonly appending = new WeakMap<object, Promise<AuditEntry>>();

  constructor(private readonly em: EntityManager) {}

  /**
   * Appends an entry in the current transaction (opening one when there is none), so it commits or
   * rolls back with the change it describes. Appends to one chain are serialised by a transaction-level
   * advisory lock on the chain, held until the transaction ends: concurrent writers cannot fork it.
   */
  record(event: AuditEvent): Promise<AuditEntry> {
    return ensureContext(async () => {
      const current = this.em.getContext() as EntityManager;
      const transaction = current.getTransactionContext<object>();
      if (!transaction) return this.em.transactional((em) => this.append(em, event));
      // Root fields of one request share its transaction (one connection) and may record at the same
      // time: their appends take turns, or both would read the same last seq.
      const previous = this.appending.get(transaction) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(() => this.append(current, event));
      this.appending.set(transaction, next);
      return next;
    });
  }

  /**
   * Platform work acting on one bank (an operator suspending it, changing its branding) is recorded on the
   * platform chain by `record`, and also here on the bank's own chain, so the bank's compliance officers
   * see what was done to their bank. Same transaction as the change: the tenant setting is switched to the
   * bank just for the append (row-level security admits the entry only there) and then switched back.
   * Mutations run their root fields one after the other, so no other append sees the switched setting.
   */
  recordOnTenantChain(tenant: TenantRef, event: AuditEvent): Promise<AuditEntry> {
    return ensureContext(async () => {
      const current = this.em.getContext() as EntityManager;
      if (!current.getTransactionContext()) {
        return this.em.transactional(() => this.recordOnTenantChain(tenant, event));
      }
      const caller = requireContext();
      const onTenant = createRequestContext({ requestId: caller.requestId, clientIp: caller.clientIp });
      onTenant.tenant = tenant;
      onTenant.principal = caller.principal;
      const setTenant = (id: string) =>
        current.execute(`select set_config('${TENANT_SETTING}', ?, true)`, [id]);
      await setTenant(tenant.id);
      try {
        return await runInContext(onTenant, () => this.record(event));
      } finally {
        await setTenant(caller.tenant?.id ?? '');
      }
    });
  }

  private async append(em: EntityManager, event: AuditEvent): Promise<AuditEntry> {
    const context = requireContext();
    const tenantId = context.tenant?.id ?? null;
    const chain = tenantId ?? PLATFORM_CHAIN;
    await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [auditChainLockKey(chain)]);
    const [last] = await em.execute<{ seq: string; hash: string }[]>(
      `select seq, hash from audit_entry where chain = ? order by seq desc limit 1`,
      [chain],
    );
    const unhashed: Omit<AuditEntry, 'hash'> = {
      id: randomUUID(),
      tenantId,
      chain,
      seq: last ? Number(last.seq) + 1 : 1,
      // Taken under the lock, so times never go backwards along a chain.
      occurredAt: new Date(),
      // A denied attempt without a principal can only come from a caller without a token (background
      // work is never refused), so it is not attributed to the system.
      actor: event.outcome === 'denied' && !context.principal ? anonymousActor : actorOf(context),
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId ?? null,
      changes: event.changes ?? {},
      ip: context.clientIp ?? null,
      requestId: context.requestId,
      outcome: event.outcome ?? 'allowed',
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...unhashed, hash: hashEntry(unhashed) };
    await em.execute(
      `insert into audit_entry (id, tenant_id, seq, occurred_at, actor_subject, actor_realm, actor_roles,
         actor_client, action, resource_type, resource_id, changes, ip, request_id, outcome, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)`,
      [
        entry.id,
        entry.tenantId,
        entry.seq,
        entry.occurredAt,
        entry.actor.subject,
        entry.actor.realm,
        pgTextArray(entry.actor.roles),
        entry.actor.client,
        entry.action,
        entry.resourceType,
        entry.resourceId,
        JSON.stringify(entry.changes),
        entry.ip,
        entry.requestId,
        entry.outcome,
        entry.prevHash,
        entry.hash,
      ],
    );
    return entry;
  }

  /**
   * Records attempts refused by access checks, each in a short transaction of its own (the request's
   * own transaction has been rolled back), on the chain of the tenant they were aimed at.
   */
  async recordDenied(context: RequestContext, attempts: readonly DeniedAttempt[]): Promise<void> {
    for (const attempt of attempts) {
      const own = createRequestContext({ requestId: context.requestId, clientIp: context.clientIp });
      own.tenant = attempt.tenant;
      own.principal = attempt.principal;
      await runInContext(own, () =>
        this.record({
          action: 'access.denied',
          resourceType: 'operation',
          resourceId: attempt.action,
          changes: { code: attempt.code, ...(attempt.details ?? {}) },
          outcome: 'denied',
        }),
      );
    }
  }

  /**
   * A page of the current tenant's entries by seq (`oldest-first`, or `newest-first`), after `afterSeq` in
   * that order, narrowed by `filters` (see `AuditFilters`). INVALID naming every bad argument.
   */
  async page(options: {
    first: number;
    afterSeq?: number;
    order?: AuditOrder;
    filters?: AuditFilters;
  }): Promise<AuditPage> {
    const filters = options.filters ?? {};
    const problems = filterProblems(filters);
    if (!Number.isInteger(options.first) || options.first < 1 || options.first > maxAuditPageSize) {
      problems.unshift({ field: 'first', problem: `must be between 1 and ${maxAuditPageSize}` });
    }
    problems.push(...rangeProblems(filters.from, filters.to, false));
    if (problems.length > 0) throw Invalid.fields(problems);
    const newestFirst = options.order === 'newest-first';
    const conditions = ['chain = ?'];
    const parameters: unknown[] = [currentChainName()];
    const where = (condition: string, value: unknown) => {
      if (value === undefined) return;
      conditions.push(condition);
      parameters.push(value);
    };
    where(newestFirst ? 'seq < ?' : 'seq > ?', options.afterSeq);
    where('occurred_at >= ?', filters.from);
    where('occurred_at < ?', filters.to);
    // A prefix as LIKE, which the `text_pattern_ops` index serves as a range; `_` is a wildcard there.
    if (filters.action?.endsWith('.')) where(`action like ?`, `${filters.action.replaceAll('_', '\\_')}%`);
    else where('action = ?', filters.action);
    where('outcome = ?', filters.outcome);
    where('resource_type = ?', filters.resourceType);
    where('resource_id = ?', filters.resourceId);
    where('actor_subject = ?', filters.actorSubject);
    const rows = await this.em.execute<AuditRow[]>(
      `select ${columns} from audit_entry where ${conditions.join(' and ')}
        order by seq ${newestFirst ? 'desc' : 'asc'} limit ?`,
      [...parameters, options.first + 1],
    );
    return { entries: rows.slice(0, options.first).map(entryOf), hasNextPage: rows.length > options.first };
  }

  /** Every entry of the current tenant's chain with `occurredAt` in [from, to), at most `maxExportEntries`. */
  async entriesBetween(from: Date, to: Date): Promise<AuditEntry[]> {
    assertRange(from, to, true);
    const rows = await this.em.execute<AuditRow[]>(
      `select ${columns} from audit_entry where chain = ? and occurred_at >= ? and occurred_at < ?
        order by seq limit ?`,
      [currentChainName(), from, to, maxExportEntries + 1],
    );
    if (rows.length > maxExportEntries) {
      throw Invalid.fields([
        { field: 'to', problem: `the range holds more than ${maxExportEntries} entries; narrow it` },
      ]);
    }
    return rows.map(entryOf);
  }

  /** Verifies the current context's chain (its tenant's, or the platform's when there is none). */
  async verifyCurrent(options: VerifyOptions = {}): Promise<ChainVerification> {
    const chain = currentChainName();
    const from = options.from ?? 1;
    const rows = await this.em.execute<AuditRow[]>(
      `select ${columns} from audit_entry where chain = ? and seq >= ? and (?::bigint is null or seq <= ?)
        order by seq`,
      [chain, Math.max(1, from - 1), options.to ?? null, options.to ?? null],
    );
    return verifyEntries(chain, rows.map(entryOf), options);
  }

  /**
   * Verifies `chain` from its first entry (or `from`) to its head (or `to`), in a read of its own:
   * for the CLI and tools. Reports the first broken link.
   */
  verify(chain: AuditChain, options: VerifyOptions = {}): Promise<ChainVerification> {
    const context = createRequestContext({ requestId: `audit-verify-${randomUUID()}` });
    context.tenant = chain === 'platform' ? undefined : chain.tenant;
    return runInContext(context, () => this.em.transactional(() => this.verifyCurrent(options)));
  }
}

type AuditRow = {
  id: string;
  tenant_id: string | null;
  chain: string;
  seq: string | number;
  occurred_at: Date | string;
  actor_subject: string;
  actor_realm: string | null;
  actor_roles: string[];
  actor_client: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  changes: { [key: string]: JsonValue };
  ip: string | null;
  request_id: string;
  outcome: AuditOutcome;
  prev_hash: string;
  hash: string;
};

/** The SQL that reads a chain in order, shared with tests that inspect the table directly. */
export const chainQuery = `select ${columns} from audit_entry where chain = $1 order by seq`;

/** Maps a row of `audit_entry` (as pg returns it) to an entry. */
export function entryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    chain: row.chain,
    seq: Number(row.seq),
    occurredAt: row.occurred_at instanceof Date ? row.occurred_at : new Date(row.occurred_at),
    actor: {
      subject: row.actor_subject,
      realm: row.actor_realm,
      roles: row.actor_roles,
      client: row.actor_client,
    },
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    changes: row.changes,
    ip: row.ip,
    requestId: row.request_id,
    outcome: row.outcome,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function currentChainName(): string {
  return currentContext()?.tenant?.id ?? PLATFORM_CHAIN;
}

const anonymousActor: AuditActor = { subject: 'anonymous', realm: null, roles: [], client: null };

function actorOf(context: RequestContext): AuditActor {
  const principal = context.principal;
  if (!principal) return { subject: 'system', realm: null, roles: [], client: null };
  return {
    subject: principal.subject,
    realm: principal.realm,
    roles: [...principal.roles].sort(),
    client: principal.client ?? null,
  };
}

function assertRange(from: Date | undefined, to: Date | undefined, required: boolean): void {
  const problems = rangeProblems(from, to, required);
  if (problems.length > 0) throw Invalid.fields(problems);
}

function rangeProblems(
  from: Date | undefined,
  to: Date | undefined,
  required: boolean,
): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value === undefined) {
      if (required) problems.push({ field, problem: 'is required' });
    } else if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      problems.push({ field, problem: 'must be a date-time' });
    }
  }
  if (problems.length === 0 && from && to) {
    if (from.getTime() >= to.getTime()) problems.push({ field: 'to', problem: 'must be after from' });
    else if (required && to.getTime() - from.getTime() > maxExportDays * 86_400_000) {
      problems.push({ field: 'to', problem: `must be at most ${maxExportDays} days after from` });
    }
  }
  return problems;
}

/** A PostgreSQL text[] literal (roles are plain names, but quote them anyway). */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
