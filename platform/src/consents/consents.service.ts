import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { accessibleWhere, requireStepUp } from '../access';
import { AuditService } from '../audit';
import { ComplianceRules } from '../compliance';
import { callerCustomerId } from '../customers';
import { Conflict, type FieldProblem, Forbidden, Invalid, NotFound } from '../errors';
import { NotificationsService } from '../notifications';
import { type Cursor, afterCursor, decodeCursor, encodeCursor } from '../pagination';
import { requireContext, type TenantRef } from '../request-context';
import { OutboxService } from '../webhooks';
import { addDays, consentTerms, deadlineOf, warningAt, type ConsentDeadline } from './consent-dates';
import { ConsentClock } from './consent-clock';
import { ConsentHooks } from './consent-hooks';
import {
  ConsentLifecycle,
  consentLifecycleWorkflowId,
  type ConsentLifecycleSignal,
} from './consent-lifecycle';
import { isConsentLive } from './consent-liveness';
import {
  type ConsentLocale,
  consentLocales,
  currentConsentText,
  findConsentText,
  isConsentLocale,
  type ShownConsentText,
} from './consent-texts';
import {
  Consent,
  type ConsentChannel,
  consentChannels,
  type ConsentPurpose,
  consentPurposes,
  type ConsentStatus,
  consentStatuses,
} from './consent.entity';

/** Kinds of data an aggregation consent may cover (its `scope.dataCategories`). */
export const consentDataCategories = ['accounts', 'balances', 'transactions'] as const;
export type ConsentDataCategory = (typeof consentDataCategories)[number];

export interface GrantConsentInput {
  purpose: ConsentPurpose;
  /** The version of the text the customer was shown (`consentTexts`); only the current one is accepted. */
  textVersion: string;
  /** Locale of that text; default `en`. */
  locale?: string | null;
  /** SHA-256 of the text as the client showed it; when given it must be the catalogue's. */
  textHash?: string | null;
  /** Aggregation only: what may be read (default all of `consentDataCategories`). */
  dataCategories?: readonly string[] | null;
  channel: ConsentChannel;
}

/** Staff view of a consent: ids, purpose, status and dates only (no proof, no scope). */
export type ConsentSummary = Pick<
  Consent,
  | 'id'
  | 'customerId'
  | 'purpose'
  | 'status'
  | 'textVersion'
  | 'channel'
  | 'grantedAt'
  | 'expiresAt'
  | 'renewalDueAt'
  | 'renewedAt'
  | 'revokedAt'
  | 'expiredAt'
  | 'createdAt'
>;

export interface ConsentOverview {
  counts: { purpose: ConsentPurpose; status: ConsentStatus; count: number }[];
  /** Granted consents whose deadline falls within the region's warning window (overdue ones included). */
  dueSoon: { withinDays: number; renewals: number; expiries: number };
  edges: { cursor: string; node: ConsentSummary }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Where the lifecycle workflow stands with a consent (read by its activities). */
export interface ConsentLifecycleState {
  status: ConsentStatus;
  /** ISO time the consent stops being live unless renewed; null when it has no deadline. */
  deadline: string | null;
  reason: ConsentDeadline['reason'] | null;
  /** ISO time the customer is warned (the region's `warnDaysBefore` before the deadline). */
  warnAt: string | null;
}

export const maxConsentPageSize = 100;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sha256Hex = /^[0-9a-f]{64}$/;

/**
 * Consents as first-class data: granted by the signed-in customer against a versioned text, with proof
 * of how; revoked in one call; renewed under the region's rule; ended by the lifecycle workflow when a
 * deadline passes. Every transition is audited (ids, purpose, versions and dates only) and ends a consent
 * through `ConsentHooks` in the same transaction, so processing under it stops with the commit.
 */
@Injectable()
export class ConsentsService {
  private readonly logger = new Logger('Consents');

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly hooks: ConsentHooks,
    private readonly lifecycle: ConsentLifecycle,
    private readonly notifications: NotificationsService,
    private readonly clock: ConsentClock,
    private readonly outbox: OutboxService,
    private readonly compliance: ComplianceRules,
  ) {}

  /** The current text of every purpose in `locale` (default `en`): what the app shows before a grant. */
  texts(locale?: string | null): ShownConsentText[] {
    const chosen = localeOf(locale, 'locale');
    return consentPurposes.map((purpose) => currentConsentText(purpose, chosen));
  }

  /**
   * The signed-in customer consents to `purpose`. The text version must be the current one of the
   * catalogue (an unknown or outdated one is INVALID: show the current text and ask again); the proof is
   * taken from the verified token (subject, token id, authentication methods and time, client) and the
   * channel, never the token. Aggregation consents get their expiry and renewal date from the region's
   * rules and may exist once per source connection; other purposes once live per customer (CONFLICT).
   * Starts the consent's lifecycle workflow; audited `consent.grant`.
   */
  async grant(input: GrantConsentInput): Promise<Consent> {
    const { text, dataCategories } = validGrant(input);
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const customerId = await callerCustomerId(em);
      // One grant at a time per customer and purpose, so two quick taps cannot create two live consents.
      await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
        `finpersona.consent:${tenant.id}:${customerId}:${input.purpose}`,
      ]);
      const now = this.clock.now();
      if (input.purpose !== 'aggregation') {
        const existing = await em.find(Consent, {
          tenantId: tenant.id,
          customerId,
          purpose: input.purpose,
          status: 'granted',
        });
        if (existing.some((consent) => isConsentLive(consent, now))) {
          throw new Conflict(
            `You have already consented to ${input.purpose}; revoke that consent first to give it again.`,
          );
        }
      }
      return this.create(em, {
        customerId,
        purpose: input.purpose,
        scope: input.purpose === 'aggregation' ? { dataCategories } : {},
        text,
        channel: input.channel,
        proof: { ...proofOfRequest(input.channel, now), locale: text.locale },
        at: now,
      });
    });
  }

  /**
   * System work for a bank importing data it holds itself (`cli.js import-pkdd99`: a unit of work without
   * a principal): records the customer's **aggregation** consent with channel `bank-import`. Nobody clicked
   * anything, and the record says so: the proof names who recorded it (`system`), the request id, the
   * dataset, its files and the command (`source`), and `shownToCustomer: false`; the text version and
   * hash are the current aggregation text's, the terms the consent is held to. The region's rules apply
   * as to any aggregation consent (expiry, renewal, lifecycle workflow started, reminders). Idempotent: a
   * live `bank-import` aggregation consent of the customer is returned as it is (nothing written, nothing
   * audited). A new one is audited `consent.grant` (channel `bank-import`). Anyone signed in is FORBIDDEN.
   */
  async recordBankImport(
    customerId: string,
    source: Record<string, string | number | readonly string[]>,
  ): Promise<{ consent: Consent; created: boolean }> {
    if (requireContext().principal) {
      throw new Forbidden("Only the bank's own import (a system job) records bank-import consents.");
    }
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const [customer] = await em.execute<{ id: string }[]>(
        `select id from customer where tenant_id = ? and id = ? and erased_at is null`,
        [tenant.id, customerId],
      );
      if (!customer) throw new NotFound(`No customer "${customerId}" in this bank.`);
      await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
        `finpersona.consent:${tenant.id}:${customerId}:aggregation`,
      ]);
      const now = this.clock.now();
      const existing = await em.find(
        Consent,
        {
          tenantId: tenant.id,
          customerId,
          purpose: 'aggregation',
          channel: 'bank-import',
          status: 'granted',
        },
        { orderBy: { createdAt: 'desc', id: 'desc' } },
      );
      const live = existing.find((consent) => isConsentLive(consent, now));
      if (live) return { consent: live, created: false };
      const { requestId } = requireContext();
      const text = currentConsentText('aggregation', 'en');
      const consent = await this.create(em, {
        customerId,
        purpose: 'aggregation',
        scope: { dataCategories: [...consentDataCategories] },
        text,
        channel: 'bank-import',
        proof: {
          subject: 'system',
          channel: 'bank-import',
          requestId,
          at: now.toISOString(),
          shownToCustomer: false,
          locale: text.locale,
          source,
        },
        at: now,
      });
      return { consent, created: true };
    });
  }

  /** Stores a new granted consent on the region's terms, audits `consent.grant` and starts its lifecycle. */
  private async create(
    em: EntityManager,
    grant: {
      customerId: string;
      purpose: ConsentPurpose;
      scope: Record<string, unknown>;
      text: ShownConsentText;
      channel: ConsentChannel;
      proof: Record<string, unknown>;
      at: Date;
    },
  ): Promise<Consent> {
    const tenant = requireTenant();
    const rules = await this.compliance.forCurrentTenant();
    const terms = consentTerms(rules, grant.purpose, grant.at);
    const consent = em.create(Consent, {
      tenantId: tenant.id,
      customerId: grant.customerId,
      purpose: grant.purpose,
      scope: grant.scope,
      textVersion: grant.text.version,
      textHash: grant.text.textHash,
      status: 'granted',
      channel: grant.channel,
      proof: grant.proof,
      grantedAt: grant.at,
      expiresAt: terms.expiresAt,
      renewalDueAt: terms.renewalDueAt,
    });
    await em.flush();
    await this.audit.record({
      action: 'consent.grant',
      resourceType: 'consent',
      resourceId: consent.id,
      changes: {
        customerId: grant.customerId,
        purpose: consent.purpose,
        textVersion: consent.textVersion,
        textHash: consent.textHash,
        channel: consent.channel,
        status: consent.status,
        expiresAt: consent.expiresAt?.toISOString() ?? null,
        renewalDueAt: consent.renewalDueAt?.toISOString() ?? null,
      },
    });
    await this.outbox.record('consent.granted', {
      consentId: consent.id,
      customerId: grant.customerId,
      purpose: consent.purpose,
      grantedAt: grant.at.toISOString(),
      expiresAt: consent.expiresAt?.toISOString() ?? null,
      renewalDueAt: consent.renewalDueAt?.toISOString() ?? null,
    });
    // Inside the transaction: if the lifecycle cannot start, nothing was granted. Started before the
    // commit, the workflow's first read retries until the consent is visible (or ends if it never is).
    await this.lifecycle.require().start({ tenantId: tenant.id, consentId: consent.id });
    return consent;
  }

  /**
   * The signed-in customer withdraws one of their consents: one call, nothing else to confirm (as easy
   * as granting). `revoked` at once; `ConsentHooks.consentEnded` runs in the same transaction (a failing
   * listener rolls the revocation back), so processing stops with the commit. NOT_FOUND for ids that are
   * not the caller's; CONFLICT when it has already ended. Audited `consent.revoke`.
   */
  async revoke(consentId: string): Promise<Consent> {
    const consent = await this.inTransaction(async (em) => {
      const consent = await this.ownForUpdate(em, consentId);
      if (consent.status !== 'granted') {
        throw new Conflict(`This consent was already ${consent.status}; there is nothing to revoke.`);
      }
      await this.endByRevocation(em, consent, 'revoked');
      return consent;
    });
    await this.wake(consent.id, 'revoked');
    return consent;
  }

  /**
   * System work for erasure (`runAsTenant` without a principal): revokes every consent of `customerId`
   * still `granted`, with reason `erased`, by the same path as a customer's revocation (hooks in the
   * transaction, so their connections stop; audited `consent.revoke` with `reason: erased`; the lifecycle
   * woken when an engine is connected). Idempotent: a second call finds none and ends, audits nothing.
   * Returns the consents ended and their lifecycle workflow ids (the worker signals them after the commit).
   */
  async endForErasure(customerId: string): Promise<{ consentIds: string[]; lifecycleWorkflowIds: string[] }> {
    const ended = await this.inTransaction(async (em) => {
      const consents = await em.find(
        Consent,
        { tenantId: requireTenant().id, customerId, status: 'granted' },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      for (const consent of consents) await this.endByRevocation(em, consent, 'erased');
      return consents.map((consent) => consent.id);
    });
    for (const consentId of ended) await this.wake(consentId, 'revoked');
    return { consentIds: ended, lifecycleWorkflowIds: ended.map(consentLifecycleWorkflowId) };
  }

  /**
   * The signed-in customer renews a live consent that has a renewal rule (aggregation), before its
   * deadline: EU (strong authentication) needs a second factor entered within the step-up window
   * (STEP_UP_REQUIRED otherwise), UK and US take the customer's own call as the explicit reconfirmation.
   * Moves `renewalDueAt` (and a capped `expiresAt`) forward from now and records the proof of the renewal.
   * CONFLICT when the consent has ended or needs no renewal. Audited `consent.renew`.
   */
  async renew(consentId: string): Promise<Consent> {
    const consent = await this.inTransaction(async (em) => {
      const consent = await this.ownForUpdate(em, consentId);
      const now = this.clock.now();
      if (!isConsentLive(consent, now)) {
        throw new Conflict('This consent has ended and cannot be renewed; give a new consent instead.');
      }
      const rules = await this.compliance.forCurrentTenant();
      if (
        consent.renewalDueAt === null ||
        consent.purpose !== 'aggregation' ||
        rules.ais.renewal.kind === 'none'
      ) {
        throw new Conflict('This consent lasts until you revoke it; it needs no renewal.');
      }
      if (rules.ais.renewal.kind === 'strong-authentication') requireStepUp('renew a consent');
      const terms = consentTerms(rules, consent.purpose, now);
      consent.renewalDueAt = terms.renewalDueAt;
      if (terms.expiresAt) consent.expiresAt = terms.expiresAt;
      consent.renewedAt = now;
      consent.proof = {
        ...consent.proof,
        lastRenewal: { ...proofOfRequest(channelOfCaller(), now), method: rules.ais.renewal.kind },
      };
      await em.flush();
      await this.audit.record({
        action: 'consent.renew',
        resourceType: 'consent',
        resourceId: consent.id,
        changes: {
          customerId: consent.customerId,
          purpose: consent.purpose,
          method: rules.ais.renewal.kind,
          expiresAt: consent.expiresAt?.toISOString() ?? null,
          renewalDueAt: consent.renewalDueAt?.toISOString() ?? null,
        },
      });
      return consent;
    });
    await this.wake(consent.id, 'renewed');
    return consent;
  }

  /**
   * Where customer `customerId` of the current bank stands on marketing: `granted` while their newest
   * marketing consent is live, `revoked` when they withdrew it (an objection: the opt-out of opt-out
   * regions), `none` when they never answered or it lapsed. System and staff work (no ownership check);
   * NOT_FOUND for a customer id that is not the current bank's.
   */
  async marketingConsentState(customerId: string): Promise<'granted' | 'revoked' | 'none'> {
    return this.inTransaction(async (em) => {
      const tenantId = requireTenant().id;
      const known = await em.execute<unknown[]>('select 1 from customer where id = ? and tenant_id = ?', [
        customerId,
        tenantId,
      ]);
      if (known.length === 0) throw new NotFound(`This bank has no customer "${customerId}".`);
      const [newest] = await em.find(
        Consent,
        { tenantId, customerId, purpose: 'marketing' },
        { orderBy: { grantedAt: 'desc', id: 'desc' }, limit: 1 },
      );
      if (!newest) return 'none';
      if (newest.status === 'revoked') return 'revoked';
      return isConsentLive(newest, this.clock.now()) ? 'granted' : 'none';
    });
  }

  /**
   * The customer's language as far as the platform knows it: the locale of the consent text they were
   * shown at their newest grant (`proof.locale`, e.g. `sl`), or null when no grant records one (bank
   * imports, none yet). The customer record holds no language: this is the one place they chose one.
   * System work for the current bank (insights are written in it).
   */
  async customerLocale(customerId: string): Promise<string | null> {
    return this.inTransaction(async (em) => {
      const rows = await em.execute<{ locale: string }[]>(
        `select proof->>'locale' as locale from consent
          where tenant_id = ? and customer_id = ? and proof->>'locale' is not null
          order by granted_at desc, id desc limit 1`,
        [requireTenant().id, customerId],
      );
      return rows[0]?.locale ?? null;
    });
  }

  /**
   * Which of `customerIds` (customers of the current bank) have a live consent for `purpose` now (see
   * `isConsentLive`): the check before any processing for that purpose (personalised insights,
   * notifications). System work: no ownership check; unknown ids are simply absent from the answer.
   */
  async customersWithLiveConsent(
    purpose: ConsentPurpose,
    customerIds: readonly string[],
  ): Promise<Set<string>> {
    if (customerIds.length === 0) return new Set();
    return this.inTransaction(async (em) => {
      const tenantId = requireTenant().id;
      const consents = await em.find(Consent, {
        tenantId,
        customerId: { $in: [...customerIds] },
        purpose,
        status: 'granted',
      });
      const now = this.clock.now();
      return new Set(consents.filter((consent) => isConsentLive(consent, now)).map((c) => c.customerId));
    });
  }

  /** Every consent of the signed-in customer, newest first (ended ones included: their history). */
  async listForCustomer(): Promise<Consent[]> {
    return this.inTransaction(async (em) => {
      const customerId = await callerCustomerId(em);
      return em.find(Consent, { $and: [visibleConsents(), { customerId }] } as FilterQuery<Consent>, {
        orderBy: { createdAt: 'desc', id: 'desc' },
      });
    });
  }

  /**
   * Staff overview of the bank's consents: counts by purpose and status, how many granted consents reach
   * their deadline (renewal due or expiry, whichever is first) within the region's warning window
   * (`warnDaysBefore`, the window in which customers are reminded; deadlines already passed but not yet
   * ended by the lifecycle count too), and a page of consents (oldest first, `first` 1-100) optionally
   * filtered by purpose, status, customer id and `dueSoon` (only those in that window). Only ids,
   * purposes, versions, channels and dates: no proof, scope or personal data. Audited `consent.list`.
   */
  async overview(options: {
    first: number;
    after?: string | null;
    purpose?: string | null;
    status?: string | null;
    customerId?: string | null;
    dueSoon?: boolean | null;
  }): Promise<ConsentOverview> {
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(options.first) || options.first < 1 || options.first > maxConsentPageSize) {
      problems.push({ field: 'first', problem: `must be between 1 and ${maxConsentPageSize}` });
    }
    if (options.purpose != null && !(consentPurposes as readonly string[]).includes(options.purpose)) {
      problems.push({ field: 'purpose', problem: `must be one of ${consentPurposes.join(', ')}` });
    }
    if (options.status != null && !(consentStatuses as readonly string[]).includes(options.status)) {
      problems.push({ field: 'status', problem: `must be one of ${consentStatuses.join(', ')}` });
    }
    if (options.customerId != null && !uuid.test(options.customerId)) {
      problems.push({ field: 'customerId', problem: 'must be a customer id' });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    const after: Cursor | undefined = options.after ? decodeCursor(options.after) : undefined;
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const withinDays = (await this.compliance.forCurrentTenant()).ais.warnDaysBefore.days;
      const dueBy = addDays(this.clock.now(), withinDays);
      // The deadline is the earlier of the two dates, so it falls in the window when either does.
      const due = {
        status: 'granted',
        $or: [{ renewalDueAt: { $lte: dueBy } }, { expiresAt: { $lte: dueBy } }],
      };
      const filtered = {
        $and: [
          visibleConsents(),
          options.purpose != null ? { purpose: options.purpose } : {},
          options.status != null ? { status: options.status } : {},
          options.customerId != null ? { customerId: options.customerId } : {},
          options.dueSoon ? due : {},
        ],
      } as FilterQuery<Consent>;
      const rows = await em.find(Consent, { $and: [filtered, afterCursor(after)] } as FilterQuery<Consent>, {
        orderBy: { createdAt: 'asc', id: 'asc' },
        limit: options.first + 1,
      });
      const totalCount = await em.count(Consent, filtered);
      // Counts of the whole bank (not the filtered page), the same rows the abilities allow.
      const counts = await em.execute<{ purpose: ConsentPurpose; status: ConsentStatus; count: string }[]>(
        `select purpose, status, count(*) as count from consent where tenant_id = ?
          group by purpose, status order by purpose, status`,
        [tenant.id],
      );
      // A deadline is a renewal when the renewal is due no later than the expiry (as `deadlineOf` decides).
      const [dueCounts] = await em.execute<{ renewals: string; expiries: string }[]>(
        `select
           count(*) filter (where renewal_due_at is not null
             and (expires_at is null or renewal_due_at <= expires_at) and renewal_due_at <= ?) as renewals,
           count(*) filter (where expires_at is not null
             and (renewal_due_at is null or expires_at < renewal_due_at) and expires_at <= ?) as expiries
         from consent where tenant_id = ? and status = 'granted'`,
        [dueBy, dueBy, tenant.id],
      );
      const page = rows.slice(0, options.first).map(summaryOf);
      await this.audit.record({
        action: 'consent.list',
        resourceType: 'consent',
        changes: { returned: page.length },
      });
      const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
      return {
        counts: counts.map((row) => ({ purpose: row.purpose, status: row.status, count: Number(row.count) })),
        dueSoon: {
          withinDays,
          renewals: Number(dueCounts?.renewals ?? 0),
          expiries: Number(dueCounts?.expiries ?? 0),
        },
        edges,
        pageInfo: { hasNextPage: rows.length > options.first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount,
      };
    });
  }

  // ---- The lifecycle workflow's steps (system work: `runAsTenant` without a principal). ----

  /** Where a consent stands for its lifecycle, or null when it does not exist (e.g. a grant rolled back). */
  async lifecycleState(consentId: string): Promise<ConsentLifecycleState | null> {
    return this.inTransaction(async (em) => {
      const consent = await em.findOne(Consent, { id: consentId, tenantId: requireTenant().id });
      if (!consent) return null;
      const deadline = consent.status === 'granted' ? deadlineOf(consent) : null;
      const rules = await this.compliance.forCurrentTenant();
      const base = consent.renewedAt ?? consent.grantedAt;
      return {
        status: consent.status,
        deadline: deadline?.at.toISOString() ?? null,
        reason: deadline?.reason ?? null,
        warnAt: deadline ? warningAt(rules, deadline.at, base).toISOString() : null,
      };
    });
  }

  /**
   * Writes the in-app reminder that the consent ends at `deadline` unless renewed (once per consent and
   * deadline: `subject_ref` `consent:<id>:<deadline>`), and audits `consent.reminder` when written. Does
   * nothing when the consent has ended or its deadline moved (renewed meanwhile).
   */
  async remind(consentId: string, deadline: string): Promise<{ sent: boolean }> {
    return this.inTransaction(async (em) => {
      const consent = await em.findOne(Consent, { id: consentId, tenantId: requireTenant().id });
      const current = consent?.status === 'granted' ? deadlineOf(consent) : null;
      if (!consent || !current || current.at.toISOString() !== deadline) return { sent: false };
      const sent = await this.notifications.notifyOnce({
        customerId: consent.customerId,
        kind: 'consent.reminder',
        subjectRef: `consent:${consent.id}:${deadline}`,
        body: reminderText(consent.purpose, current),
      });
      if (sent) {
        await this.audit.record({
          action: 'consent.reminder',
          resourceType: 'consent',
          resourceId: consent.id,
          changes: {
            customerId: consent.customerId,
            purpose: consent.purpose,
            deadline,
            reason: current.reason,
          },
        });
      }
      return { sent };
    });
  }

  /**
   * Ends a consent whose deadline `deadline` has passed without renewal: `expired` (reason `expired` or
   * `renewal-missed`), `ConsentHooks.consentEnded` in the same transaction, audited `consent.expire`.
   * Does nothing when it has already ended or was renewed (its deadline is no longer `deadline`).
   */
  async expire(
    consentId: string,
    deadline: string,
  ): Promise<{ expired: boolean; reason: ConsentDeadline['reason'] | null }> {
    return this.inTransaction(async (em) => {
      const consent = await em.findOne(
        Consent,
        { id: consentId, tenantId: requireTenant().id },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const current = consent?.status === 'granted' ? deadlineOf(consent) : null;
      if (!consent || !current || current.at.toISOString() !== deadline) {
        return { expired: false, reason: null };
      }
      consent.status = 'expired';
      consent.expiredAt = current.at;
      await em.flush();
      await this.hooks.consentEnded({
        consentId: consent.id,
        customerId: consent.customerId,
        purpose: consent.purpose,
        reason: current.reason,
        at: current.at,
      });
      await this.audit.record({
        action: 'consent.expire',
        resourceType: 'consent',
        resourceId: consent.id,
        changes: {
          customerId: consent.customerId,
          purpose: consent.purpose,
          status: 'expired',
          reason: current.reason,
          deadline,
        },
      });
      await this.outbox.record('consent.expired', {
        consentId: consent.id,
        customerId: consent.customerId,
        purpose: consent.purpose,
        reason: current.reason,
        expiredAt: current.at.toISOString(),
      });
      return { expired: true, reason: current.reason };
    });
  }

  /**
   * The one way a live consent is revoked (by its customer, or by their erasure): `revoked` now,
   * `ConsentHooks.consentEnded` in the same transaction (a failing listener rolls it back), audited
   * `consent.revoke` with the reason. The caller holds the row lock and has checked it is `granted`.
   */
  private async endByRevocation(
    em: EntityManager,
    consent: Consent,
    reason: 'revoked' | 'erased',
  ): Promise<void> {
    const now = this.clock.now();
    consent.status = 'revoked';
    consent.revokedAt = now;
    await em.flush();
    await this.hooks.consentEnded({
      consentId: consent.id,
      customerId: consent.customerId,
      purpose: consent.purpose,
      reason,
      at: now,
    });
    await this.audit.record({
      action: 'consent.revoke',
      resourceType: 'consent',
      resourceId: consent.id,
      changes: { customerId: consent.customerId, purpose: consent.purpose, status: 'revoked', reason },
    });
    await this.outbox.record('consent.revoked', {
      consentId: consent.id,
      customerId: consent.customerId,
      purpose: consent.purpose,
      reason,
      revokedAt: now.toISOString(),
    });
  }

  /** One of the signed-in customer's consents, locked for the change; NOT_FOUND for any other id. */
  private async ownForUpdate(em: EntityManager, consentId: string): Promise<Consent> {
    const customerId = await callerCustomerId(em);
    const consent = uuid.test(consentId)
      ? await em.findOne(
          Consent,
          { $and: [visibleConsents(), { id: consentId, customerId }] } as FilterQuery<Consent>,
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        )
      : null;
    if (!consent) throw new NotFound('No consent with this id is yours; check the id.');
    return consent;
  }

  /** Tells the lifecycle workflow after a change; never fails the change (the workflow re-checks anyway). */
  private async wake(consentId: string, signal: ConsentLifecycleSignal): Promise<void> {
    if (!this.lifecycle.connected) return;
    await this.lifecycle
      .require()
      .signal(consentId, signal)
      .catch((error: unknown) =>
        this.logger.warn(
          `consent ${consentId}: signal ${signal} not delivered (${String(error)}); the workflow re-checks at its deadline`,
        ),
      );
  }

  /** The caller's transaction (a request's), or a new one for background work. */
  private inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const current = this.em.getContext() as EntityManager;
    return current.isInTransaction() ? work(current) : this.em.transactional(work);
  }
}

function requireTenant(): TenantRef {
  const { tenant } = requireContext();
  if (!tenant)
    throw new Error('Consents are tenant-owned: use them in a request for a tenant or runAsTenant()');
  return tenant;
}

/** The caller's `read Consent` abilities as a where-clause (no rule: no row). */
function visibleConsents(): FilterQuery<Consent> {
  return (accessibleWhere('read', 'Consent') ?? { id: null }) as FilterQuery<Consent>;
}

function localeOf(value: string | null | undefined, field: string): ConsentLocale {
  const locale = value ?? 'en';
  if (!isConsentLocale(locale)) {
    throw Invalid.fields([{ field, problem: `must be one of ${consentLocales.join(', ')}` }]);
  }
  return locale;
}

/** Checks a grant, collecting every problem; returns the text shown and the scope. */
function validGrant(input: GrantConsentInput): {
  text: ShownConsentText;
  dataCategories: ConsentDataCategory[];
} {
  const problems: FieldProblem[] = [];
  const purposeKnown = (consentPurposes as readonly string[]).includes(input.purpose);
  if (!purposeKnown)
    problems.push({ field: 'input.purpose', problem: `must be one of ${consentPurposes.join(', ')}` });
  // `bank-import` is recorded by the bank's import (`recordBankImport`), never given through a grant.
  const grantChannels = consentChannels.filter((channel) => channel !== 'bank-import');
  if (!(grantChannels as readonly string[]).includes(input.channel)) {
    problems.push({ field: 'channel', problem: `must be one of ${grantChannels.join(', ')}` });
  }
  const locale = input.locale ?? 'en';
  if (!isConsentLocale(locale)) {
    problems.push({ field: 'input.locale', problem: `must be one of ${consentLocales.join(', ')}` });
  }
  let text: ShownConsentText | undefined;
  if (purposeKnown && isConsentLocale(locale)) {
    const current = currentConsentText(input.purpose, locale);
    text = findConsentText(input.purpose, locale, input.textVersion);
    if (!text) {
      problems.push({
        field: 'input.textVersion',
        problem: `is not a version of the ${input.purpose} text; show the current one (${current.version}) and send its version`,
      });
    } else if (!text.current) {
      problems.push({
        field: 'input.textVersion',
        problem: `is outdated; show the current text (${current.version}) and ask again`,
      });
    } else if (input.textHash != null && input.textHash !== text.textHash) {
      problems.push({
        field: 'input.textHash',
        problem: sha256Hex.test(input.textHash)
          ? 'does not match the text of this version; show the text from consentTexts and ask again'
          : 'must be the lower-case hex SHA-256 of the text shown',
      });
    }
  }
  const categories = input.dataCategories ?? [...consentDataCategories];
  if (input.purpose !== 'aggregation' && input.dataCategories != null) {
    problems.push({ field: 'input.dataCategories', problem: 'applies to aggregation consents only' });
  } else if (
    categories.length === 0 ||
    categories.some((category) => !(consentDataCategories as readonly string[]).includes(category))
  ) {
    problems.push({
      field: 'input.dataCategories',
      problem: `must be a non-empty list of ${consentDataCategories.join(', ')}`,
    });
  }
  if (problems.length > 0 || !text) throw Invalid.fields(problems);
  return { text, dataCategories: [...new Set(categories)] as ConsentDataCategory[] };
}

/**
 * Proof of who acted and how, from the verified token of the request: subject, token id (`jti`),
 * authentication methods (`amr`) and time (`auth_time`), client, request id and channel — never the token.
 */
function proofOfRequest(channel: ConsentChannel, at: Date): Record<string, unknown> {
  const { principal, requestId } = requireContext();
  return {
    subject: principal?.subject ?? null,
    realm: principal?.realm ?? null,
    client: principal?.client ?? null,
    tokenId: principal?.authentication?.tokenId ?? null,
    authenticationMethods: [...(principal?.authentication?.amr ?? [])],
    authenticatedAt: principal?.authentication?.authenticatedAt?.toISOString() ?? null,
    channel,
    requestId,
    at: at.toISOString(),
  };
}

/** The channel a request came through, from the client its token was issued to. */
export function channelOfCaller(): ConsentChannel {
  const client = requireContext().principal?.client;
  if (client === 'finpersona-customer') return 'customer-app';
  if (client === 'finpersona-admin') return 'admin-portal';
  return 'api';
}

const summaryFields = [
  'id',
  'customerId',
  'purpose',
  'status',
  'textVersion',
  'channel',
  'grantedAt',
  'expiresAt',
  'renewalDueAt',
  'renewedAt',
  'revokedAt',
  'expiredAt',
  'createdAt',
] as const satisfies readonly (keyof ConsentSummary)[];

function summaryOf(consent: Consent): ConsentSummary {
  return Object.fromEntries(summaryFields.map((field) => [field, consent[field]])) as ConsentSummary;
}

const purposeWords: Record<ConsentPurpose, string> = {
  aggregation: 'reading your connected accounts',
  personalisation: 'personal insights',
  marketing: 'offers',
  analytics: 'product improvement',
};

function reminderText(purpose: ConsentPurpose, deadline: ConsentDeadline): string {
  const day = deadline.at.toISOString().slice(0, 10);
  return deadline.reason === 'renewal-missed'
    ? `Your consent to ${purposeWords[purpose]} needs renewing by ${day} (UTC). Renew it in Privacy & consents, or it stops then.`
    : `Your consent to ${purposeWords[purpose]} ends on ${day} (UTC). Give it again in Privacy & consents to continue.`;
}
