import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService, redactedChanges } from '../audit';
import { Conflict, type FieldProblem, Invalid } from '../errors';
import { categoryLabel } from '../enrichment';
import { localized, requireContext } from '../request-context';
import { Budget } from './budget.entity';
import { findOwnTool, ownToolWhere } from './own-rows';
import { type BudgetPeriod, type BudgetProgress, budgetProgress, periodWindow } from './progress';
import { checkCurrency, checkPositiveAmount, checkSpendingCategory } from './validation';

/** A budget with its progress in the current period: what the customer reads. */
export interface BudgetRecord {
  id: string;
  category: string;
  period: BudgetPeriod;
  amountMinor: bigint;
  currency: string;
  progress: BudgetProgress;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateBudget {
  category: string;
  period: BudgetPeriod;
  amountMinor: string;
  currency: string;
}

/** Absent fields stay as they are. */
export interface ChangeBudget {
  amountMinor?: string | null;
  currency?: string | null;
}

/** Audit values that say nothing about the person (a category and a currency); amounts stay redacted. */
const clearFields = ['category', 'period', 'currency'];

/**
 * The signed-in customer's budgets (one per spending category and period). Spent = the customer's
 * **booked debits** in the budget's category and currency with a booking date in the current period (UTC):
 * pending transactions are left out because a source may book them again under another id, which would
 * count them twice; refunds are income (`refunds`), so they do not lower what was spent.
 */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** The caller's budgets, oldest first, each with its progress today. */
  async listOwn(today = new Date()): Promise<BudgetRecord[]> {
    const em = this.context();
    const { where } = await ownToolWhere<Budget>(em, 'read', 'Budget');
    const rows = await em.find(Budget, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return this.withProgress(rows, today);
  }

  /** INVALID naming every bad field; CONFLICT when the caller has a budget for the category already. */
  async create(input: CreateBudget, today = new Date()): Promise<BudgetRecord> {
    const problems: FieldProblem[] = [];
    const category = checkSpendingCategory(problems, 'input.category', input.category);
    const amount = checkPositiveAmount(problems, 'input.amountMinor', input.amountMinor);
    const currency = checkCurrency(problems, 'input.currency', input.currency);
    if (problems.length > 0 || !category || amount === null || !currency) throw Invalid.fields(problems);
    const em = this.context();
    const { customerId } = await ownToolWhere<Budget>(em, 'read', 'Budget');
    const tenant = requireContext().tenant!;
    const id = randomUUID();
    // One budget per category and period: the unique constraint decides, so two racing creates cannot both win.
    const inserted = await em.execute<{ id: string }[]>(
      `insert into budget (id, tenant_id, customer_id, category, period, amount_minor, currency)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict on constraint budget_one_per_category do nothing
       returning id`,
      [id, tenant.id, customerId, category, input.period, amount.toString(), currency],
    );
    if (inserted.length === 0) {
      throw new Conflict(
        localized({
          en: `You already have a ${input.period} budget for ${category}; change its amount instead of adding another.`,
          // Budgets are monthly only (BudgetPeriod).
          sl: `Za kategorijo »${categoryLabel(category, 'sl')}« že imate mesečni proračun; namesto novega spremenite njegov znesek.`,
        }),
      );
    }
    await this.audit.record({
      action: 'budget.create',
      resourceType: 'budget',
      resourceId: id,
      changes: redactedChanges(
        { category, period: input.period, amountMinor: amount, currency },
        clearFields,
      ),
    });
    const row = await findOwnTool(em, Budget, 'Budget', 'read', id, 'budget');
    return (await this.withProgress([row], today))[0]!;
  }

  /** Changes the amount and/or currency of one of the caller's budgets; NOT_FOUND for any other id. */
  async change(id: string, input: ChangeBudget, today = new Date()): Promise<BudgetRecord> {
    const problems: FieldProblem[] = [];
    const amount =
      input.amountMinor == null
        ? null
        : checkPositiveAmount(problems, 'input.amountMinor', input.amountMinor);
    const currency =
      input.currency == null ? null : checkCurrency(problems, 'input.currency', input.currency);
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.context();
    const row = await findOwnTool(em, Budget, 'Budget', 'update', id, 'budget');
    const changed: Record<string, unknown> = {};
    if (amount !== null && amount.toString() !== row.amountMinor) {
      row.amountMinor = amount.toString();
      changed.amountMinor = amount;
    }
    if (currency !== null && currency !== row.currency) {
      row.currency = currency;
      changed.currency = currency;
    }
    await em.flush();
    await this.audit.record({
      action: 'budget.update',
      resourceType: 'budget',
      resourceId: row.id,
      changes: redactedChanges(changed, clearFields),
    });
    return (await this.withProgress([row], today))[0]!;
  }

  /** Deletes one of the caller's budgets and returns it as it was; NOT_FOUND for any other id. */
  async delete(id: string, today = new Date()): Promise<BudgetRecord> {
    const em = this.context();
    const row = await findOwnTool(em, Budget, 'Budget', 'delete', id, 'budget');
    const [record] = await this.withProgress([row], today);
    em.remove(row);
    await em.flush();
    await this.audit.record({
      action: 'budget.delete',
      resourceType: 'budget',
      resourceId: row.id,
      changes: redactedChanges({ category: row.category, period: row.period }, clearFields),
    });
    return record!;
  }

  /**
   * Progress of `rows` (budgets of the current tenant, read by the caller) in their current period: one
   * query sums the booked debits per budget over its customer's transactions in the period. Also used by
   * alert evaluation (background, no signed-in customer).
   */
  async withProgress(rows: readonly Budget[], today: Date): Promise<BudgetRecord[]> {
    if (rows.length === 0) return [];
    const em = this.context();
    const tenant = requireContext().tenant!;
    // Every budget is monthly today, so one window serves all; a second period type needs one per row.
    const window = periodWindow(rows[0]!.period, today);
    const spent = await em.execute<{ id: string; spent: string }[]>(
      `select b.id, coalesce(sum(t.amount_minor), 0)::text as spent
         from budget b
         left join account_transaction t
           on t.tenant_id = b.tenant_id and t.customer_id = b.customer_id
          and t.category = b.category and t.currency = b.currency
          and t.direction = 'debit' and t.status = 'booked'
          and t.booking_date >= ?::date and t.booking_date < ?::date
        where b.tenant_id = ? and b.id in (${rows.map(() => '?').join(', ')})
        group by b.id`,
      [window.start, window.end, tenant.id, ...rows.map((row) => row.id)],
    );
    const spentById = new Map(spent.map((row) => [row.id, BigInt(row.spent)]));
    return rows.map((row) => ({
      id: row.id,
      category: row.category,
      period: row.period,
      amountMinor: BigInt(row.amountMinor),
      currency: row.currency,
      progress: budgetProgress({
        amountMinor: BigInt(row.amountMinor),
        spentMinor: spentById.get(row.id) ?? 0n,
        window,
      }),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }

  private context(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}
