import { Entity, Formula, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

export const dataSubjectRequestKinds = ['export', 'erasure'] as const;
export type DataSubjectRequestKind = (typeof dataSubjectRequestKinds)[number];

/** `requested` until its workflow starts working on it, then `running`, then `completed` or `failed`. */
export const dataSubjectRequestStatuses = ['requested', 'running', 'completed', 'failed'] as const;
export type DataSubjectRequestStatus = (typeof dataSubjectRequestStatuses)[number];

/** How a request staff recorded reached the bank (GDPR Art. 12(2): a request received any way counts). */
export const dataSubjectRequestChannels = ['letter', 'branch', 'phone', 'email'] as const;
export type DataSubjectRequestChannel = (typeof dataSubjectRequestChannels)[number];

/** One step a request's workflow has completed, in order (what the status shows as progress). */
export interface ProgressStep {
  step: string;
  at: string;
  /** Counts and outcomes only, never personal data. */
  detail?: Record<string, unknown>;
}

/**
 * A customer's request to export (GDPR Art. 15/20) or erase (Art. 17) their data — their own, or an erasure
 * a compliance officer recorded for them (`receivedVia`) — carried out by the
 * Temporal workflow `workflowId`. Kept after an erasure, with its certificate, as the proof that it
 * happened; it holds no personal data (the certificate has counts and rules, the token only its hash).
 */
@Entity({ tableName: 'data_subject_request' })
@TenantOwned()
export class DataSubjectRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  /**
   * The login subject of the request's customer, read from `customer` (never stored here): what the
   * customer's CASL rule names ("their own requests"). Null once the customer is erased.
   */
  @Formula((alias) => `(select c.subject from customer c where c.id = ${alias}.customer_id)`, { lazy: false })
  customerSubject?: string | null;

  @Property({ type: 'text' })
  kind!: DataSubjectRequestKind;

  @Property({ type: 'text' })
  status!: DataSubjectRequestStatus;

  @Property({ type: 'text' })
  workflowId!: string;

  @Property({ type: 'json' })
  progress: ProgressStep[] & Opt = [];

  @Property({ type: 'datetime', length: 3 })
  requestedAt!: Date;

  @Property({ type: 'datetime', length: 3, nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  completedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  failure: string | null = null;

  @Property({ type: 'json', nullable: true })
  certificate: (Record<string, unknown> & Opt) | null = null;

  /** SHA-256 (hex) of the export's one-time download token; the token itself is shown once, never stored. */
  @Property({ type: 'text', nullable: true })
  downloadTokenHash: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  downloadExpiresAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  fetchedAt: Date | null = null;

  /** Recorded by staff: how the request reached the bank; null for a customer's own request in the app. */
  @Property({ type: 'text', nullable: true })
  receivedVia: DataSubjectRequestChannel | null = null;

  /** Recorded by staff: the login subject of who recorded it (not the customer's data: never exported). */
  @Property({ type: 'text', nullable: true })
  recordedBy: string | null = null;

  /** Recorded by staff: their note, encrypted under the customer's key (shredded with it by the erasure). */
  @Property({ type: 'text', nullable: true })
  noteEnc: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();
}
