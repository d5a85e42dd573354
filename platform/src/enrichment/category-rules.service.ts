import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { accessibleWhere } from '../access';
import { AuditService, type JsonValue } from '../audit';
import { type FieldProblem, Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import { CategoryRuleEntity } from './category-rule.entity';
import { type CategoryRule, type CategoryRuleConditions, ruleProblems } from './rules';
import type { CategoryId } from './taxonomy';

/** Most rules one bank may have (they are all tried for every transaction without a match). */
export const maxRulesPerBank = 500;
const maxNameLength = 100;
/** What a bank rule's match is worth: the bank wrote it for its own statements. */
export const bankRuleConfidence = 0.95;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CategoryRuleInput {
  name?: string | null;
  priority?: number | null;
  category?: string | null;
  conditions?: CategoryRuleConditions | null;
  enabled?: boolean | null;
}

/**
 * A bank's own categorisation rules: list, create, update, delete by its administrators (GraphQL), each
 * change audited in its transaction (`category-rule.create|update|delete`, with the rule as stored: the
 * bank's configuration, no personal data). Input is checked as a whole (`Invalid` with every field's
 * problem; nothing written). A change applies to every categorisation from then on: the categoriser
 * cache of the bank is keyed by its rules' latest change (`CategorisationService`).
 */
@Injectable()
export class CategoryRulesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<CategoryRuleEntity[]> {
    const where = accessibleWhere('read', 'CategoryRule');
    if (!where) return [];
    return this.em.find(CategoryRuleEntity, where as FilterQuery<CategoryRuleEntity>, {
      orderBy: { priority: 'asc', id: 'asc' },
    });
  }

  async create(input: CategoryRuleInput): Promise<CategoryRuleEntity> {
    const tenantId = this.tenantId();
    const checked = checkRuleInput(input, null);
    const count = await this.em.count(CategoryRuleEntity, { tenantId });
    if (count >= maxRulesPerBank) {
      throw Invalid.fields([
        {
          field: 'rule',
          problem: `this bank has ${maxRulesPerBank} rules already; delete or merge some first`,
        },
      ]);
    }
    const rule = this.em.create(CategoryRuleEntity, {
      tenantId,
      name: checked.name,
      priority: checked.priority,
      category: checked.category,
      conditions: checked.conditions,
      enabled: checked.enabled,
      createdBy: this.actor(),
      updatedBy: this.actor(),
    });
    await this.em.flush();
    await this.record('category-rule.create', rule);
    return rule;
  }

  /** Changes what is given; the rest is kept. The result is checked as a whole. */
  async update(ruleId: string, input: CategoryRuleInput): Promise<CategoryRuleEntity> {
    const rule = await this.own(ruleId);
    const checked = checkRuleInput(input, rule);
    Object.assign(rule, checked, { updatedBy: this.actor(), updatedAt: new Date() });
    await this.em.flush();
    await this.record('category-rule.update', rule);
    return rule;
  }

  /** Deletes the rule; returns what was removed. */
  async delete(ruleId: string): Promise<CategoryRuleEntity> {
    const rule = await this.own(ruleId);
    this.em.remove(rule);
    await this.em.flush();
    await this.record('category-rule.delete', rule);
    return rule;
  }

  private async own(ruleId: string): Promise<CategoryRuleEntity> {
    const where = accessibleWhere('update', 'CategoryRule');
    const rule =
      where && uuid.test(ruleId)
        ? await this.em.findOne(
            CategoryRuleEntity,
            { $and: [where, { id: ruleId }] } as FilterQuery<CategoryRuleEntity>,
            { lockMode: LockMode.PESSIMISTIC_WRITE },
          )
        : null;
    if (!rule) throw new NotFound('No categorisation rule with this id belongs to your bank; check the id.');
    return rule;
  }

  private record(action: string, rule: CategoryRuleEntity): Promise<unknown> {
    return this.audit.record({
      action,
      resourceType: 'category-rule',
      resourceId: rule.id,
      changes: {
        name: rule.name,
        priority: rule.priority,
        category: rule.category,
        conditions: rule.conditions as unknown as JsonValue,
        enabled: rule.enabled,
      },
    });
  }

  private actor(): string {
    return requireContext().principal?.subject ?? 'system';
  }

  private tenantId(): string {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('Categorisation rules are tenant-owned: use them in a request of a bank');
    return tenant.id;
  }
}

interface CheckedRule {
  name: string;
  priority: number;
  category: CategoryId;
  conditions: CategoryRuleConditions;
  enabled: boolean;
}

/** The rule after the input is applied to `existing` (null: a new rule), or `Invalid` with every problem. */
function checkRuleInput(input: CategoryRuleInput, existing: CategoryRuleEntity | null): CheckedRule {
  const problems: FieldProblem[] = [];
  const name = input.name != null ? input.name.trim() : existing?.name;
  if (name === undefined) problems.push({ field: 'name', problem: 'is required' });
  else if (name.length === 0 || name.length > maxNameLength) {
    problems.push({ field: 'name', problem: `must be 1 to ${maxNameLength} characters` });
  }
  if (!existing) {
    for (const field of ['priority', 'category', 'conditions'] as const) {
      if (input[field] == null) problems.push({ field, problem: 'is required' });
    }
  }
  const priority = input.priority ?? existing?.priority;
  const category = input.category ?? existing?.category;
  const conditions = dropUnset(input.conditions ?? existing?.conditions ?? {});
  if (priority !== undefined && category !== undefined) {
    problems.push(
      ...ruleProblems({ category, priority, conditions }).filter(
        (problem) => !problems.some((known) => known.field === problem.field),
      ),
    );
  }
  if (problems.length > 0) throw Invalid.fields(problems);
  return {
    name: name!,
    priority: priority!,
    category: category as CategoryId,
    conditions,
    enabled: input.enabled ?? existing?.enabled ?? true,
  };
}

/** GraphQL gives absent input fields as null: stored conditions hold only what is set. */
function dropUnset(conditions: CategoryRuleConditions): CategoryRuleConditions {
  return Object.fromEntries(
    Object.entries(conditions).filter(([, value]) => value !== null && value !== undefined),
  ) as CategoryRuleConditions;
}

/** A stored bank rule as the categoriser uses it. */
export function bankRuleOf(row: {
  id: string;
  priority: number;
  category: string;
  conditions: CategoryRuleConditions;
}): CategoryRule {
  return {
    id: row.id,
    priority: row.priority,
    category: row.category as CategoryId,
    conditions: row.conditions,
    confidence: bankRuleConfidence,
  };
}
