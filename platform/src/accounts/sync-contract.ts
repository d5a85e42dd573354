/**
 * The account-sync contract shared with the Temporal worker (workflows/): names, ids and plain-JSON
 * shapes only, no NestJS or database imports, so workflow code can import the types.
 */
import type { SyncRunStatus, SyncTrigger } from './sync-run.entity';

export const SYNC_WORKFLOW = 'syncConnection';

/** The single argument of the `syncConnection` workflow. */
export interface SyncConnectionInput {
  tenantId: string;
  connectionId: string;
  trigger: SyncTrigger;
}

/**
 * Workflow id of a sync started by `startSync`: `sync-<connectionId>`. One id per connection, so a request
 * while a sync of the connection is running reaches that run (signal `syncRequested`) instead of racing it.
 * A run of the connection's schedule that starts while this one runs does not sync beside it either: it
 * signals this run (`syncRequested` with trigger `schedule`) and ends `skipped`, reason `already-running`.
 */
export function syncWorkflowId(connectionId: string): string {
  return `sync-${connectionId}`;
}

/**
 * Signal every sync request sends (with signal-with-start: it starts `syncConnection` when none runs for the
 * connection). A run that receives it after its fetch began continues as new once it has finished: one
 * follow-up run however many requests came (the workflow repeats the name: it may not import the platform).
 */
export const SYNC_REQUESTED_SIGNAL = 'syncRequested';

/**
 * The argument of signal `syncRequested`: why the sync was asked for (the follow-up run's trigger). `schedule`
 * when the connection's schedule fired while a requested run (`sync-<connectionId>`) was running.
 */
export interface SyncRequest {
  trigger: SyncTrigger;
}

/** The connection's Temporal Schedule; its runs get ids `sync-<connectionId>-schedule-<time>` from Temporal. */
export function syncScheduleId(connectionId: string): string {
  return `sync-schedule-${connectionId}`;
}

/** Workflow id the schedule's action uses (Temporal appends the scheduled time to it). */
export function scheduledSyncWorkflowId(connectionId: string): string {
  return `sync-${connectionId}-schedule`;
}

/** One problem with one record a connector returned; never carries the record's values. */
export interface Rejection {
  /** The record's `sourceId` when it had a usable one. */
  sourceId: string | null;
  /** Position in what the connector returned (0-based). */
  index: number;
  field: string;
  problem: string;
}

/** What storing one batch (accounts, an account's balances, one page of transactions) did. */
export interface IngestReport {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** At most `maxRejectionsReported` of the rejections, in order. */
  rejections: Rejection[];
}

export const maxRejectionsReported = 20;

/** Per account, over a whole sync run. */
export interface AccountSyncReport {
  pages: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  balances: { inserted: number; updated: number; unchanged: number; rejected: number };
  /** Set when this account's sync ended early: the connector error code (or `INTERNAL`) and its message. */
  error: { code: string; message: string } | null;
}

/** What a sync run stores on `sync_run.report` (counts and error codes; no personal data). */
export interface SyncReport {
  accounts: { listed: number; inserted: number; updated: number; unchanged: number; rejected: number };
  /** Keyed by the platform's account id (source account ids may be identifiers). */
  perAccount: Record<string, AccountSyncReport>;
  /** Why the run stopped or failed as a whole, when it did. */
  stoppedReason: string | null;
  error: { code: string; message: string } | null;
}

/**
 * What the workflow returns. `skipped` (no `sync_run` row): reason `unattended-cap` (the region's unattended
 * refreshes are used up) or `already-running` (a scheduled run while `sync-<connectionId>` ran: that run got
 * the request; audited `sync.skipped`, like an `unattended-cap` skip).
 */
export interface SyncResult {
  runId: string | null;
  status: SyncRunStatus | 'skipped' | 'not-active';
  reason: string | null;
  report: SyncReport | null;
}
