import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import type { TensorflowPreference } from '@finpersona/plugin-sdk/tensorflow';
import { AuditService } from '../audit';
import { FieldEncryptionService } from '../crypto';
import { callerCustomerId } from '../customers';
import { Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import { type CategoryDecision, Categoriser } from './categorise';
import { bankRuleOf } from './category-rules.service';
import {
  type ClassifierArtefact,
  CategoryClassifier,
  maxTrainingExamples,
  trainCategoryClassifier,
  type TrainingExample,
} from './classifier';
import { type CompiledCustomerRule, firstMatchingCustomerRule, loadCustomerRules } from './customer-rules';
import { type CategorisableTransaction, type CategoryRuleConditions, prepareTransaction } from './rules';
import { counterpartyText, openTransactionTexts, type StoredTransactionText } from './stored-transactions';
import { type CategoryId, type CategorySource, isCategoryId } from './taxonomy';

/** Rule and MCC results from this confidence up are training labels (the generic "transfer" rules are not). */
export const trainingLabelMinConfidence = 0.8;
/** A customer's own choice counts this many times in training. */
export const customerLabelWeight = 3;
/** Fewest labelled examples a training run needs (fewer: nothing worth learning, the run is refused). */
export const minTrainingExamples = 20;

export interface CategoryModelSummary {
  id: string;
  classes: readonly CategoryId[];
  examples: number;
  customerLabels: number;
  backend: string;
  trainingMs: number;
  trainedBy: string;
  trainedAt: Date;
}

export interface TrainingOutcome {
  trained: boolean;
  /** Why nothing was trained (null when trained). */
  reason: string | null;
  /** The bank's model in use after the run (null: none yet). */
  model: CategoryModelSummary | null;
}

export interface TransactionCategory {
  transactionId: string;
  category: CategoryId;
  categorySource: CategorySource;
  categoryConfidence: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a categoriser sees of a transaction as a source sends it (ingestion and the evaluation alike). */
export function categorisableTransaction(transaction: SourceTransaction): CategorisableTransaction {
  return {
    description: transaction.description ?? null,
    counterparty: counterpartyText(transaction.counterparty),
    merchantName: transaction.merchant?.name ?? null,
    mcc: transaction.merchant?.mcc ?? null,
    amountMinor: Number(transaction.amount.minor),
    currency: transaction.amount.currency,
    direction: transaction.direction,
    sourceCode: transaction.sourceCode ?? null,
  };
}

interface CachedCategoriser {
  key: string;
  categoriser: Categoriser;
}

interface CachedCustomerRules {
  key: string;
  rules: CompiledCustomerRule[];
}

/** Customers whose compiled rules one process keeps (a bounded cache: past it, it starts over). */
const maxCachedCustomers = 10_000;

/** A decision at ingest: the bank's categoriser's, or a customer rule's (then `source` is `customer`). */
export interface IngestCategoryDecision {
  readonly category: CategoryId;
  readonly source: CategorySource;
  readonly confidence: number;
  /** The customer rule that set it (null: the categoriser decided). */
  readonly ruleId: string | null;
}

/**
 * Categorisation for the current bank (request context or `runAsTenant`):
 * - `categorise(em, rows)`: the decisions for a batch being ingested (`IngestService`), with the bank's
 *   categoriser cached in this process per tenant and rebuilt only when its rules or model changed
 *   (one small query per batch finds out);
 * - `retrain()`: trains the bank's classifier on its labelled transactions and stores it (audited);
 * - `categoriseTransaction()`: a customer's own choice for one of their transactions, effective at once
 *   and kept as a training label (audited); never overwritten by a later sync or model.
 */
@Injectable()
export class CategorisationService {
  private readonly cache = new Map<string, CachedCategoriser>();
  private readonly customerRuleCache = new Map<string, CachedCustomerRules>();

  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
  ) {}

  /** The decision for each row, in order (null: nothing decided it; see `Categoriser`). */
  async categorise(
    em: EntityManager,
    rows: readonly CategorisableTransaction[],
  ): Promise<(CategoryDecision | null)[]> {
    if (rows.length === 0) return [];
    const categoriser = await this.categoriserFor(em);
    return rows.map((row) => categoriser.categorise(row));
  }

  /**
   * The decisions for a batch of one customer's transactions being ingested: the bank's categoriser, then
   * the customer's own `set-category` rules over its answer (the first matching rule, oldest first, wins;
   * its category is stored as the customer's choice, `customer` with confidence 1, and the rule id kept).
   * The customer's rules are compiled once and cached per customer until they change (one small query per
   * batch finds out), so a sync run of many pages opens them once.
   */
  async categoriseForCustomer(
    em: EntityManager,
    rows: readonly CategorisableTransaction[],
    customerId: string,
  ): Promise<(IngestCategoryDecision | null)[]> {
    if (rows.length === 0) return [];
    const decisions = await this.categorise(em, rows);
    const rules = await this.customerRulesFor(em, customerId);
    return rows.map((row, index) => {
      const decision = decisions[index] ?? null;
      if (rules.length > 0) {
        const prepared = prepareTransaction({ ...row, category: decision?.category ?? null });
        const rule = firstMatchingCustomerRule(rules, prepared);
        if (rule) return { category: rule.category!, source: 'customer', confidence: 1, ruleId: rule.id };
      }
      return decision ? { ...decision, ruleId: null } : null;
    });
  }

  /** The customer's enabled `set-category` rules, from the cache unless they changed. */
  private async customerRulesFor(em: EntityManager, customerId: string): Promise<CompiledCustomerRule[]> {
    const tenantId = this.tenantId();
    const [state] = await em.execute<{ rules: string }[]>(
      `select count(*) || '@' || coalesce(max(updated_at)::text, '') as rules from customer_rule
        where tenant_id = ? and customer_id = ? and action = 'set-category' and enabled`,
      [tenantId, customerId],
    );
    const cacheKey = `${tenantId}:${customerId}`;
    const cached = this.customerRuleCache.get(cacheKey);
    if (cached?.key === state!.rules) return cached.rules;
    const rules = state!.rules.startsWith('0@')
      ? []
      : await loadCustomerRules(em, this.encryption, tenantId, customerId, 'set-category');
    if (this.customerRuleCache.size >= maxCachedCustomers) this.customerRuleCache.clear();
    this.customerRuleCache.set(cacheKey, { key: state!.rules, rules });
    return rules;
  }

  /** The current bank's categoriser, from the cache unless its rules or model changed. */
  async categoriserFor(em: EntityManager): Promise<Categoriser> {
    const tenantId = this.tenantId();
    const [state] = await em.execute<{ rules: string; model: string | null }[]>(
      `select (select count(*) || '@' || coalesce(max(updated_at)::text, '') from category_rule where tenant_id = ?) as rules,
              (select id::text from category_model where tenant_id = ? order by trained_at desc, id desc limit 1) as model`,
      [tenantId, tenantId],
    );
    const key = `${state!.rules}|${state!.model ?? ''}`;
    const cached = this.cache.get(tenantId);
    if (cached?.key === key) return cached.categoriser;
    const rules = await em.execute<
      { id: string; priority: number; category: string; conditions: CategoryRuleConditions }[]
    >(`select id, priority, category, conditions from category_rule where tenant_id = ? and enabled`, [
      tenantId,
    ]);
    const [model] = state!.model
      ? await em.execute<{ artefact: ClassifierArtefact }[]>(
          `select artefact from category_model where id = ?`,
          [state!.model],
        )
      : [];
    const categoriser = Categoriser.for({
      bankRules: rules.map(bankRuleOf),
      classifier: model ? CategoryClassifier.fromArtefact(model.artefact) : null,
    });
    this.cache.set(tenantId, { key, categoriser });
    return categoriser;
  }

  /** The current bank's latest classifier, or null before its first training. */
  async latestModel(): Promise<CategoryModelSummary | null> {
    const [row] = await this.em.execute<ModelRow[]>(
      `select ${modelColumns} from category_model where tenant_id = ? order by trained_at desc, id desc limit 1`,
      [this.tenantId()],
    );
    return row ? summaryOf(row) : null;
  }

  /**
   * Trains the bank's classifier on its labelled transactions — rule and MCC results from
   * `trainingLabelMinConfidence` up, and customers' own choices counted `customerLabelWeight` times, the
   * most recent `maxTrainingExamples` — and stores it as the bank's model (used from the next
   * categorisation on). With too little to learn from, nothing is trained and the reason says so (the
   * bank's model in use, if any, stays). Audited `category-model.train` either way.
   */
  async retrain(options: { backend?: TensorflowPreference } = {}): Promise<TrainingOutcome> {
    const tenantId = this.tenantId();
    const examples = await this.trainingExamples(tenantId);
    const distinct = new Set(examples.map((example) => example.category));
    const customerLabels = examples.filter((example) => example.weight > 1).length;
    if (examples.length < minTrainingExamples || distinct.size < 2) {
      const reason = `Too little to learn from: ${examples.length} labelled transactions in ${distinct.size} categories (needs ${minTrainingExamples} in 2 or more); sync more data or add rules, then retrain.`;
      await this.audit.record({
        action: 'category-model.train',
        resourceType: 'category-model',
        changes: { trained: false, examples: examples.length, categories: distinct.size, customerLabels },
      });
      return { trained: false, reason, model: await this.latestModel() };
    }
    const trained = await trainCategoryClassifier(examples, { backend: options.backend ?? 'auto' });
    if (!trained) throw new Error('training found fewer than two categories after weighting');
    const id = randomUUID();
    const trainedBy = requireContext().principal?.subject ?? 'system';
    return this.em.transactional(async (em) => {
      const [row] = await em.execute<ModelRow[]>(
        `insert into category_model (id, tenant_id, artefact, classes, examples, customer_labels, backend, training_ms, trained_by)
         values (?, ?, ?::jsonb, ?::text[], ?, ?, ?, ?, ?)
         returning ${modelColumns}`,
        [
          id,
          tenantId,
          JSON.stringify(trained.artefact),
          `{${trained.artefact.classes.join(',')}}`,
          trained.examples,
          customerLabels,
          trained.backend,
          trained.milliseconds,
          trainedBy,
        ],
      );
      const summary = summaryOf(row!);
      await this.audit.record({
        action: 'category-model.train',
        resourceType: 'category-model',
        resourceId: id,
        changes: {
          trained: true,
          classes: [...summary.classes],
          examples: summary.examples,
          customerLabels,
          backend: summary.backend,
          trainingMs: summary.trainingMs,
        },
      });
      return { trained: true, reason: null, model: summary };
    });
  }

  /**
   * The signed-in customer sets the category of one of their transactions: stored at once on the row
   * (`customer`, confidence 1) and as a training label with what the platform had said before. Another
   * customer's, another bank's or nobody's transaction is the same NOT_FOUND.
   */
  async categoriseTransaction(transactionId: string, category: string): Promise<TransactionCategory> {
    if (!isCategoryId(category)) {
      throw Invalid.fields([
        { field: 'category', problem: 'must be a category id of the taxonomy (see the categories query)' },
      ]);
    }
    return this.em.transactional(async (em) => {
      const customerId = await callerCustomerId(em);
      const tenantId = this.tenantId();
      const [row] = uuid.test(transactionId)
        ? await em.execute<{ category: string | null; category_source: string | null }[]>(
            `select category, category_source from account_transaction
              where id = ? and tenant_id = ? and customer_id = ? for update`,
            [transactionId, tenantId, customerId],
          )
        : [];
      if (!row) throw new NotFound('No transaction with this id is yours; check the id.');
      await em.execute(
        `update account_transaction
            set category = ?, category_source = 'customer', category_confidence = 1, category_rule_id = null,
                updated_at = now()
          where id = ?`,
        [category, transactionId],
      );
      // The first re-categorisation keeps what the platform had said; a later one only moves the choice.
      await em.execute(
        `insert into category_label (id, tenant_id, customer_id, transaction_id, category, previous_category, previous_source)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (transaction_id) do update set category = excluded.category, updated_at = now()`,
        [randomUUID(), tenantId, customerId, transactionId, category, row.category, row.category_source],
      );
      await this.audit.record({
        action: 'transaction.categorise',
        resourceType: 'transaction',
        resourceId: transactionId,
        changes: { category, previousCategory: row.category, previousSource: row.category_source },
      });
      return { transactionId, category, categorySource: 'customer', categoryConfidence: 1 };
    });
  }

  /** Labelled transactions of the current bank, oldest first, their personal text decrypted. */
  private async trainingExamples(tenantId: string): Promise<TrainingExample[]> {
    const rows = await this.em.transactional((em) =>
      em.execute<TrainingRow[]>(
        `select * from (
           select t.id, t.description_enc, t.counterparty_enc, t.merchant_name, t.mcc, t.amount_minor, t.currency,
                  t.direction, t.booking_date, coalesce(l.category, t.category) as label, (l.id is not null) as by_customer
             from account_transaction t left join category_label l on l.transaction_id = t.id
            where t.tenant_id = ?
              and (l.id is not null or (t.category_source in ('rule', 'mcc') and t.category_confidence >= ?))
            order by t.booking_date desc, t.id desc
            limit ?
         ) recent order by booking_date, id`,
        [tenantId, trainingLabelMinConfidence, maxTrainingExamples],
      ),
    );
    const opened = await openTransactionTexts(
      this.encryption,
      rows.map((row) => ({
        ...row,
        account_id: '',
        source_code: null,
        category: null,
        category_source: null,
        category_rule_id: null,
      })),
    );
    return rows.flatMap((row, index) => {
      if (!isCategoryId(row.label)) return [];
      return [
        {
          transaction: opened[index]!.transaction,
          category: row.label,
          weight: row.by_customer ? customerLabelWeight : 1,
        },
      ];
    });
  }

  private tenantId(): string {
    const tenant = requireContext().tenant;
    if (!tenant)
      throw new Error('Categorisation is per bank: run it in a request of a bank or runAsTenant()');
    return tenant.id;
  }
}

/** A labelled transaction as read for training (the text columns as `openTransactionTexts` reads them). */
interface TrainingRow extends Pick<
  StoredTransactionText,
  | 'id'
  | 'description_enc'
  | 'counterparty_enc'
  | 'merchant_name'
  | 'mcc'
  | 'amount_minor'
  | 'currency'
  | 'direction'
  | 'booking_date'
> {
  label: string;
  by_customer: boolean;
}

const modelColumns = 'id, classes, examples, customer_labels, backend, training_ms, trained_by, trained_at';

interface ModelRow {
  id: string;
  classes: string[];
  examples: number;
  customer_labels: number;
  backend: string;
  training_ms: number;
  trained_by: string;
  trained_at: string | Date;
}

function summaryOf(row: ModelRow): CategoryModelSummary {
  return {
    id: row.id,
    classes: row.classes.filter(isCategoryId),
    examples: row.examples,
    customerLabels: row.customer_labels,
    backend: row.backend,
    trainingMs: row.training_ms,
    trainedBy: row.trained_by,
    // Raw SQL returns timestamps as strings.
    trainedAt: new Date(row.trained_at),
  };
}
