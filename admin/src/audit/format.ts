// How the audit trail page reads and writes the API's trail: the outcome chip, shortened hashes,
// the changes as indented JSON, the filter form as the API's arguments (dates are the officer's local days) and
// the export's file name. Pure functions, tested in format.test.ts.
import type { AuditExportFormat, AuditOutcomeFilter, AuditTrailFilters } from '../data/index.ts';
import type { Mark, Tone } from '../layout/index.ts';

/** The API refuses an export over a longer range or with more entries (platform `exportAuditTrail`). */
export const maxExportDays = 366;
export const maxExportEntries = 10_000;

/** An entry's outcome as a chip: only `allowed` is a success. */
export function outcomeLook(outcome: string): { label: string; tone: Tone; mark: Mark } {
  switch (outcome) {
    case 'allowed':
      return { label: 'Allowed', tone: 'success', mark: 'done' };
    case 'denied':
      return { label: 'Denied', tone: 'error', mark: 'refused' };
    case 'failed':
      return { label: 'Failed', tone: 'warning', mark: 'failed' };
    default:
      return { label: outcome, tone: 'neutral', mark: 'idle' };
  }
}

/** The start of a long value (a hash, a subject) with an ellipsis; short values as they are. */
export function shortened(value: string, length = 12): string {
  return value.length > length + 1 ? `${value.slice(0, length)}…` : value;
}

/** The changes' JSON indented for reading; text that is not JSON as it is. */
export function prettyChanges(changes: string): string {
  try {
    return JSON.stringify(JSON.parse(changes), null, 2);
  } catch {
    return changes;
  }
}

/** The filter form: dates are `YYYY-MM-DD` local days, both included; '' is no filter. */
export interface FilterValues {
  from: string;
  to: string;
  action: string;
  outcome: AuditOutcomeFilter | '';
  resourceType: string;
  resourceId: string;
  actorSubject: string;
}

export const noFilters: FilterValues = {
  from: '',
  to: '',
  action: '',
  outcome: '',
  resourceType: '',
  resourceId: '',
  actorSubject: '',
};

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight at the start of a local day (`YYYY-MM-DD`), `days` later; undefined for anything else. */
export function startOfDay(day: string, days = 0): Date | undefined {
  const match = isoDay.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A local day as `YYYY-MM-DD`. */
export function dayOf(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The API's [from, to) for the days from `from` to `to`, both included: from the start of `from` to the start
 * of the day after `to`.
 */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  return {
    from: startOfDay(from)?.toISOString(),
    to: startOfDay(to, 1)?.toISOString(),
  };
}

/** The filter form as `auditTrail`'s arguments: trimmed, and only what is filled in. */
export function trailFilters(values: FilterValues): AuditTrailFilters {
  const filters: AuditTrailFilters = {};
  const range = dayRange(values.from, values.to);
  if (range.from) filters.from = range.from;
  if (range.to) filters.to = range.to;
  for (const field of ['action', 'resourceType', 'resourceId', 'actorSubject'] as const) {
    const value = values[field].trim();
    if (value !== '') filters[field] = value;
  }
  if (values.outcome !== '') filters.outcome = values.outcome;
  return filters;
}

/** The export dialog's default: the last 30 days, today included. */
export function defaultExportDays(today: Date): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
  return { from: dayOf(from), to: dayOf(today) };
}

/** `audit-<bank>-<from>-<to>.csv|json`, the days as chosen (both included). */
export function exportFileName(bank: string, from: string, to: string, format: AuditExportFormat): string {
  return `audit-${bank}-${from}-${to}.${format === 'CSV' ? 'csv' : 'json'}`;
}

/** The export's media type, for the downloaded file. */
export function exportMediaType(format: AuditExportFormat): string {
  return format === 'CSV' ? 'text/csv;charset=utf-8' : 'application/json;charset=utf-8';
}
