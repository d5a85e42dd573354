import { createHash } from 'node:crypto';

/** Name of the platform's own chain (entries with no tenant: onboarding, the tenant directory). */
export const PLATFORM_CHAIN = 'platform';
/** `prev_hash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** Version of the canonical serialisation, part of every hashed document. */
export const CHAIN_FORMAT_VERSION = 1;

export type AuditOutcome = 'allowed' | 'denied' | 'failed';
export const auditOutcomes: readonly AuditOutcome[] = ['allowed', 'denied', 'failed'];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface AuditActor {
  /** Token subject, or `system` for background work. */
  subject: string;
  realm: string | null;
  roles: string[];
  /** The OIDC client (`azp`) the token was issued to. */
  client: string | null;
}

/** One audit entry as stored (`audit_entry`). */
export interface AuditEntry {
  id: string;
  tenantId: string | null;
  /** The tenant id, or `platform`. */
  chain: string;
  seq: number;
  occurredAt: Date;
  actor: AuditActor;
  action: string;
  resourceType: string;
  resourceId: string | null;
  changes: { [key: string]: JsonValue };
  ip: string | null;
  requestId: string;
  outcome: AuditOutcome;
  prevHash: string;
  hash: string;
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as `Array.prototype.sort`), no whitespace,
 * strings and numbers as `JSON.stringify` writes them. Anything not JSON (undefined, NaN, functions) throws.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map((key) => {
        const item = value[key];
        if (item === undefined) throw new Error(`canonicalJson: ${key} is undefined`);
        return `${JSON.stringify(key)}:${canonicalJson(item)}`;
      })
      .join(',')}}`;
  }
  throw new Error(`canonicalJson: unsupported ${typeof value}`);
}

/** The document an entry's hash commits to: every stored field but `hash` itself. */
export function hashedDocument(entry: Omit<AuditEntry, 'hash'>): JsonValue {
  return {
    v: CHAIN_FORMAT_VERSION,
    id: entry.id,
    chain: entry.chain,
    tenantId: entry.tenantId,
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    actor: {
      subject: entry.actor.subject,
      realm: entry.actor.realm,
      roles: [...entry.actor.roles],
      client: entry.actor.client,
    },
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    changes: entry.changes,
    ip: entry.ip,
    requestId: entry.requestId,
    outcome: entry.outcome,
    prevHash: entry.prevHash,
  };
}

/** SHA-256 (lower-case hex) of the UTF-8 canonical JSON of `hashedDocument(entry)`. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256')
    .update(canonicalJson(hashedDocument(entry)), 'utf8')
    .digest('hex');
}

export type BrokenLinkProblem =
  'GAP' | 'PREV_LINK' | 'REORDER' | 'HASH_MISMATCH' | 'TRUNCATED' | 'ANCHOR_MISMATCH';

export interface BrokenLink {
  seq: number;
  problem: BrokenLinkProblem;
  detail: string;
}

export interface ChainVerification {
  chain: string;
  intact: boolean;
  /** Entries whose link and hash were checked. */
  checked: number;
  /** Last entry seen (the chain's head when no `to` was given). */
  headSeq: number | null;
  headHash: string | null;
  firstBroken: BrokenLink | null;
}

export interface VerifyOptions {
  /** First seq to check (default 1). Entry `from - 1`, if given, supplies the starting hash. */
  from?: number;
  /** Last seq to check (default: the head). */
  to?: number;
  /**
   * A head recorded earlier (e.g. printed by a previous verification and kept elsewhere): the chain
   * must still reach `seq` and entry `seq` must still have `hash`. Without it, removing the newest
   * entries cannot be told from a chain that simply ends earlier.
   */
  anchor?: { seq: number; hash: string };
}

/**
 * Walks `entries` (one chain, ordered by seq, starting at `from - 1` when `from > 1`) and reports the
 * first broken link. Per entry, in this order: its seq must be the next one (else GAP); its prev_hash
 * must be the previous entry's hash (else REORDER when prev_hash is the hash of an entry further on,
 * i.e. entries were swapped, otherwise PREV_LINK); its hash must be the hash of its fields (else HASH_MISMATCH).
 */
export function verifyEntries(
  chain: string,
  entries: readonly AuditEntry[],
  options: VerifyOptions = {},
): ChainVerification {
  const from = options.from ?? 1;
  let index = 0;
  let previousHash = GENESIS_HASH;
  if (from > 1) {
    const before = entries[0];
    if (!before || before.seq !== from - 1) {
      return result(chain, 0, null, {
        seq: from - 1,
        problem: 'GAP',
        detail: `entry ${from - 1} (before the checked range) is missing`,
      });
    }
    previousHash = before.hash;
    index = 1;
  }
  const hashesFurtherOn = new Map<string, number>();
  for (let i = index; i < entries.length; i++) hashesFurtherOn.set(entries[i]!.hash, entries[i]!.seq);

  let expected = from;
  let checked = 0;
  let head: AuditEntry | null = null;
  for (; index < entries.length; index++) {
    const entry = entries[index]!;
    if (options.to !== undefined && entry.seq > options.to) break;
    hashesFurtherOn.delete(entry.hash);
    if (entry.seq !== expected) {
      return result(chain, checked, head, {
        seq: expected,
        problem: 'GAP',
        detail: `expected entry ${expected}, found ${entry.seq}`,
      });
    }
    if (entry.prevHash !== previousHash) {
      const movedFrom = hashesFurtherOn.get(entry.prevHash);
      return result(
        chain,
        checked,
        head,
        movedFrom !== undefined
          ? {
              seq: entry.seq,
              problem: 'REORDER',
              detail: `entry ${entry.seq} follows entry ${movedFrom}, which comes after it`,
            }
          : {
              seq: entry.seq,
              problem: 'PREV_LINK',
              detail: `prev_hash of entry ${entry.seq} is not the hash of entry ${entry.seq - 1}`,
            },
      );
    }
    if (hashEntry(entry) !== entry.hash) {
      return result(chain, checked, head, {
        seq: entry.seq,
        problem: 'HASH_MISMATCH',
        detail: `entry ${entry.seq} does not match its hash: a field was changed`,
      });
    }
    previousHash = entry.hash;
    head = entry;
    checked += 1;
    expected += 1;
  }

  const anchor = options.anchor;
  if (anchor && (options.to === undefined || anchor.seq <= options.to)) {
    if (!head || head.seq < anchor.seq) {
      return result(chain, checked, head, {
        seq: (head?.seq ?? from - 1) + 1,
        problem: 'TRUNCATED',
        detail: `the chain ends at ${head?.seq ?? 'nothing'} but reached ${anchor.seq} before`,
      });
    }
    const anchored = entries.find((entry) => entry.seq === anchor.seq);
    if (anchored && anchored.hash !== anchor.hash) {
      return result(chain, checked, head, {
        seq: anchor.seq,
        problem: 'ANCHOR_MISMATCH',
        detail: `entry ${anchor.seq} no longer has the anchored hash`,
      });
    }
  }
  return result(chain, checked, head, null);
}

function result(
  chain: string,
  checked: number,
  head: AuditEntry | null,
  firstBroken: BrokenLink | null,
): ChainVerification {
  return {
    chain,
    intact: firstBroken === null,
    checked,
    headSeq: head?.seq ?? null,
    headHash: head?.hash ?? null,
    firstBroken,
  };
}
