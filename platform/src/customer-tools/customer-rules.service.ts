import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit';
import { FieldEncryptionService } from '../crypto';
import {
  conditionMatches,
  conditionProblems,
  isCategoryId,
  openCustomerRules,
  openTransactionTexts,
  prepareTransaction,
  type RuleCondition,
  sealRuleConditions,
  type StoredTransactionText,
  storedTransactionTextColumns,
} from '../enrichment';
import { type FieldProblem, Invalid } from '../errors';
import { localized, requireContext } from '../request-context';
import { defaultAlertLimits } from './alert-fatigue';
import { CustomerAlert } from './customer-alert.entity';
import { type CustomerRuleAction, CustomerRule } from './customer-rule.entity';
import { findOwnTool, ownToolWhere } from './own-rows';

/** Most rules one customer may have (each runs over every new transaction of theirs). */
export const maxRulesPerCustomer = 50;
/** Most recent transactions `applyToPast` looks at (newest first): a bounded, predictable request. */
export const maxPastTransactions = 5_000;

/** A customer rule as the customer reads it. */
export interface CustomerRuleRecord {
  id: string;
  action: CustomerRuleAction;
  category: string | null;
  conditions: RuleCondition;
  enabled: boolean;
  /** The `rule-match` alert of an `alert` rule (its cooldown and counts are the alert's). */
  alertId: string | null;
  /** Whether it was accepted from a suggestion. */
  fromSuggestion: boolean;
  /** Transactions whose category it set (at sync or applied to the past), as stored now. */
  appliedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateCustomerRule {
  action: CustomerRuleAction;
  category?: string | null;
  conditions: RuleCondition;
  enabled?: boolean | null;
}

export interface ChangeCustomerRule {
  category?: string | null;
  conditions?: RuleCondition | null;
  enabled?: boolean | null;
}

export interface PastApplication {
  rule: CustomerRuleRecord;
  /** Transactions looked at (the customer's newest, at most `maxPastTransactions`). */
  examined: number;
  /** Of those, how many met the conditions (the customer's manual choices are never changed). */
  matched: number;
  /** How many changed category (or the rule that set it). */
  changed: number;
  /** Whether older transactions were left out by the bound. */
  truncated: boolean;
}

/**
 * The signed-in customer's own rules (issue 6, item 6): "when a transaction matches these conditions
 * (the platform's one condition language, with `all` / `any`), set its category" or "... alert me".
 * Create, change, delete, list and apply to past transactions; every change audited (`customer-rule.*`,
 * without the conditions: they hold the customer's own statement text). Conditions are validated as a
 * tree with field paths (`input.conditions.any[1].minAmountMinor`); nothing is written on a problem.
 *
 * `set-category` rules apply at sync (`CategorisationService.categoriseForCustomer`) and, on request, to
 * past transactions; their category is stored as the customer's own (`customer`, never overwritten by a
 * sync or model) with the rule's id (`category_rule_id`), and a manual choice is never overridden. `alert`
 * rules own a `customer_alert` of kind `rule-match`, evaluated after sync by `AlertsService`, so the alert
 * caps (cooldown, daily cap) apply.
 */
@Injectable()
export class CustomerRulesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly encryption: FieldEncryptionService,
  ) {}

  async listOwn(): Promise<CustomerRuleRecord[]> {
    const em = this.context();
    const { where } = await ownToolWhere<CustomerRule>(em, 'read', 'CustomerRule');
    const rows = await em.find(CustomerRule, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return this.records(rows);
  }

  /** Creates a rule (from a suggestion when `suggestionKey` is given: then it is not suggested again). */
  async create(input: CreateCustomerRule, suggestionKey: string | null = null): Promise<CustomerRuleRecord> {
    const problems: FieldProblem[] = [];
    if (input.action !== 'set-category' && input.action !== 'alert') {
      problems.push({
        field: 'input.action',
        problem: localized({ en: 'must be SET_CATEGORY or ALERT', sl: 'mora biti SET_CATEGORY ali ALERT' }),
      });
    }
    checkCategory(problems, input.action, input.category ?? null);
    problems.push(...conditionProblems(input.conditions, { path: 'input.conditions', scope: 'customer' }));
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.context();
    const { customerId } = await ownToolWhere<CustomerRule>(em, 'read', 'CustomerRule');
    await this.checkOwnAccounts(customerId, input.conditions);
    const tenantId = requireContext().tenant!.id;
    if ((await em.count(CustomerRule, { tenantId, customerId })) >= maxRulesPerCustomer) {
      throw Invalid.fields([
        {
          field: 'input',
          problem: localized({
            en: `you have ${maxRulesPerCustomer} rules already; delete one first`,
            sl: `pravil imate že ${maxRulesPerCustomer}; najprej katero izbrišite`,
          }),
        },
      ]);
    }
    return this.em.transactional(async (tx) => {
      const rule = new CustomerRule();
      Object.assign(rule, {
        id: randomUUID(),
        tenantId,
        customerId,
        action: input.action,
        category: input.action === 'set-category' ? input.category! : null,
        enabled: input.enabled ?? true,
        suggestionKey,
      });
      rule.conditionsEnc = await sealRuleConditions(this.encryption, customerId, rule.id, input.conditions);
      tx.persist(rule);
      // The entities declare no relations, so the ORM cannot order inserts by foreign key: the rule first.
      await tx.flush();
      if (rule.action === 'alert') {
        const alert = new CustomerAlert();
        Object.assign(alert, {
          id: randomUUID(),
          tenantId,
          customerId,
          kind: 'rule-match',
          ruleId: rule.id,
          cooldownHours: defaultAlertLimits.defaultCooldownHours,
          enabled: rule.enabled,
        });
        tx.persist(alert);
        await tx.flush();
      }
      await this.record('customer-rule.create', rule, {
        action: rule.action,
        category: rule.category,
        enabled: rule.enabled,
        fromSuggestion: suggestionKey !== null,
      });
      return (await this.records([rule]))[0]!;
    });
  }

  /** Changes what is given; `conditions` replaces the whole tree. */
  async change(id: string, input: ChangeCustomerRule): Promise<CustomerRuleRecord> {
    const em = this.context();
    const rule = await findOwnTool(em, CustomerRule, 'CustomerRule', 'update', id, 'rule');
    const problems: FieldProblem[] = [];
    if (input.category != null) checkCategory(problems, rule.action, input.category);
    if (input.conditions != null) {
      problems.push(...conditionProblems(input.conditions, { path: 'input.conditions', scope: 'customer' }));
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    const changed: Record<string, string | boolean> = {};
    if (input.conditions != null) {
      await this.checkOwnAccounts(rule.customerId, input.conditions);
      rule.conditionsEnc = await sealRuleConditions(
        this.encryption,
        rule.customerId,
        rule.id,
        input.conditions,
      );
      changed.conditions = true;
    }
    if (input.category != null && input.category !== rule.category) {
      changed.category = rule.category = input.category;
    }
    if (input.enabled != null && input.enabled !== rule.enabled) {
      changed.enabled = rule.enabled = input.enabled;
      // The rule's alert follows it: a disabled rule sends nothing.
      await em.nativeUpdate(
        CustomerAlert,
        { tenantId: rule.tenantId, ruleId: rule.id },
        { enabled: input.enabled },
      );
    }
    // Always moved: the categoriser's cache of the customer's rules is keyed by it.
    rule.updatedAt = new Date();
    await em.flush();
    await this.record('customer-rule.update', rule, changed);
    return (await this.records([rule]))[0]!;
  }

  /** Deletes the rule (and its alert); categories it set stay, as the customer's own. */
  async delete(id: string): Promise<CustomerRuleRecord> {
    const em = this.context();
    const rule = await findOwnTool(em, CustomerRule, 'CustomerRule', 'delete', id, 'rule');
    const [record] = await this.records([rule]);
    em.remove(rule);
    await em.flush();
    await this.record('customer-rule.delete', rule, { action: rule.action });
    return record!;
  }

  /**
   * Applies a `set-category` rule to the customer's past transactions now: the newest
   * `maxPastTransactions`, skipping those the customer categorised by hand. Matching rows take the rule's
   * category as the customer's own, with the rule's id. Audited with the counts; returns them.
   */
  async applyToPast(id: string): Promise<PastApplication> {
    return this.em.transactional(async (em) => {
      const rule = await findOwnTool(em, CustomerRule, 'CustomerRule', 'update', id, 'rule');
      if (rule.action !== 'set-category') {
        throw Invalid.fields([
          {
            field: 'id',
            problem: localized({
              en: 'is an ALERT rule: only SET_CATEGORY rules apply to past transactions',
              sl: 'je pravilo ALERT: za pretekla plačila veljajo samo pravila SET_CATEGORY',
            }),
          },
        ]);
      }
      const [compiled] = await openCustomerRules(this.encryption, [
        { id: rule.id, action: rule.action, category: rule.category, conditions_enc: rule.conditionsEnc },
      ]);
      const rows = await em.execute<StoredTransactionText[]>(
        `select ${storedTransactionTextColumns}
           from account_transaction t
          where t.tenant_id = ? and t.customer_id = ?
          order by t.booking_date desc, t.id desc
          limit ${maxPastTransactions + 1}`,
        [rule.tenantId, rule.customerId],
      );
      const truncated = rows.length > maxPastTransactions;
      const opened = await openTransactionTexts(this.encryption, rows.slice(0, maxPastTransactions));
      const matching = opened.filter(
        (row) =>
          // A manual choice (customer, no rule) is the customer's last word.
          !(row.categorySource === 'customer' && row.categoryRuleId === null) &&
          conditionMatches(compiled!.conditions, prepareTransaction(row.transaction)),
      );
      const toChange = matching.filter(
        (row) => row.transaction.category !== rule.category || row.categoryRuleId !== rule.id,
      );
      if (toChange.length > 0) {
        await em.execute(
          `update account_transaction
              set category = ?, category_source = 'customer', category_confidence = 1, category_rule_id = ?,
                  updated_at = now()
            where tenant_id = ? and customer_id = ? and id = any(?::uuid[])`,
          [
            rule.category,
            rule.id,
            rule.tenantId,
            rule.customerId,
            `{${toChange.map((row) => row.id).join(',')}}`,
          ],
        );
      }
      const result = {
        examined: Math.min(rows.length, maxPastTransactions),
        matched: matching.length,
        changed: toChange.length,
        truncated,
      };
      await this.record('customer-rule.apply-to-past', rule, result);
      return { rule: (await this.records([rule]))[0]!, ...result };
    });
  }

  /** Every account id in the tree must be one of the customer's accounts (INVALID with its path). */
  private async checkOwnAccounts(customerId: string, conditions: RuleCondition): Promise<void> {
    const named = accountIdsIn(conditions, 'input.conditions');
    if (named.length === 0) return;
    const ids = [...new Set(named.map(({ id }) => id))];
    const own = await this.context().execute<{ id: string }[]>(
      `select id from account where tenant_id = ? and customer_id = ? and id = any(?::uuid[])`,
      [requireContext().tenant!.id, customerId, `{${ids.join(',')}}`],
    );
    const ownIds = new Set(own.map((row) => row.id));
    const problems = [...new Set(named.filter(({ id }) => !ownIds.has(id)).map(({ path }) => path))].map(
      (field) => ({
        field,
        problem: localized({
          en: 'must list your own accounts (see the accounts query)',
          sl: 'mora navajati vaše lastne račune (glejte poizvedbo accounts)',
        }),
      }),
    );
    if (problems.length > 0) throw Invalid.fields(problems);
  }

  private async records(rules: readonly CustomerRule[]): Promise<CustomerRuleRecord[]> {
    if (rules.length === 0) return [];
    const em = this.context();
    const tenantId = requireContext().tenant!.id;
    const ids = `{${rules.map((rule) => rule.id).join(',')}}`;
    // One after another: inside a transaction they share one connection.
    const applied = await em.execute<{ rule_id: string; n: string }[]>(
      `select category_rule_id as rule_id, count(*) as n from account_transaction
        where tenant_id = ? and category_rule_id = any(?::uuid[]) group by category_rule_id`,
      [tenantId, ids],
    );
    const alerts = await em.execute<{ id: string; rule_id: string }[]>(
      `select id, rule_id from customer_alert where tenant_id = ? and rule_id = any(?::uuid[])`,
      [tenantId, ids],
    );
    const opened = await openCustomerRules(
      this.encryption,
      rules.map((rule) => ({
        id: rule.id,
        action: rule.action,
        category: rule.category,
        conditions_enc: rule.conditionsEnc,
      })),
    );
    const appliedOf = new Map(applied.map((row) => [row.rule_id, Number(row.n)]));
    const alertOf = new Map(alerts.map((row) => [row.rule_id, row.id]));
    return rules.map((rule, index) => ({
      id: rule.id,
      action: rule.action,
      category: rule.category,
      conditions: opened[index]!.conditions,
      enabled: rule.enabled,
      alertId: alertOf.get(rule.id) ?? null,
      fromSuggestion: rule.suggestionKey !== null,
      appliedCount: appliedOf.get(rule.id) ?? 0,
      createdAt: rule.createdAt,
      updatedAt: rule.updatedAt,
    }));
  }

  private record(
    action: string,
    rule: CustomerRule,
    changes: Record<string, string | number | boolean | null>,
  ): Promise<unknown> {
    return this.audit.record({ action, resourceType: 'customer-rule', resourceId: rule.id, changes });
  }

  private context(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}

function checkCategory(problems: FieldProblem[], action: string, category: string | null): void {
  if (action === 'set-category' && !isCategoryId(category)) {
    problems.push({
      field: 'input.category',
      problem: localized({
        en: 'is required for SET_CATEGORY: a category id of the taxonomy (see the categories query)',
        sl: 'je obvezna za SET_CATEGORY: id kategorije iz taksonomije (glejte poizvedbo categories)',
      }),
    });
  } else if (action === 'alert' && category !== null) {
    problems.push({
      field: 'input.category',
      problem: localized({ en: 'is only for SET_CATEGORY rules', sl: 'velja samo za pravila SET_CATEGORY' }),
    });
  }
}

/** Every `accountIds` entry of the tree with the path of its list. */
function accountIdsIn(conditions: RuleCondition, path: string): { id: string; path: string }[] {
  return [
    ...(conditions.accountIds ?? []).map((id) => ({ id, path: `${path}.accountIds` })),
    ...(['all', 'any'] as const).flatMap((join) =>
      (conditions[join] ?? []).flatMap((child, index) => accountIdsIn(child, `${path}.${join}[${index}]`)),
    ),
  ];
}
