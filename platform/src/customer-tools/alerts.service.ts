import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { accessibleWhere } from '../access';
import { Account } from '../accounts';
import { AuditService, redactedChanges } from '../audit';
import { FieldEncryptionService } from '../crypto';
import { CustomerNotifier } from '../customer-notifier';
import {
  conditionMatches,
  loadCustomerRules,
  openTransactionTexts,
  prepareTransaction,
  type StoredTransactionText,
  storedTransactionTextColumns,
} from '../enrichment';
import { type FieldProblem, Invalid, NotFound } from '../errors';
import { localized, requireContext } from '../request-context';
import {
  type AlertDecision,
  type AlertLimits,
  decideAlertDeliveries,
  defaultAlertLimits,
  formatMinor,
  startOfUtcDay,
} from './alert-fatigue';
import { Budget } from './budget.entity';
import { BudgetsService } from './budgets.service';
import { type AlertKind, alertKinds, CustomerAlert } from './customer-alert.entity';
import { latestBalances } from './latest-balances';
import { findOwnTool, isUuid, ownToolWhere } from './own-rows';
import { checkCurrency, checkPositiveAmount } from './validation';

/** An alert as the customer reads it, with what it did so far. */
export interface AlertRecord {
  id: string;
  kind: AlertKind;
  accountId: string | null;
  budgetId: string | null;
  ruleId: string | null;
  thresholdMinor: bigint | null;
  currency: string | null;
  cooldownHours: number;
  enabled: boolean;
  lastSentAt: Date | null;
  sentCount: number;
  /** Occurrences held back against alert fatigue (cooldown or the daily cap): counted, never sent later. */
  suppressedCount: number;
  createdAt: Date;
}

export interface CreateAlert {
  kind: AlertKind;
  accountId?: string | null;
  budgetId?: string | null;
  thresholdMinor?: string | null;
  currency?: string | null;
  cooldownHours?: number | null;
}

export interface ChangeAlert {
  enabled?: boolean | null;
  cooldownHours?: number | null;
  thresholdMinor?: string | null;
}

/** One condition found true, with the text the customer gets. */
interface Occurrence {
  alertId: string;
  subjectRef: string;
  title: string;
  body: string;
}

export interface AlertEvaluation {
  customerId: string;
  sent: number;
  suppressed: { cooldown: number; dailyCap: number };
}

/** Longest cooldown a customer may set: 30 days. */
export const maxAlertCooldownHours = 720;
/** Transactions looked at per alert and evaluation (newest syncs rarely bring more large ones). */
const transactionsPerEvaluation = 50;

/**
 * Condition alerts the customer sets (issue 6, item 6): the customer's GraphQL (list, create, change,
 * delete) and their evaluation after a sync changed the customer's data (`evaluateAfterSync`, run by the
 * sync workflow's activity as the bank, off the source-call path). Each occurrence — a balance dipping
 * under its floor (once until it recovers), a budget over its amount (once per period), a large transaction
 * (once per transaction) — is recorded once (`customer_alert_firing`, unique per alert and subject) and
 * either sent through `CustomerNotifier` (purpose `service`) or suppressed against alert fatigue (the alert's
 * cooldown, the customer's daily cap: `defaultAlertLimits`), which is counted and shown.
 */
@Injectable()
export class AlertsService {
  /** The caps in force; tests and a future bank setting replace them. */
  limits: AlertLimits = defaultAlertLimits;

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly notifier: CustomerNotifier,
    private readonly budgets: BudgetsService,
    private readonly encryption: FieldEncryptionService,
  ) {}

  async listOwn(): Promise<AlertRecord[]> {
    const em = this.context();
    const { where } = await ownToolWhere<CustomerAlert>(em, 'read', 'CustomerAlert');
    const rows = await em.find(CustomerAlert, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return this.records(rows);
  }

  /**
   * INVALID naming each bad field (what a kind needs: `balance-below` an account and a threshold,
   * `budget-over` a budget, `transaction-above` a threshold and optionally an account); NOT_FOUND for an
   * account or budget that is not the caller's.
   */
  async create(input: CreateAlert): Promise<AlertRecord> {
    const problems: FieldProblem[] = [];
    const needs = {
      account: input.kind === 'balance-below',
      budget: input.kind === 'budget-over',
      threshold: input.kind !== 'budget-over',
    };
    if (!alertKinds.includes(input.kind))
      problems.push({
        field: 'input.kind',
        problem: localized({ en: 'is not an alert kind', sl: 'ni vrsta opozorila' }),
      });
    if (input.kind === 'rule-match')
      problems.push({
        field: 'input.kind',
        problem: localized({
          en: 'is set up by a rule: create a customer rule with action ALERT (createCustomerRule)',
          sl: 'se nastavi s pravilom: ustvarite pravilo z dejanjem ALERT (createCustomerRule)',
        }),
      });
    if (needs.account && !input.accountId)
      problems.push({ field: 'input.accountId', problem: localized(requiredForKind) });
    if (needs.budget && !input.budgetId)
      problems.push({ field: 'input.budgetId', problem: localized(requiredForKind) });
    if (!needs.budget && input.budgetId)
      problems.push({
        field: 'input.budgetId',
        problem: localized({ en: 'is only for budget-over', sl: 'velja samo za budget-over' }),
      });
    if (needs.budget && input.accountId)
      problems.push({ field: 'input.accountId', problem: localized(notForBudgetOver) });
    let threshold: bigint | null = null;
    let currency: string | null = null;
    if (needs.threshold) {
      if (input.thresholdMinor == null)
        problems.push({ field: 'input.thresholdMinor', problem: localized(requiredForKind) });
      else threshold = checkPositiveAmount(problems, 'input.thresholdMinor', input.thresholdMinor);
      if (input.currency == null)
        problems.push({ field: 'input.currency', problem: localized(requiredForKind) });
      else currency = checkCurrency(problems, 'input.currency', input.currency);
    } else {
      if (input.thresholdMinor != null)
        problems.push({ field: 'input.thresholdMinor', problem: localized(budgetIsTheLimit) });
      if (input.currency != null)
        problems.push({ field: 'input.currency', problem: localized(notForBudgetOver) });
    }
    const cooldownHours = input.cooldownHours ?? this.limits.defaultCooldownHours;
    checkCooldown(problems, cooldownHours);
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.context();
    const { customerId } = await ownToolWhere<CustomerAlert>(em, 'read', 'CustomerAlert');
    const account = input.accountId ? await this.ownAccount(customerId, input.accountId) : null;
    if (account && currency && account.currency !== currency) {
      throw Invalid.fields([
        {
          field: 'input.currency',
          problem: localized({
            en: `must be the account's currency (${account.currency})`,
            sl: `mora biti valuta računa (${account.currency})`,
          }),
        },
      ]);
    }
    const budget = input.budgetId
      ? await findOwnTool(em, Budget, 'Budget', 'read', input.budgetId, 'budget')
      : null;
    const alert = new CustomerAlert();
    Object.assign(alert, {
      id: randomUUID(),
      tenantId: requireContext().tenant!.id,
      customerId,
      kind: input.kind,
      accountId: account?.id ?? null,
      budgetId: budget?.id ?? null,
      thresholdMinor: threshold?.toString() ?? null,
      currency,
      cooldownHours,
    });
    em.persist(alert);
    await em.flush();
    await this.audit.record({
      action: 'alert.create',
      resourceType: 'alert',
      resourceId: alert.id,
      changes: redactedChanges({ kind: alert.kind, thresholdMinor: threshold, currency, cooldownHours }, [
        'kind',
        'currency',
        'cooldownHours',
      ]),
    });
    return (await this.records([alert]))[0]!;
  }

  async change(id: string, input: ChangeAlert): Promise<AlertRecord> {
    const problems: FieldProblem[] = [];
    if (input.cooldownHours != null) checkCooldown(problems, input.cooldownHours);
    const threshold =
      input.thresholdMinor == null
        ? null
        : checkPositiveAmount(problems, 'input.thresholdMinor', input.thresholdMinor);
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.context();
    const alert = await findOwnTool(em, CustomerAlert, 'CustomerAlert', 'update', id, 'alert');
    if (threshold !== null && alert.kind === 'budget-over') {
      throw Invalid.fields([{ field: 'input.thresholdMinor', problem: localized(budgetIsTheLimit) }]);
    }
    const changed: Record<string, unknown> = {};
    if (input.enabled != null && input.enabled !== alert.enabled)
      changed.enabled = alert.enabled = input.enabled;
    if (input.cooldownHours != null && input.cooldownHours !== alert.cooldownHours) {
      changed.cooldownHours = alert.cooldownHours = input.cooldownHours;
    }
    if (threshold !== null && threshold.toString() !== alert.thresholdMinor) {
      alert.thresholdMinor = threshold.toString();
      // A new floor is a new condition: a dip under it fires again.
      alert.armed = true;
      changed.thresholdMinor = threshold;
    }
    await em.flush();
    await this.audit.record({
      action: 'alert.update',
      resourceType: 'alert',
      resourceId: alert.id,
      changes: redactedChanges(changed, ['enabled', 'cooldownHours']),
    });
    return (await this.records([alert]))[0]!;
  }

  async delete(id: string): Promise<AlertRecord> {
    const em = this.context();
    const alert = await findOwnTool(em, CustomerAlert, 'CustomerAlert', 'delete', id, 'alert');
    if (alert.ruleId) {
      throw Invalid.fields([
        {
          field: 'id',
          problem: localized({
            en: 'belongs to a rule: delete the rule (deleteCustomerRule) or disable this alert',
            sl: 'pripada pravilu: izbrišite pravilo (deleteCustomerRule) ali izklopite to opozorilo',
          }),
        },
      ]);
    }
    const [record] = await this.records([alert]);
    em.remove(alert);
    await em.flush();
    await this.audit.record({
      action: 'alert.delete',
      resourceType: 'alert',
      resourceId: alert.id,
      changes: { kind: alert.kind },
    });
    return record!;
  }

  /**
   * After a sync run that changed data: evaluates the alerts of the run's customer. Runs as the run's bank
   * (`runAsTenant`), in a transaction of its own; null when the run is unknown here.
   */
  async evaluateAfterSync(runId: string, now = new Date()): Promise<AlertEvaluation | null> {
    return this.em.transactional(async (em) => {
      const [run] = await em.execute<{ customer_id: string }[]>(
        `select c.customer_id from sync_run r join connection c on c.id = r.connection_id and c.tenant_id = r.tenant_id
          where r.tenant_id = ? and r.id = ?`,
        [requireContext().tenant!.id, runId],
      );
      return run ? this.evaluateForCustomer(run.customer_id, now) : null;
    });
  }

  /** Evaluates one customer's enabled alerts now (current tenant, caller's or a new transaction). */
  async evaluateForCustomer(customerId: string, now = new Date()): Promise<AlertEvaluation> {
    const em = this.context();
    const tenantId = requireContext().tenant!.id;
    const alerts = await em.find(
      CustomerAlert,
      { tenantId, customerId, enabled: true },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const occurrences: Occurrence[] = [];
    const balances = await latestBalances(
      em,
      tenantId,
      alerts.filter((alert) => alert.kind === 'balance-below').map((alert) => alert.accountId!),
    );
    for (const alert of alerts.filter((item) => item.kind === 'balance-below')) {
      const balance = balances.get(alert.accountId!);
      if (!balance || balance.currency !== alert.currency) continue;
      const floor = BigInt(alert.thresholdMinor!);
      if (balance.amountMinor >= floor) {
        alert.armed = true;
      } else if (alert.armed) {
        alert.armed = false;
        occurrences.push({
          alertId: alert.id,
          subjectRef: `alert:${alert.id}:below:${balance.id}`,
          title: 'Balance below your alert',
          body: `Your account balance is ${formatMinor(balance.amountMinor, balance.currency)}, below the ${formatMinor(floor, balance.currency)} you set.`,
        });
      }
    }
    const budgetAlerts = alerts.filter((alert) => alert.kind === 'budget-over');
    if (budgetAlerts.length > 0) {
      const budgets = await em.find(Budget, {
        tenantId,
        id: { $in: budgetAlerts.map((alert) => alert.budgetId!) },
      });
      const progress = new Map(
        (await this.budgets.withProgress(budgets, now)).map((record) => [record.id, record]),
      );
      for (const alert of budgetAlerts) {
        const budget = progress.get(alert.budgetId!);
        if (budget?.progress.status !== 'OVER') continue;
        occurrences.push({
          alertId: alert.id,
          subjectRef: `alert:${alert.id}:over:${budget.progress.window.start}`,
          title: 'Budget exceeded',
          body: `You have spent ${formatMinor(budget.progress.spentMinor, budget.currency)} on ${budget.category} this month, over your budget of ${formatMinor(budget.amountMinor, budget.currency)}.`,
        });
      }
    }
    for (const alert of alerts.filter((item) => item.kind === 'transaction-above')) {
      const rows = await em.execute<{ id: string; amount_minor: string; direction: string }[]>(
        `select t.id, t.amount_minor::text as amount_minor, t.direction
           from account_transaction t
          where t.tenant_id = ? and t.customer_id = ? and t.currency = ? and t.amount_minor > ?
            and t.created_at >= ? and (?::uuid is null or t.account_id = ?::uuid)
            and not exists (select 1 from customer_alert_firing f
                             where f.tenant_id = t.tenant_id and f.alert_id = ?
                               and f.subject_ref = 'alert:' || ? || ':tx:' || t.id)
          order by t.booking_date, t.created_at, t.id
          limit ${transactionsPerEvaluation}`,
        [
          tenantId,
          customerId,
          alert.currency,
          alert.thresholdMinor,
          alert.createdAt,
          alert.accountId,
          alert.accountId,
          alert.id,
          alert.id,
        ],
      );
      for (const row of rows) {
        const amount = formatMinor(BigInt(row.amount_minor), alert.currency!);
        occurrences.push({
          alertId: alert.id,
          subjectRef: `alert:${alert.id}:tx:${row.id}`,
          title: 'Large transaction',
          body: `A ${row.direction === 'debit' ? 'payment' : 'credit'} of ${amount} went through, above the ${formatMinor(BigInt(alert.thresholdMinor!), alert.currency!)} you set.`,
        });
      }
    }
    occurrences.push(
      ...(await this.ruleMatches(
        em,
        customerId,
        alerts.filter((item) => item.kind === 'rule-match'),
      )),
    );
    const [sentToday] = await em.execute<{ n: string }[]>(
      `select count(*) as n from customer_alert_firing
        where tenant_id = ? and customer_id = ? and outcome = 'sent' and fired_at >= ?`,
      [tenantId, customerId, startOfUtcDay(now)],
    );
    const decisions = decideAlertDeliveries({
      occurrences,
      alerts: new Map(alerts.map((alert) => [alert.id, alert])),
      sentToday: Number(sentToday!.n),
      limits: this.limits,
      now,
    });
    const evaluation: AlertEvaluation = { customerId, sent: 0, suppressed: { cooldown: 0, dailyCap: 0 } };
    const byId = new Map(alerts.map((alert) => [alert.id, alert]));
    for (const { occurrence, decision } of decisions) {
      // Once per occurrence whatever re-runs: the firing row is the claim.
      const claimed = await em.execute<{ id: string }[]>(
        `insert into customer_alert_firing (id, tenant_id, customer_id, alert_id, subject_ref, outcome, fired_at)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict on constraint customer_alert_firing_once do nothing returning id`,
        [randomUUID(), tenantId, customerId, occurrence.alertId, occurrence.subjectRef, decision, now],
      );
      if (claimed.length === 0) continue;
      count(evaluation, decision);
      if (decision !== 'sent') continue;
      const alert = byId.get(occurrence.alertId)!;
      alert.lastSentAt = now;
      await this.notifier.send({
        customerId,
        kind: `alert.${alert.kind}`,
        subjectRef: occurrence.subjectRef,
        title: occurrence.title,
        body: occurrence.body,
        importance: 'normal',
        purpose: 'service',
      });
    }
    await em.flush();
    if (decisions.length > 0) {
      await this.audit.record({
        action: 'alert.evaluate',
        resourceType: 'customer',
        resourceId: customerId,
        changes: {
          sent: evaluation.sent,
          suppressedCooldown: evaluation.suppressed.cooldown,
          suppressedDailyCap: evaluation.suppressed.dailyCap,
        },
      });
    }
    return evaluation;
  }

  /**
   * Occurrences of `rule-match` alerts: the customer's transactions stored since the alert was made and not
   * yet acted on for it, whose decrypted text meets the rule's conditions (one key look-up per alert).
   */
  private async ruleMatches(
    em: EntityManager,
    customerId: string,
    alerts: readonly CustomerAlert[],
  ): Promise<Occurrence[]> {
    if (alerts.length === 0) return [];
    const tenantId = requireContext().tenant!.id;
    const rules = new Map(
      (await loadCustomerRules(em, this.encryption, tenantId, customerId, 'alert')).map((rule) => [
        rule.id,
        rule,
      ]),
    );
    const occurrences: Occurrence[] = [];
    for (const alert of alerts) {
      const rule = rules.get(alert.ruleId!);
      if (!rule) continue;
      const rows = await em.execute<StoredTransactionText[]>(
        `select ${storedTransactionTextColumns}
           from account_transaction t
          where t.tenant_id = ? and t.customer_id = ? and t.created_at >= ?
            and not exists (select 1 from customer_alert_firing f
                             where f.tenant_id = t.tenant_id and f.alert_id = ?
                               and f.subject_ref = 'alert:' || ? || ':tx:' || t.id)
          order by t.booking_date, t.created_at, t.id
          limit ${transactionsPerEvaluation}`,
        [tenantId, customerId, alert.createdAt, alert.id, alert.id],
      );
      for (const row of await openTransactionTexts(this.encryption, rows)) {
        if (!conditionMatches(rule.conditions, prepareTransaction(row.transaction))) continue;
        const amount = formatMinor(BigInt(row.transaction.amountMinor), row.transaction.currency);
        occurrences.push({
          alertId: alert.id,
          subjectRef: `alert:${alert.id}:tx:${row.id}`,
          title: 'Your rule matched',
          body: `A ${row.transaction.direction === 'debit' ? 'payment' : 'credit'} of ${amount} on ${row.bookingDate} matched one of your rules.`,
        });
      }
    }
    return occurrences;
  }

  private async ownAccount(customerId: string, accountId: string): Promise<Account> {
    const visible = (accessibleWhere('read', 'Account') ?? { id: null }) as FilterQuery<Account>;
    const account = isUuid(accountId)
      ? await this.context().findOne(Account, {
          $and: [visible, { customerId, id: accountId }],
        } as FilterQuery<Account>)
      : null;
    if (!account) throw new NotFound('No account with this id is yours; check the account id.');
    return account;
  }

  private async records(alerts: readonly CustomerAlert[]): Promise<AlertRecord[]> {
    if (alerts.length === 0) return [];
    const counts = await this.context().execute<{ alert_id: string; sent: string; suppressed: string }[]>(
      `select alert_id, count(*) filter (where outcome = 'sent') as sent,
              count(*) filter (where outcome <> 'sent') as suppressed
         from customer_alert_firing
        where tenant_id = ? and alert_id in (${alerts.map(() => '?').join(', ')})
        group by alert_id`,
      [requireContext().tenant!.id, ...alerts.map((alert) => alert.id)],
    );
    const countOf = new Map(counts.map((row) => [row.alert_id, row]));
    return alerts.map((alert) => ({
      id: alert.id,
      kind: alert.kind,
      accountId: alert.accountId,
      budgetId: alert.budgetId,
      ruleId: alert.ruleId,
      thresholdMinor: alert.thresholdMinor === null ? null : BigInt(alert.thresholdMinor),
      currency: alert.currency,
      cooldownHours: alert.cooldownHours,
      enabled: alert.enabled,
      lastSentAt: alert.lastSentAt,
      sentCount: Number(countOf.get(alert.id)?.sent ?? 0),
      suppressedCount: Number(countOf.get(alert.id)?.suppressed ?? 0),
      createdAt: alert.createdAt,
    }));
  }

  private context(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}

const requiredForKind = { en: 'is required for this kind', sl: 'je obvezno za to vrsto opozorila' };
const notForBudgetOver = { en: 'is not for budget-over', sl: 'ne velja za budget-over' };
const budgetIsTheLimit = {
  en: 'is not for budget-over (the budget is the limit)',
  sl: 'ne velja za budget-over (meja je proračun)',
};

function checkCooldown(problems: FieldProblem[], hours: number): void {
  if (!Number.isInteger(hours) || hours < 0 || hours > maxAlertCooldownHours) {
    problems.push({
      field: 'input.cooldownHours',
      problem: localized({
        en: `must be a whole number of hours 0-${maxAlertCooldownHours}`,
        sl: `mora biti celo število ur od 0 do ${maxAlertCooldownHours}`,
      }),
    });
  }
}

function count(evaluation: AlertEvaluation, decision: AlertDecision): void {
  if (decision === 'sent') evaluation.sent += 1;
  else if (decision === 'cooldown') evaluation.suppressed.cooldown += 1;
  else evaluation.suppressed.dailyCap += 1;
}
