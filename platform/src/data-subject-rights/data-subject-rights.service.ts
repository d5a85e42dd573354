import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { accessibleWhere, authorize, callerIsBankStaff, requireStepUp } from '../access';
import { AuditService } from '../audit';
import { ComplianceRules } from '../compliance';
import { ConsentsService } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { Conflict, Internal, Invalid, NotFound } from '../errors';
import { afterCursor, type Cursor, decodeCursor, encodeCursor } from '../pagination';
import { requireContext, type TenantRef } from '../request-context';
import { callerCustomerId } from '../customers';
import { TenancyService } from '../tenancy';
import {
  type DataSubjectRequestInput,
  type ErasureCertificate,
  type ErasureEndings,
  erasureWorkflowId,
  suppressionMarker,
  type ExportArchiveReport,
  exportDownloadDays,
  exportWorkflowId,
} from './contract';
import {
  DataSubjectRequest,
  type DataSubjectRequestChannel,
  dataSubjectRequestChannels,
  type DataSubjectRequestKind,
  type DataSubjectRequestStatus,
  type ProgressStep,
} from './data-subject-request.entity';
import {
  EXPORT_SCHEMA_VERSION,
  exportArchive,
  exportSchemaProblems,
  type PersonalDataExport,
} from './export-archive';
import {
  exportCategories,
  type ExportCategory,
  personalDataRegistry,
  type TableExport,
} from './personal-data-registry';

export const maxRequestPageSize = 100;
/** The longest note a compliance officer may keep with a request they record. */
export const maxRecordedNoteLength = 500;

export interface DataSubjectRequestPage {
  edges: { cursor: string; node: DataSubjectRequest }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A new request and the workflow to start for it (the API's starter starts it). */
export interface CreatedRequest {
  request: DataSubjectRequest;
  workflow: { type: 'export' | 'erasure'; workflowId: string; input: DataSubjectRequestInput };
  /** Export only: the one-time download token, returned to the customer once and stored as its hash. */
  downloadToken?: string;
}

type Row = Record<string, unknown>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Data-subject rights: customers' export and erasure requests, the work their workflows do (each step an
 * idempotent method the activities call inside `runAsTenant`), and the one-time export download.
 * The tenant always comes from the request context, never from an argument.
 */
@Injectable()
export class DataSubjectRightsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly encryption: FieldEncryptionService,
    private readonly tenancy: TenancyService,
    private readonly consents: ConsentsService,
    private readonly compliance: ComplianceRules,
  ) {}

  // ---- requests (API) ------------------------------------------------------------------------------

  /**
   * Records a request of the calling customer. Export: a fresh one-time download token (only its SHA-256
   * is stored). Erasure: an erasure already requested or running is returned instead of a second one.
   */
  async createRequest(kind: DataSubjectRequestKind): Promise<CreatedRequest> {
    if (!this.inTransaction()) return this.em.transactional(() => this.createRequest(kind));
    const customerId = await callerCustomerId(this.em.getContext() as EntityManager);
    if (kind === 'erasure') {
      const open = await this.openRequestOf(customerId, 'erasure');
      if (open) return { request: open, workflow: workflowOf(open, requireTenant()) };
    }
    return this.openRequest(customerId, kind);
  }

  /**
   * A compliance officer records the request a person made another way (letter, branch, phone, e-mail;
   * GDPR Art. 12(2)) — the only way for a customer the bank imported without a login: an erasure
   * (Art. 17) or an access request (Art. 15, an export). The same request and workflow as the customer's
   * own, plus how it was received, who recorded it and their note (encrypted under the customer's key); an
   * export's one-time download token goes to the recording officer, who alone may fetch it
   * (`fetchExport`). Another bank's or an unknown customer is NOT_FOUND; a customer already erased, or
   * with a request of the same kind requested or running, is a CONFLICT (an export being built cannot be
   * handed out again: its token was shown once). Runs in the API's transaction (a job's: one of its own).
   */
  async recordRequest(
    kind: DataSubjectRequestKind,
    input: { customerId: string; receivedVia: string; identityVerified: boolean; note?: string | null },
  ): Promise<CreatedRequest> {
    if (!this.inTransaction()) return this.em.transactional(() => this.recordRequest(kind, input));
    const problems: { field: string; problem: string }[] = [];
    if (!(dataSubjectRequestChannels as readonly string[]).includes(input.receivedVia)) {
      problems.push({
        field: 'receivedVia',
        problem: `must be one of ${dataSubjectRequestChannels.join(', ')}`,
      });
    }
    if (input.identityVerified !== true) {
      problems.push({ field: 'identityVerified', problem: "confirm the person's identity was checked" });
    }
    const note = input.note?.trim() || null;
    if (note !== null && note.length > maxRecordedNoteLength) {
      problems.push({ field: 'note', problem: `must be at most ${maxRecordedNoteLength} characters` });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.em.getContext() as EntityManager;
    const tenant = requireTenant();
    const unknown = new NotFound(
      'No customer with this id in your bank; check the id on the customers screen.',
    );
    if (!uuid.test(input.customerId)) throw unknown;
    // The row lock makes two officers recording at once (or the customer asking meanwhile) wait for each other.
    const [customer] = await em.execute<{ erased_at: string | null }[]>(
      `select erased_at from customer where tenant_id = ? and id = ? for update`,
      [tenant.id, input.customerId],
    );
    if (!customer) throw unknown;
    if (customer.erased_at !== null) {
      throw new Conflict(
        kind === 'erasure'
          ? 'This customer has already been erased.'
          : 'This customer has been erased: there is nothing left to export.',
      );
    }
    if (await this.openRequestOf(input.customerId, kind)) {
      throw new Conflict(
        kind === 'erasure'
          ? 'An erasure of this customer is already requested or running; follow it in the list of requests.'
          : 'An export of this customer is already being built, and its one-time download belongs to whoever asked for it; once it is ready you may record a new request.',
      );
    }
    return this.openRequest(input.customerId, kind, {
      receivedVia: input.receivedVia as DataSubjectRequestChannel,
      recordedBy: requireContext().principal?.subject ?? null,
      note,
    });
  }

  /**
   * The API's request has its transaction; a job (runAsTenant) gets one from the caller: tenant rows are
   * visible only in one.
   */
  private inTransaction(): boolean {
    return (this.em.getContext() as EntityManager).isInTransaction();
  }

  /** The customer's request of this kind that is requested or running, if any. */
  private openRequestOf(
    customerId: string,
    kind: DataSubjectRequestKind,
  ): Promise<DataSubjectRequest | null> {
    return this.em.findOne(DataSubjectRequest, {
      tenantId: requireTenant().id,
      customerId,
      kind,
      status: { $in: ['requested', 'running'] },
    });
  }

  /** Writes a new request (audited) and names the workflow to start: one path for customers and staff. */
  private async openRequest(
    customerId: string,
    kind: DataSubjectRequestKind,
    recorded?: { receivedVia: DataSubjectRequestChannel; recordedBy: string | null; note: string | null },
  ): Promise<CreatedRequest> {
    const tenant = requireTenant();
    const id = randomUUID();
    const downloadToken = kind === 'export' ? randomBytes(32).toString('base64url') : undefined;
    const noteEnc = recorded?.note
      ? (
          await this.encryption.encryptForCustomer(customerId, [
            { address: fieldAddress('data_subject_request', 'note_enc', id), plaintext: recorded.note },
          ])
        )[0]!
      : null;
    const request = this.em.create(DataSubjectRequest, {
      id,
      tenantId: tenant.id,
      customerId,
      kind,
      status: 'requested',
      workflowId: kind === 'export' ? exportWorkflowId(id) : erasureWorkflowId(id),
      requestedAt: new Date(),
      downloadTokenHash: downloadToken === undefined ? null : sha256(downloadToken),
      receivedVia: recorded?.receivedVia ?? null,
      recordedBy: recorded?.recordedBy ?? null,
      noteEnc,
    });
    await this.em.flush();
    await this.audit.record({
      action: `data-subject-request.${kind}`,
      resourceType: 'data_subject_request',
      resourceId: id,
      changes: {
        kind,
        status: 'requested',
        workflowId: request.workflowId,
        // Staff-recorded: how it came in and that a note exists; the note itself stays encrypted.
        ...(recorded
          ? { recordedBy: 'staff', receivedVia: recorded.receivedVia, withNote: recorded.note !== null }
          : {}),
      },
    });
    return { request, workflow: workflowOf(request, tenant), ...(downloadToken ? { downloadToken } : {}) };
  }

  /**
   * The requests the caller may see, oldest first: a customer their own, a compliance officer their
   * bank's (the CASL abilities are the where-clause), optionally of one kind and status.
   */
  async listVisible(options: {
    first: number;
    after?: string | null;
    kind?: DataSubjectRequestKind | null;
    status?: DataSubjectRequestStatus | null;
  }): Promise<DataSubjectRequestPage> {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > maxRequestPageSize) {
      throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxRequestPageSize}` }]);
    }
    const after: Cursor | undefined = options.after ? decodeCursor(options.after) : undefined;
    const visible = {
      $and: [
        (accessibleWhere('read', 'DataSubjectRequest') ?? { id: null }) as FilterQuery<DataSubjectRequest>,
        options.kind ? { kind: options.kind } : {},
        options.status ? { status: options.status } : {},
      ],
    } as FilterQuery<DataSubjectRequest>;
    const rows = await this.em.find(
      DataSubjectRequest,
      { $and: [visible, afterCursor(after)] } as FilterQuery<DataSubjectRequest>,
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 },
    );
    const totalCount = await this.em.count(DataSubjectRequest, visible);
    const page = rows.slice(0, first);
    if (callerIsBankStaff()) {
      await this.audit.record({
        action: 'data-subject-request.list',
        resourceType: 'data_subject_request',
        changes: { returned: page.length },
      });
    }
    const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  // ---- the one-time download (API) ------------------------------------------------------------------

  /**
   * An export archive (ZIP), once, to whoever asked for it: the customer their own export, the compliance
   * officer who recorded a person's access request that one (`recorded_by`; with a recent second factor,
   * as the archive is every personal datum of a person). The token must be the one returned with the
   * request, the download not expired and not fetched before. The archive is deleted as it is handed out.
   * Anyone else's request (another customer, another officer, another bank), a wrong token and an unknown
   * id are the same NOT_FOUND.
   */
  async fetchExport(requestId: string, token: string): Promise<{ fileName: string; archive: Buffer }> {
    authorize('read', 'DataSubjectRequest', 'download a data export');
    const byStaff = callerIsBankStaff();
    if (byStaff) requireStepUp("download a person's data export");
    const tenant = requireTenant();
    const refused = new NotFound(
      'No export download with this id and token is available to you; check the link, or request a new export.',
    );
    if (!uuid.test(requestId) || typeof token !== 'string' || token.length === 0) throw refused;
    return this.em.transactional(async (em) => {
      // Staff hold only the exports they recorded; a customer only their own (never one staff recorded).
      const requester = byStaff
        ? { where: 'recorded_by = ?', value: requireContext().principal!.subject }
        : {
            where: 'customer_id = ? and recorded_by is null',
            value: await callerCustomerId(em).catch(() => {
              throw refused;
            }),
          };
      const [request] = await em.execute<
        {
          download_token_hash: string | null;
          download_expires_at: string | null;
          fetched_at: string | null;
        }[]
      >(
        `select download_token_hash, download_expires_at, fetched_at from data_subject_request
          where tenant_id = ? and id = ? and ${requester.where} and kind = 'export' for update`,
        [tenant.id, requestId, requester.value],
      );
      if (!request?.download_token_hash || !sameHash(request.download_token_hash, sha256(token)))
        throw refused;
      if (request.fetched_at !== null) {
        throw new Conflict(
          'This export has already been downloaded (a download works once); request a new export to get your data again.',
        );
      }
      if (request.download_expires_at !== null && new Date(request.download_expires_at) <= new Date()) {
        throw new Conflict('This export has expired and was deleted; request a new export.');
      }
      const [file] = await em.execute<{ archive_enc: string }[]>(
        `select archive_enc from data_subject_export where tenant_id = ? and request_id = ?`,
        [tenant.id, requestId],
      );
      if (!file) {
        throw new Conflict(
          'This export is not ready yet; check the request status in a few minutes, then download it.',
        );
      }
      const archive = Buffer.from(
        await this.encryption.decrypt(file.archive_enc, archiveAddress(requestId)),
        'base64',
      );
      await em.execute(`delete from data_subject_export where tenant_id = ? and request_id = ?`, [
        tenant.id,
        requestId,
      ]);
      await this.appendProgress(em, requestId, { step: 'archive-fetched' }, { fetchedAt: true });
      await this.audit.record({
        action: 'data-subject-request.export-fetch',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: { sizeBytes: archive.length, by: byStaff ? 'staff' : 'customer' },
      });
      return { fileName: `personal-data-export-${requestId}.zip`, archive };
    });
  }

  // ---- workflow steps (activities, inside runAsTenant) ----------------------------------------------

  /** Marks the request running (idempotent: a request already running or finished is left as it is). */
  async startRequest({ requestId }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<void> {
    await this.em.transactional(async (em) => {
      // The API starts the workflow just before its transaction commits: a worker may get here first.
      const request = await this.requestForUpdate(em, requestId, { notCommittedYet: 'retry' });
      if (request.status !== 'requested') return;
      await em.execute(
        `update data_subject_request set status = 'running', started_at = now() where tenant_id = ? and id = ?`,
        [requireTenant().id, requestId],
      );
      await this.appendProgress(em, requestId, { step: 'started' });
      await this.audit.record({
        action: 'data-subject-request.start',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: { kind: request.kind, status: 'running' },
      });
    });
  }

  /** A step failed for good: the request shows it (no personal data in the message). */
  async failRequest(requestId: string, reason: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      if (request.status === 'completed' || request.status === 'failed') return;
      await em.execute(
        `update data_subject_request set status = 'failed', failure = ?, completed_at = now() where tenant_id = ? and id = ?`,
        [reason.slice(0, 500), requireTenant().id, requestId],
      );
      await this.audit.record({
        action: 'data-subject-request.fail',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: { status: 'failed' },
      });
    });
  }

  /**
   * Gathers everything held on the request's customer (every registered table, their customer record and
   * the audit entries about them), decrypted; checks it against the published JSON Schema; stores it as
   * a ZIP (JSON + one CSV per category) encrypted under the customer's key; completes the request with
   * the download's expiry. Idempotent: a request whose archive was already stored reports it again.
   */
  async buildExport({ requestId }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<ExportArchiveReport> {
    const tenant = requireTenant();
    return this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      if (request.kind !== 'export') throw new Invalid(`Request ${requestId} is not an export request.`);
      const done = request.progress.find((step) => step.step === 'archive-stored');
      if (done) return done.detail as unknown as ExportArchiveReport;

      const document = await this.gatherExport(em, request.customer_id);
      const problems = exportSchemaProblems(document);
      if (problems.length > 0) {
        // A table's columns changed without the published schema: a programming error, not retryable data.
        throw new Internal(
          `The export does not match its published schema: ${problems.slice(0, 5).join('; ')}`,
        );
      }
      const archive = Buffer.from(exportArchive(document));
      const [sealed] = await this.encryption.encryptForCustomer(request.customer_id, [
        { address: archiveAddress(requestId), plaintext: archive.toString('base64') },
      ]);
      await em.execute(
        `insert into data_subject_export (request_id, tenant_id, customer_id, archive_enc, size_bytes, sha256)
         values (?, ?, ?, ?, ?, ?)`,
        [requestId, tenant.id, request.customer_id, sealed, archive.length, sha256(archive)],
      );
      const expiresAt = new Date(Date.now() + exportDownloadDays * 86_400_000);
      const counts = Object.fromEntries(
        Object.entries(document.categories).map(([category, rows]) => [category, rows.length]),
      );
      const report: ExportArchiveReport = {
        counts,
        sizeBytes: archive.length,
        expiresAt: expiresAt.toISOString(),
      };
      await em.execute(
        `update data_subject_request set status = 'completed', completed_at = now(), download_expires_at = ?
          where tenant_id = ? and id = ?`,
        [expiresAt, tenant.id, requestId],
      );
      await this.appendProgress(em, requestId, { step: 'archive-stored', detail: { ...report } });
      await this.audit.record({
        action: 'data-subject-request.export-ready',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: { status: 'completed', ...counts, sizeBytes: archive.length },
      });
      return report;
    });
  }

  /**
   * Deletes an export's archive once its download has expired (the workflow calls it at expiry).
   * Idempotent: an archive already fetched or deleted leaves nothing to do. Returns whether it deleted one.
   */
  async expireExport({ requestId }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<boolean> {
    const tenant = requireTenant();
    return this.em.transactional(async (em) => {
      await this.requestForUpdate(em, requestId);
      const deleted = await em.execute<{ request_id: string }[]>(
        `delete from data_subject_export where tenant_id = ? and request_id = ? returning request_id`,
        [tenant.id, requestId],
      );
      if (deleted.length === 0) return false;
      await this.appendProgress(em, requestId, { step: 'archive-expired' });
      await this.audit.record({
        action: 'data-subject-request.export-expire',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: { deleted: true },
      });
      return true;
    });
  }

  /** The export document of one customer (no side effects): every registered table plus audit entries. */
  async gatherExport(em: EntityManager, customerId: string): Promise<PersonalDataExport> {
    const tenant = requireTenant();
    const tenantRecord = await this.tenancy.findById(tenant.id);
    const [customer] = await em.execute<Row[]>(
      `select id, subject, display_name, email, personal_fields_encrypted, created_at, erased_at from customer
        where tenant_id = ? and id = ?`,
      [tenant.id, customerId],
    );
    if (!customer) throw new NotFound('The customer of this request no longer exists.');
    if (customer.erased_at !== null) {
      throw new Conflict('This customer has been erased: there is nothing left to export.');
    }
    const categories = Object.fromEntries(
      exportCategories.map((category) => [category, [] as Row[]]),
    ) as Record<ExportCategory, Row[]>;
    const rowIds: string[] = [customerId];
    for (const entry of personalDataRegistry) {
      if ('excluded' in entry.export) continue;
      const rows = await this.exportRows(em, entry.table, entry.export, customerId);
      categories[entry.export.category] = rows;
      rowIds.push(...rows.map((row) => row.id as string));
    }
    categories.auditEntries = await this.auditEntriesAbout(em, customer, rowIds);
    const [displayName, email] = customer.personal_fields_encrypted
      ? await this.encryption.decryptMany([
          { stored: customer.display_name as string, address: customerAddress(customerId, 'display_name') },
          ...(customer.email === null
            ? []
            : [{ stored: customer.email as string, address: customerAddress(customerId, 'email') }]),
        ])
      : [customer.display_name as string, customer.email as string | null];
    return {
      schemaVersion: EXPORT_SCHEMA_VERSION,
      generatedAt: new Date().toISOString(),
      bank: { id: tenant.id, name: tenantRecord?.name ?? tenant.slug },
      person: {
        id: customerId,
        subject: customer.subject ?? null,
        display_name: displayName,
        email: email ?? null,
        created_at: isoTime(customer.created_at),
      },
      categories,
    };
  }

  // ---- erasure steps -------------------------------------------------------------------------------

  /** The realm and login of the request's customer, to remove from Keycloak (null subject: never signed in). */
  async identityOf({ requestId }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<{
    realm: string;
    subject: string | null;
    alreadyRemoved: boolean;
  }> {
    const tenant = requireTenant();
    return this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      const [customer] = await em.execute<{ subject: string | null }[]>(
        `select subject from customer where tenant_id = ? and id = ?`,
        [tenant.id, request.customer_id],
      );
      return {
        realm: tenant.realm,
        subject: customer?.subject ?? null,
        alreadyRemoved: request.progress.some((step) => step.step === 'identity-removed'),
      };
    });
  }

  /** Notes that the customer's login is gone (or never existed), so a retry does not ask Keycloak again. */
  async recordIdentityRemoved(
    { requestId }: Pick<DataSubjectRequestInput, 'requestId'>,
    outcome: 'removed' | 'absent' | 'no-login',
  ): Promise<void> {
    await this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      if (request.progress.some((step) => step.step === 'identity-removed')) return;
      await this.appendProgress(em, requestId, {
        step: 'identity-removed',
        detail: { realm: requireTenant().realm, outcome },
      });
      await this.audit.record({
        action: 'data-subject-request.identity-remove',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: { outcome },
      });
    });
  }

  /**
   * Ends what still processes the customer's data before their rows are erased: every `granted` consent
   * becomes `revoked` with reason `erased` through the consents service's revocation path (its hooks stop
   * the connections under it in this transaction; each audited), recorded as step `consents-ended`.
   * Idempotent: a request past this step reports the same endings again and ends nothing more.
   */
  async endConsents({ requestId }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<ErasureEndings> {
    const tenant = requireTenant();
    return this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      if (request.kind !== 'erasure') throw new Invalid(`Request ${requestId} is not an erasure request.`);
      const done = request.progress.find((step) => step.step === 'consents-ended');
      if (done) return done.detail as unknown as ErasureEndings;
      const connectionStatuses = `select id, status from connection where tenant_id = ? and customer_id = ?`;
      const before = await em.execute<{ id: string; status: string }[]>(connectionStatuses, [
        tenant.id,
        request.customer_id,
      ]);
      const { consentIds, lifecycleWorkflowIds } = await this.consents.endForErasure(request.customer_id);
      const after = new Map(
        (
          await em.execute<{ id: string; status: string }[]>(connectionStatuses, [
            tenant.id,
            request.customer_id,
          ])
        ).map((row) => [row.id, row.status]),
      );
      const stopped = before
        .filter((row) => row.status !== 'revoked' && after.get(row.id) === 'revoked')
        .map((row) => row.id);
      const endings: ErasureEndings = {
        consents: consentIds.length,
        connections: stopped.length,
        connectionIds: stopped,
        lifecycleWorkflowIds,
        endedAt: new Date().toISOString(),
      };
      await this.appendProgress(em, requestId, { step: 'consents-ended', detail: { ...endings } });
      await this.audit.record({
        action: 'data-subject-request.end-consents',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: { consents: endings.consents, connections: endings.connections },
      });
      return endings;
    });
  }

  /**
   * Deletes or keeps, per the registry, every row held on the customer, in one transaction; turns the
   * customer row into a tombstone (no name, e-mail, subject or blind index). A customer the bank imported
   * from its records leaves, in the same transaction, an `erasure_suppression` marker: the blind index of
   * their source reference, so the bank's import never brings them back (see `suppressionMarker`).
   * Idempotent: a request whose rows were already erased reports the same counts again.
   */
  async eraseRows({ requestId }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<{
    removed: Record<string, number>;
    retained: ErasureCertificate['retained'];
  }> {
    const tenant = requireTenant();
    return this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      if (request.kind !== 'erasure') throw new Invalid(`Request ${requestId} is not an erasure request.`);
      const done = request.progress.find((step) => step.step === 'rows-erased');
      if (done)
        return done.detail as { removed: Record<string, number>; retained: ErasureCertificate['retained'] };
      const tenantRecord = await this.tenancy.findById(tenant.id);
      if (!tenantRecord) throw new NotFound('The tenant of this request no longer exists.');
      const rules = await this.compliance.forCurrentTenant();
      const ended = new Date();
      const removed: Record<string, number> = {};
      const retained: ErasureCertificate['retained'] = [];
      // Children before parents, so a deletion never waits on a foreign key of a row deleted later.
      for (const entry of erasureOrder()) {
        const rule = entry.erasure;
        if (rule.action === 'delete') {
          const rows = await em.execute<{ id: unknown }[]>(
            `delete from ${entry.table} where tenant_id = ? and customer_id = ? returning 1 as id`,
            [tenant.id, request.customer_id],
          );
          removed[entry.table] = rows.length;
        } else if (rule.action === 'retain') {
          const clear = rule.cleared.map((column) => `${column} = null`).join(', ');
          const rows = clear
            ? await em.execute<{ id: unknown }[]>(
                `update ${entry.table} set ${clear} where tenant_id = ? and customer_id = ? returning 1 as id`,
                [tenant.id, request.customer_id],
              )
            : await em.execute<{ id: unknown }[]>(
                `select 1 as id from ${entry.table} where tenant_id = ? and customer_id = ?`,
                [tenant.id, request.customer_id],
              );
          const until = rule.retention.until(rules, ended);
          retained.push({
            table: entry.table,
            rows: rows.length,
            rule: rule.retention.rule,
            reason: rule.retention.reason,
            source: rule.retention.source(rules),
            until: until?.toISOString() ?? null,
            clearedColumns: [...rule.cleared],
          });
        }
      }
      // A customer the bank imported from its records: the blind index of that reference stays as a
      // suppression marker, so the bank's next import refuses the record instead of recreating the person.
      const [source] = await em.execute<{ source_ref_index: string | null }[]>(
        `select source_ref_index from customer where tenant_id = ? and id = ?`,
        [tenant.id, request.customer_id],
      );
      const sourceRefIndex = source?.source_ref_index ?? null;
      if (sourceRefIndex !== null) {
        await em.execute(
          `insert into erasure_suppression (tenant_id, source_ref_index, erased_at, request_id)
           values (?, ?, ?, ?) on conflict (tenant_id, source_ref_index) do nothing`,
          [tenant.id, sourceRefIndex, ended, requestId],
        );
      }
      // The tombstone: nothing left that names or finds the person. The blind indexes of the e-mail and of
      // the bank's source reference are keyed by the tenant's key (not shredded), so they go explicitly.
      await em.execute(
        `update customer set display_name = '', email = null, email_index = null, source_ref_index = null,
                subject = null, erased_at = coalesce(erased_at, ?) where tenant_id = ? and id = ?`,
        [ended, tenant.id, request.customer_id],
      );
      const detail = {
        removed,
        retained,
        relationshipEndedAt: ended.toISOString(),
        region: tenantRecord.region,
        suppressionMarker: sourceRefIndex !== null,
      };
      await this.appendProgress(em, requestId, { step: 'rows-erased', detail });
      await this.audit.record({
        action: 'data-subject-request.erase-rows',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: {
          removed,
          retained: Object.fromEntries(retained.map((entry) => [entry.table, entry.rows])),
          suppressionMarker: detail.suppressionMarker,
        },
      });
      return { removed, retained };
    });
  }

  /** Shreds the customer's data key (audited `data-key.shred` by the crypto service); idempotent. */
  async shredKey({ requestId }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<{ shreddedAt: string }> {
    return this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      const done = request.progress.find((step) => step.step === 'key-shredded');
      if (done) return { shreddedAt: done.at };
      const existed = await this.encryption.shredCustomerKey(request.customer_id);
      const at = new Date().toISOString();
      await this.appendProgress(em, requestId, { step: 'key-shredded', at, detail: { keyExisted: existed } });
      return { shreddedAt: at };
    });
  }

  /** Completes the erasure with its certificate (stored on the request, audited). Idempotent. */
  async completeErasure({
    requestId,
  }: Pick<DataSubjectRequestInput, 'requestId'>): Promise<ErasureCertificate> {
    const tenant = requireTenant();
    return this.em.transactional(async (em) => {
      const request = await this.requestForUpdate(em, requestId);
      if (request.certificate) return request.certificate as ErasureCertificate;
      const step = (name: string) => {
        const found = request.progress.find((entry) => entry.step === name);
        if (!found) throw new Conflict(`Erasure ${requestId} cannot complete before step "${name}".`);
        return found;
      };
      const rows = step('rows-erased').detail as {
        removed: Record<string, number>;
        retained: ErasureCertificate['retained'];
        relationshipEndedAt: string;
        region: string;
        /** Absent on an erasure whose rows were erased before markers existed. */
        suppressionMarker?: boolean;
      };
      const shredded = step('key-shredded');
      const identity = step('identity-removed').detail as ErasureCertificate['identity'];
      // Absent only for an erasure that ran before the step existed (its workflow is not patched).
      const ended = request.progress.find((entry) => entry.step === 'consents-ended');
      const certificate: ErasureCertificate = {
        version: 1,
        requestId,
        customerId: request.customer_id,
        region: rows.region,
        relationshipEndedAt: rows.relationshipEndedAt,
        removed: rows.removed,
        retained: rows.retained,
        customerRecord: 'tombstone',
        blindIndexesRemoved: ['customer.email_index', 'customer.source_ref_index'],
        suppressionMarker: rows.suppressionMarker ? suppressionMarker : null,
        keyShreddedAt: shredded.at,
        keyExisted: (shredded.detail as { keyExisted: boolean }).keyExisted,
        identity,
        ended: ended ? (ended.detail as unknown as ErasureEndings) : null,
        completedAt: new Date().toISOString(),
      };
      await em.execute(
        `update data_subject_request set status = 'completed', completed_at = ?, certificate = ?::jsonb
          where tenant_id = ? and id = ?`,
        [certificate.completedAt, JSON.stringify(certificate), tenant.id, requestId],
      );
      await this.appendProgress(em, requestId, { step: 'certificate-issued' });
      await this.audit.record({
        action: 'data-subject-request.erasure-complete',
        resourceType: 'data_subject_request',
        resourceId: requestId,
        changes: {
          status: 'completed',
          keyShreddedAt: certificate.keyShreddedAt,
          identity: identity.outcome,
        },
      });
      return certificate;
    });
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private async requestForUpdate(
    em: EntityManager,
    requestId: string,
    options: { notCommittedYet?: 'retry' } = {},
  ): Promise<{
    kind: DataSubjectRequestKind;
    status: DataSubjectRequestStatus;
    customer_id: string;
    progress: ProgressStep[];
    certificate: unknown;
  }> {
    const [request] = await em.execute<
      {
        kind: DataSubjectRequestKind;
        status: DataSubjectRequestStatus;
        customer_id: string;
        progress: ProgressStep[];
        certificate: unknown;
      }[]
    >(
      `select kind, status, customer_id, progress, certificate from data_subject_request
        where tenant_id = ? and id = ? for update`,
      [requireTenant().id, requestId],
    );
    if (!request && options.notCommittedYet === 'retry') {
      // Not an AppError: the workflow retries it (the request's transaction may still be committing).
      throw new Error(`Data-subject request ${requestId} is not visible yet; retrying.`);
    }
    if (!request) throw new NotFound(`No data-subject request ${requestId} in this bank.`);
    return request;
  }

  private async appendProgress(
    em: EntityManager,
    requestId: string,
    step: Omit<ProgressStep, 'at'> & { at?: string },
    options: { fetchedAt?: boolean } = {},
  ): Promise<void> {
    const entry: ProgressStep = {
      step: step.step,
      at: step.at ?? new Date().toISOString(),
      ...(step.detail ? { detail: step.detail } : {}),
    };
    await em.execute(
      `update data_subject_request set progress = progress || ?::jsonb${options.fetchedAt ? ', fetched_at = now()' : ''}
        where tenant_id = ? and id = ?`,
      [JSON.stringify([entry]), requireTenant().id, requestId],
    );
  }

  /** One registered table's rows of the customer, as the export shows them (decrypted, secrets left out). */
  private async exportRows(
    em: EntityManager,
    table: string,
    spec: TableExport,
    customerId: string,
  ): Promise<Row[]> {
    const tenant = requireTenant();
    const types = await columnTypes(em, table);
    const rows = await em.execute<Row[]>(
      `select * from ${table} where tenant_id = ? and customer_id = ? order by ${spec.orderBy}`,
      [tenant.id, customerId],
    );
    const sealed = rows.flatMap((row) =>
      spec.encrypted
        .filter((column) => row[column] !== null && row[column] !== undefined)
        .map((column) => ({
          stored: row[column] as string,
          address: fieldAddress(table, column, row.id as string),
        })),
    );
    const plaintexts = (await this.encryption.decryptMany(sealed)).values();
    const hidden = new Set(['tenant_id', 'customer_id', ...spec.omitted]);
    return rows.map((row) => {
      const out: Row = {};
      for (const [column, value] of Object.entries(row)) {
        if (hidden.has(column)) continue;
        if (spec.encrypted.includes(column)) {
          out[column.replace(/_enc$/, '')] = value === null ? null : (plaintexts.next().value as string);
        } else out[column] = normalised(value, types.get(column));
      }
      return out;
    });
  }

  /**
   * Entries of the bank's chain about the customer (their record, or any of their rows) or made by them.
   * Staff who acted appear by role only: their identities are not the customer's data.
   */
  private async auditEntriesAbout(em: EntityManager, customer: Row, rowIds: string[]): Promise<Row[]> {
    const tenant = requireTenant();
    const subject = (customer.subject as string | null) ?? null;
    const entries = await em.execute<Row[]>(
      `select id, seq, occurred_at, actor_subject, actor_realm, actor_roles, action, resource_type, resource_id,
              changes, ip, outcome
         from audit_entry
        where tenant_id = ? and (resource_id = any(string_to_array(?, ',')) or (actor_subject = ? and actor_realm = ?))
        order by seq`,
      [tenant.id, rowIds.join(','), subject ?? '', tenant.realm],
    );
    return entries.map((entry) => {
      const self = subject !== null && entry.actor_subject === subject && entry.actor_realm === tenant.realm;
      return {
        id: entry.id,
        seq: Number(entry.seq),
        occurred_at: isoTime(entry.occurred_at),
        actor: { self, roles: (entry.actor_roles as string[]) ?? [] },
        action: entry.action,
        resource_type: entry.resource_type,
        resource_id: entry.resource_id ?? null,
        changes: entry.changes,
        ip: self ? (entry.ip ?? null) : null,
        outcome: entry.outcome,
      };
    });
  }
}

/**
 * The address a personal column's ciphertext is bound to: the table, the column as named in the database
 * (e.g. `counterparty_enc`) and the row id — the convention `customer.display_name` set.
 */
export function fieldAddress(table: string, column: string, rowId: string) {
  return { table, column, rowId };
}

function customerAddress(rowId: string, column: 'display_name' | 'email') {
  return fieldAddress('customer', column, rowId);
}

function archiveAddress(requestId: string) {
  return fieldAddress('data_subject_export', 'archive_enc', requestId);
}

/** Registry tables in an order where children go before the rows they reference. */
function erasureOrder() {
  const order = [
    // Customer tools: firings before their alerts, alerts before the budgets they watch.
    'customer_alert_firing',
    'customer_alert',
    // Surveys: answers and transaction prompts (before the transactions they ask about).
    'survey_response',
    'transaction_prompt',
    'savings_goal',
    'budget',
    'notification',
    'sync_run',
    'balance',
    'account_transaction',
    'account',
    'connection',
    'consent',
    'data_subject_export',
    'data_subject_request',
    'data_key',
  ];
  return [...personalDataRegistry].sort(
    (a, b) =>
      (order.indexOf(a.table) + 1 || order.length + 1) - (order.indexOf(b.table) + 1 || order.length + 1),
  );
}

async function columnTypes(em: EntityManager, table: string): Promise<Map<string, string>> {
  const rows = await em.execute<{ column_name: string; data_type: string }[]>(
    `select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = ?`,
    [table],
  );
  return new Map(rows.map((row) => [row.column_name, row.data_type]));
}

/** A stored value as JSON shows it: times as ISO 8601 UTC with milliseconds, bigints as strings, dates as is. */
function normalised(value: unknown, type: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp with time zone') return isoTime(value);
  if (type === 'bigint') return String(value as string);
  if (type === 'character') return String(value as string).trimEnd();
  return value;
}

function isoTime(value: unknown): string {
  return new Date(value as string).toISOString();
}

function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function workflowOf(request: DataSubjectRequest, tenant: TenantRef): CreatedRequest['workflow'] {
  return {
    type: request.kind,
    workflowId: request.workflowId,
    input: { tenantId: tenant.id, requestId: request.id },
  };
}

function requireTenant(): TenantRef {
  const { tenant } = requireContext();
  if (!tenant)
    throw new Error(
      'Data-subject requests are tenant-owned: use them in a request for a tenant or runAsTenant()',
    );
  return tenant;
}
