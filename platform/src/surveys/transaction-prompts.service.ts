import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { accessibleWhere } from '../access';
import { AuditService } from '../audit';
import { Consent, ConsentClock, ConsentsService, isConsentLive } from '../consents';
import { inTransaction } from '../database';
import { callerCustomerId } from '../customers';
import { CategorisationService, isCategoryId } from '../enrichment';
import { Conflict, type FieldProblem, Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import {
  type CandidateDebit,
  defaultPromptSettings,
  notableDebits,
  type PromptSettings,
} from './notable-transactions';
import { type PromptStats, promptStatsFigures } from './prompt-stats';
import { promptText } from './prompt-text';
import { SurveySettingsService } from './survey-settings.service';
import {
  type PromptAnswer,
  type PromptReason,
  TransactionPrompt,
  TransactionPromptSettingsRow,
} from './transaction-prompt.entities';

const DAY_MS = 86_400_000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A run's debits considered at most (a first sync of years of history prompts about none of it anyway). */
const maxCandidates = 500;

/**
 * An open prompt as the customer reads it: the question in words (in their language, `promptText`) and the
 * transaction it is about.
 */
export interface PromptRecord {
  prompt: TransactionPrompt;
  text: string;
  amountMinor: bigint;
  currency: string;
  bookingDate: string;
  merchant: string | null;
  category: string | null;
}

export interface PromptSettingsRecord extends PromptSettings {
  isDefault: boolean;
}

/**
 * Short prompts after notable transactions (README "Prompts after notable transactions"): created after a
 * sync for the run's customer (`createAfterSync`, from the worker's after-sync behaviour step, with the
 * recurring payments just recomputed), answered by the customer in-app; a "wrong category" answer goes
 * through the customer's own re-categorisation (so it becomes a training label). Staff set thresholds and
 * the weekly cap and read answer rates.
 */
@Injectable()
export class TransactionPromptsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly categorisation: CategorisationService,
    private readonly clock: ConsentClock,
    private readonly consents: ConsentsService,
    private readonly surveySettings: SurveySettingsService,
  ) {}

  /**
   * Creates the prompts a finished sync run calls for (current tenant, e.g. `runAsTenant`): only for a
   * customer with a live personalisation consent, within the bank's weekly cap, at most one per
   * transaction (a retried step creates nothing twice). Returns how many were created.
   */
  async createAfterSync(runId: string): Promise<number> {
    return this.em.transactional(async (em) => {
      const tenantId = requireContext().tenant!.id;
      const [run] = await em.execute<{ customer_id: string; started_at: string }[]>(
        `select c.customer_id, r.started_at from sync_run r
           join connection c on c.id = r.connection_id and c.tenant_id = r.tenant_id
          where r.tenant_id = ? and r.id = ?`,
        [tenantId, runId],
      );
      if (!run) return 0;
      const customerId = run.customer_id;
      const now = this.clock.now();
      const settings = await this.settingsRecord(em);
      if (!settings.enabled || settings.weeklyCap === 0) return 0;
      const [consent] = await em.find(
        Consent,
        { tenantId, customerId, purpose: 'personalisation' },
        { orderBy: { grantedAt: 'desc', id: 'desc' }, limit: 1 },
      );
      if (!consent || !isConsentLive(consent, now)) return 0;
      const recent = await em.count(TransactionPrompt, {
        tenantId,
        customerId,
        createdAt: { $gte: new Date(now.getTime() - 7 * DAY_MS) },
      });
      const room = settings.weeklyCap - recent;
      if (room <= 0) return 0;
      const runStart = new Date(run.started_at);
      const candidates = await em.execute<
        {
          id: string;
          amount_minor: string;
          currency: string;
          merchant: string | null;
          category: string | null;
        }[]
      >(
        `select t.id, t.amount_minor::text as amount_minor, t.currency,
                coalesce(t.merchant_display_name, t.merchant_name) as merchant, t.category
           from account_transaction t
          where t.tenant_id = ? and t.customer_id = ? and t.direction = 'debit' and t.created_at >= ?
            and not exists (select 1 from transaction_prompt p where p.tenant_id = t.tenant_id and p.transaction_id = t.id)
          order by t.booking_date desc, t.id
          limit ${maxCandidates}`,
        [tenantId, customerId, runStart],
      );
      if (candidates.length === 0) return 0;
      const medians = await em.execute<{ currency: string; median: number; count: string }[]>(
        `select currency, percentile_cont(0.5) within group (order by amount_minor) as median, count(*) as count
           from account_transaction
          where tenant_id = ? and customer_id = ? and direction = 'debit' and created_at < ?
          group by currency`,
        [tenantId, customerId, runStart],
      );
      const merchants = await em.execute<{ merchant: string }[]>(
        `select distinct lower(coalesce(merchant_display_name, merchant_name)) as merchant
           from account_transaction
          where tenant_id = ? and customer_id = ? and direction = 'debit' and created_at < ?
            and coalesce(merchant_display_name, merchant_name) is not null`,
        [tenantId, customerId, runStart],
      );
      const recurring = await em.execute<{ last_transaction_id: string }[]>(
        `select last_transaction_id from recurring_payment
          where tenant_id = ? and customer_id = ? and active and occurrences <= 3 and last_transaction_id is not null`,
        [tenantId, customerId],
      );
      const notable = notableDebits(
        candidates.map((row): CandidateDebit => ({
          id: row.id,
          amountMinor: BigInt(row.amount_minor),
          currency: row.currency.trim(),
          merchant: row.merchant,
          category: row.category,
        })),
        {
          medianByCurrency: new Map(
            medians.map((row) => [
              row.currency.trim(),
              { median: Number(row.median), count: Number(row.count) },
            ]),
          ),
          knownMerchants: new Set(merchants.map((row) => row.merchant)),
          newRecurringTransactionIds: new Set(recurring.map((row) => row.last_transaction_id)),
        },
        settings,
        room,
      );
      let created = 0;
      for (const found of notable) {
        const inserted = await em.execute<{ id: string }[]>(
          `insert into transaction_prompt (id, tenant_id, customer_id, transaction_id, reason, question)
           values (gen_random_uuid(), ?, ?, ?, ?, ?)
           on conflict (tenant_id, transaction_id) do nothing
           returning id`,
          [tenantId, customerId, found.transactionId, found.reason, found.question],
        );
        created += inserted.length;
      }
      return created;
    });
  }

  /** The signed-in customer's unanswered prompts, newest first, each with its question in words. */
  async openForCaller(): Promise<PromptRecord[]> {
    // In a transaction of its own outside a request (row-level security is set per transaction).
    return inTransaction(this.em, () => this.openForCallerIn());
  }

  private async openForCallerIn(): Promise<PromptRecord[]> {
    const em = this.context();
    const customerId = await callerCustomerId(em);
    const prompts = await em.find(
      TransactionPrompt,
      { $and: [this.visible(), { customerId, answer: null }] } as FilterQuery<TransactionPrompt>,
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
    return this.records(customerId, prompts);
  }

  /**
   * The customer's answer to one of their prompts: EXPECTED / UNEXPECTED to "was this expected?",
   * CATEGORY_RIGHT / CATEGORY_WRONG (with the right category) to "is this category right?". A wrong
   * category re-categorises the transaction as the customer would (a training label). NOT_FOUND for
   * another's prompt, CONFLICT when answered already, INVALID naming the bad field; nothing changes then.
   */
  async answer(promptId: string, answer: PromptAnswer, category: string | null): Promise<PromptRecord> {
    // One transaction (the request's, or its own): the answer, the re-categorisation and the audit entry
    // are stored together or not at all.
    return inTransaction(this.em, () => this.answerIn(promptId, answer, category));
  }

  private async answerIn(
    promptId: string,
    answer: PromptAnswer,
    category: string | null,
  ): Promise<PromptRecord> {
    const em = this.context();
    const customerId = await callerCustomerId(em);
    const prompt = uuid.test(promptId)
      ? await em.findOne(TransactionPrompt, {
          $and: [this.visible(), { customerId, id: promptId }],
        } as FilterQuery<TransactionPrompt>)
      : null;
    if (!prompt) throw new NotFound('No prompt with this id is yours; check the id.');
    if (prompt.answer !== null) throw new Conflict('You have already answered this prompt.');
    const problems: FieldProblem[] = [];
    const fits =
      prompt.question === 'expected'
        ? answer === 'expected' || answer === 'unexpected'
        : answer === 'category-right' || answer === 'category-wrong';
    if (!fits) {
      problems.push({
        field: 'input.answer',
        problem:
          prompt.question === 'expected'
            ? 'must be EXPECTED or UNEXPECTED for this prompt'
            : 'must be CATEGORY_RIGHT or CATEGORY_WRONG for this prompt',
      });
    }
    if (answer === 'category-wrong' && (category === null || !isCategoryId(category))) {
      problems.push({
        field: 'input.category',
        problem: 'must be the right category id (see the categories query)',
      });
    } else if (answer !== 'category-wrong' && category !== null) {
      problems.push({ field: 'input.category', problem: 'is only given with CATEGORY_WRONG' });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    Object.assign(prompt, { answer, answerCategory: category, answeredAt: this.clock.now() });
    await em.flush();
    if (answer === 'category-wrong')
      await this.categorisation.categoriseTransaction(prompt.transactionId, category!);
    await this.audit.record({
      action: 'transaction-prompt.answer',
      resourceType: 'transaction-prompt',
      resourceId: prompt.id,
      changes: { answer, category },
    });
    return (await this.records(customerId, [prompt]))[0]!;
  }

  async settings(): Promise<PromptSettingsRecord> {
    return this.settingsRecord(this.context());
  }

  /** Changes the bank's settings; INVALID naming every bad field (nothing changes then). */
  async updateSettings(
    input: Partial<{
      enabled: boolean;
      largeAmountMultiple: number;
      largeAmountMinMinor: string;
      weeklyCap: number;
    }>,
  ): Promise<PromptSettingsRecord> {
    const problems: FieldProblem[] = [];
    const current = await this.settings();
    const next: PromptSettings = { ...current };
    if (input.enabled != null) next.enabled = input.enabled;
    if (input.largeAmountMultiple != null) {
      if (
        !Number.isFinite(input.largeAmountMultiple) ||
        input.largeAmountMultiple < 1 ||
        input.largeAmountMultiple > 100
      ) {
        problems.push({ field: 'input.largeAmountMultiple', problem: 'must be a number 1-100' });
      } else next.largeAmountMultiple = input.largeAmountMultiple;
    }
    if (input.largeAmountMinMinor != null) {
      if (!/^[0-9]{1,15}$/.test(input.largeAmountMinMinor)) {
        problems.push({
          field: 'input.largeAmountMinMinor',
          problem: 'must be a whole number of minor units, 0 or more',
        });
      } else next.largeAmountMinMinor = BigInt(input.largeAmountMinMinor);
    }
    if (input.weeklyCap != null) {
      if (!Number.isInteger(input.weeklyCap) || input.weeklyCap < 0 || input.weeklyCap > 50) {
        problems.push({ field: 'input.weeklyCap', problem: 'must be a whole number 0-50 (0: no prompts)' });
      } else next.weeklyCap = input.weeklyCap;
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.context();
    const tenantId = requireContext().tenant!.id;
    await em.execute(
      `insert into transaction_prompt_settings (tenant_id, enabled, large_amount_multiple, large_amount_min_minor, weekly_cap)
       values (?, ?, ?, ?, ?)
       on conflict (tenant_id) do update set enabled = excluded.enabled,
         large_amount_multiple = excluded.large_amount_multiple,
         large_amount_min_minor = excluded.large_amount_min_minor,
         weekly_cap = excluded.weekly_cap, updated_at = now()`,
      [tenantId, next.enabled, next.largeAmountMultiple, next.largeAmountMinMinor.toString(), next.weeklyCap],
    );
    await this.audit.record({
      action: 'transaction-prompt-settings.update',
      resourceType: 'transaction-prompt-settings',
      resourceId: tenantId,
      changes: { ...next, largeAmountMinMinor: next.largeAmountMinMinor.toString() },
    });
    return { ...next, isDefault: false };
  }

  /**
   * Per reason: prompts created in `[from, to)`, how many were answered and how — each answer count held
   * to the bank's minimum audience of survey results (`surveySettings`, `promptStatsFigures`).
   */
  async stats(from: Date, to: Date): Promise<PromptStats[]> {
    const { minimumAudience } = await this.surveySettings.settings();
    const em = this.context();
    const window = [requireContext().tenant!.id, from, to];
    const counts = await em.execute<
      { reason: PromptReason; answer: PromptAnswer | null; prompts: string; customers: string }[]
    >(
      `select reason, answer, count(*) as prompts, count(distinct customer_id) as customers
         from transaction_prompt
        where tenant_id = ? and created_at >= ? and created_at < ?
        group by reason, answer`,
      window,
    );
    const respondents = await em.execute<{ reason: PromptReason; respondents: string }[]>(
      `select reason, count(distinct customer_id) as respondents from transaction_prompt
        where tenant_id = ? and created_at >= ? and created_at < ? and answer is not null
        group by reason`,
      window,
    );
    return promptStatsFigures(
      counts.map((row) => ({
        reason: row.reason,
        answer: row.answer,
        prompts: Number(row.prompts),
        customers: Number(row.customers),
      })),
      new Map(respondents.map((row) => [row.reason, Number(row.respondents)])),
      minimumAudience,
    );
  }

  /** The prompts (all of `customerId`) with their transactions and questions in the customer's language. */
  private async records(customerId: string, prompts: readonly TransactionPrompt[]): Promise<PromptRecord[]> {
    if (prompts.length === 0) return [];
    const locale = await this.consents.customerLocale(customerId);
    const rows = await this.context().execute<
      {
        id: string;
        amount_minor: string;
        currency: string;
        booking_date: string;
        merchant: string | null;
        category: string | null;
      }[]
    >(
      `select id, amount_minor::text as amount_minor, currency, booking_date::text as booking_date,
              coalesce(merchant_display_name, merchant_name) as merchant, category
         from account_transaction where tenant_id = ? and id = any(?::uuid[])`,
      [requireContext().tenant!.id, `{${prompts.map((prompt) => prompt.transactionId).join(',')}}`],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return prompts.flatMap((prompt) => {
      const row = byId.get(prompt.transactionId);
      if (!row) return [];
      const amount = BigInt(row.amount_minor);
      const currency = row.currency.trim();
      const text = promptText(
        {
          question: prompt.question,
          amountMinor: amount,
          currency,
          bookingDate: row.booking_date,
          merchant: row.merchant,
          category: row.category,
        },
        locale,
      );
      return [
        {
          prompt,
          text,
          amountMinor: amount,
          currency,
          bookingDate: row.booking_date,
          merchant: row.merchant,
          category: row.category,
        },
      ];
    });
  }

  private async settingsRecord(em: EntityManager): Promise<PromptSettingsRecord> {
    const row = await em.findOne(TransactionPromptSettingsRow, { tenantId: requireContext().tenant!.id });
    return row
      ? {
          enabled: row.enabled,
          largeAmountMultiple: row.largeAmountMultiple,
          largeAmountMinMinor: BigInt(row.largeAmountMinMinor),
          weeklyCap: row.weeklyCap,
          isDefault: false,
        }
      : { ...defaultPromptSettings, isDefault: true };
  }

  private visible(): FilterQuery<TransactionPrompt> {
    return (accessibleWhere('read', 'TransactionPrompt') ?? { id: null }) as FilterQuery<TransactionPrompt>;
  }

  private context(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}
