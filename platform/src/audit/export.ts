import type { AuditEntry } from './chain';

export type ExportFormat = 'CSV' | 'JSON';

/** The columns of a CSV export, in order; `actor_roles` is space-separated, `changes` is JSON. */
export const csvColumns = [
  'chain',
  'seq',
  'id',
  'tenant_id',
  'occurred_at',
  'actor_subject',
  'actor_realm',
  'actor_roles',
  'actor_client',
  'action',
  'resource_type',
  'resource_id',
  'changes',
  'ip',
  'request_id',
  'outcome',
  'prev_hash',
  'hash',
] as const;

/** Entries as RFC 4180 CSV (CRLF line ends, every field quoted) or as JSON (the fields hashed, plus `hash`). */
export function exportEntries(entries: readonly AuditEntry[], format: ExportFormat): string {
  if (format === 'JSON') {
    return JSON.stringify({
      entries: entries.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
    });
  }
  const rows = entries.map((entry) => [
    entry.chain,
    String(entry.seq),
    entry.id,
    entry.tenantId ?? '',
    entry.occurredAt.toISOString(),
    entry.actor.subject,
    entry.actor.realm ?? '',
    entry.actor.roles.join(' '),
    entry.actor.client ?? '',
    entry.action,
    entry.resourceType,
    entry.resourceId ?? '',
    JSON.stringify(entry.changes),
    entry.ip ?? '',
    entry.requestId,
    entry.outcome,
    entry.prevHash,
    entry.hash,
  ]);
  return [csvColumns as readonly string[], ...rows]
    .map((row) => row.map((field) => `"${field.replace(/"/g, '""')}"`).join(','))
    .map((line) => `${line}\r\n`)
    .join('');
}
