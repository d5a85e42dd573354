import type { TransactionDirection } from '@finpersona/plugin-sdk';
import { normaliseText } from './merchant';
import { type CategoryId, isCategoryId } from './taxonomy';

/**
 * The platform's one condition language (bank categorisation rules and customers' own rules alike):
 * conditions on what a transaction says about itself. The fields given in one node are ANDed; a list
 * inside one field is "any of"; `all` (every child holds) and `any` (at least one child holds) nest further
 * nodes, at most `maxConditionDepth` levels deep in all. Text conditions match normalised text (lower case,
 * no accents or punctuation: `normaliseText`) as a substring at word boundaries, so `"rent"` matches
 * "Monthly RENT" but not "Parental".
 */
export interface CategoryRuleConditions {
  /** Any of these phrases in the statement's description. */
  readonly descriptionContains?: readonly string[];
  /** Any of these phrases in the counterparty (its name or account). */
  readonly counterpartyContains?: readonly string[];
  /** Any of these phrases in the merchant's name (as the source sent it, and cleaned). */
  readonly merchantContains?: readonly string[];
  /** Any of these MCCs: four digits, or a range `5811-5814`. */
  readonly mcc?: readonly string[];
  /** The amount, in minor units of `currency`, at least / at most this (inclusive). */
  readonly minAmountMinor?: number;
  readonly maxAmountMinor?: number;
  /** ISO 4217; required with an amount bound (minor units mean nothing without it). */
  readonly currency?: string;
  readonly direction?: TransactionDirection;
  /** Any of these codes the source itself gives (ISO 20022 bank transaction code, a statement's type label). */
  readonly sourceCodes?: readonly string[];
  /** Any of these accounts (ids). Customer rules only: a bank's rule cannot know a customer's accounts. */
  readonly accountIds?: readonly string[];
  /**
   * Any of these categories, as the platform decided them before the customer's own rules. Customer rules
   * only: a bank's rule is what decides the category.
   */
  readonly categories?: readonly string[];
  /** Every one of these nodes holds too. */
  readonly all?: readonly CategoryRuleConditions[];
  /** At least one of these nodes holds too. */
  readonly any?: readonly CategoryRuleConditions[];
}

/** The same language under its general name (customer rules use it for alerts as well). */
export type RuleCondition = CategoryRuleConditions;

export interface CategoryRule {
  readonly id: string;
  /** Lower runs first; ties by id. */
  readonly priority: number;
  readonly category: CategoryId;
  readonly conditions: CategoryRuleConditions;
  /** Stored with the category: how sure a match of this rule is. */
  readonly confidence: number;
}

/** What a categoriser looks at. Personal text is plaintext here: this runs where it is decrypted. */
export interface CategorisableTransaction {
  readonly description?: string | null;
  /** Name and/or account of the other party, in one string. */
  readonly counterparty?: string | null;
  readonly merchantName?: string | null;
  readonly mcc?: string | null;
  /** Positive minor units. */
  readonly amountMinor: number;
  readonly currency: string;
  readonly direction: TransactionDirection;
  readonly sourceCode?: string | null;
  /** The account it is on (customer rules' `accountIds`). */
  readonly accountId?: string | null;
  /** The category decided before customer rules run (customer rules' `categories`). */
  readonly category?: string | null;
}

/** A transaction's text, normalised once for every rule (and padded so phrases match at word boundaries). */
export interface PreparedTransaction {
  readonly transaction: CategorisableTransaction;
  readonly description: string;
  readonly counterparty: string;
  readonly merchant: string;
  readonly sourceCode: string;
}

export function prepareTransaction(transaction: CategorisableTransaction): PreparedTransaction {
  const pad = (text: string | null | undefined) => ` ${normaliseText(text ?? '')} `;
  return {
    transaction,
    description: pad(transaction.description),
    counterparty: pad(transaction.counterparty),
    merchant: pad(transaction.merchantName),
    sourceCode: (transaction.sourceCode ?? '').trim().toLowerCase(),
  };
}

/** Rule phrases padded and normalised once (they repeat for every transaction of every batch). */
const paddedPhrases = new Map<string, string | null>();

function paddedPhrase(phrase: string): string | null {
  let padded = paddedPhrases.get(phrase);
  if (padded === undefined) {
    const normal = normaliseText(phrase);
    padded = normal.length > 0 ? ` ${normal} ` : null;
    // Bounded: bank rules are at most a few thousand phrases; a runaway set starts over.
    if (paddedPhrases.size > 50_000) paddedPhrases.clear();
    paddedPhrases.set(phrase, padded);
  }
  return padded;
}

function containsAny(text: string, phrases: readonly string[] | undefined): boolean {
  if (!phrases) return true;
  return phrases.some((phrase) => {
    const padded = paddedPhrase(phrase);
    return padded !== null && text.includes(padded);
  });
}

function mccMatches(mcc: string | null | undefined, patterns: readonly string[] | undefined): boolean {
  if (!patterns) return true;
  if (!mcc) return false;
  const code = Number(mcc);
  return patterns.some((pattern) => {
    const [from, to = from] = pattern.split('-').map(Number);
    return code >= from! && code <= to!;
  });
}

/** Whether every condition of the rule holds for the transaction. */
export function ruleMatches(rule: CategoryRule, prepared: PreparedTransaction): boolean {
  return conditionMatches(rule.conditions, prepared);
}

/** Whether a condition node holds: its own fields, every `all` child and (when given) some `any` child. */
export function conditionMatches(conditions: RuleCondition, prepared: PreparedTransaction): boolean {
  return (
    fieldsMatch(conditions, prepared) &&
    (conditions.all ?? []).every((child) => conditionMatches(child, prepared)) &&
    (conditions.any === undefined || conditions.any.some((child) => conditionMatches(child, prepared)))
  );
}

function fieldsMatch(conditions: RuleCondition, prepared: PreparedTransaction): boolean {
  const { transaction } = prepared;
  if (conditions.direction && conditions.direction !== transaction.direction) return false;
  if (conditions.currency && conditions.currency !== transaction.currency) return false;
  if (conditions.minAmountMinor !== undefined && transaction.amountMinor < conditions.minAmountMinor)
    return false;
  if (conditions.maxAmountMinor !== undefined && transaction.amountMinor > conditions.maxAmountMinor)
    return false;
  if (!mccMatches(transaction.mcc, conditions.mcc)) return false;
  if (
    conditions.sourceCodes &&
    !conditions.sourceCodes.some((code) => code.trim().toLowerCase() === prepared.sourceCode)
  ) {
    return false;
  }
  if (conditions.accountIds && !conditions.accountIds.includes(transaction.accountId ?? '')) return false;
  if (conditions.categories && !conditions.categories.includes(transaction.category ?? '')) return false;
  return (
    containsAny(prepared.description, conditions.descriptionContains) &&
    containsAny(prepared.counterparty, conditions.counterpartyContains) &&
    containsAny(prepared.merchant, conditions.merchantContains)
  );
}

/** Rules in the order they are tried: priority, then id (so equal priorities are still deterministic). */
export function orderRules<T extends CategoryRule>(rules: readonly T[]): T[] {
  return [...rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The first rule (in the given order) whose conditions all hold, or undefined. */
export function firstMatchingRule<T extends CategoryRule>(
  ordered: readonly T[],
  prepared: PreparedTransaction,
): T | undefined {
  return ordered.find((rule) => ruleMatches(rule, prepared));
}

// --- validation (staff input) ---

export const maxPhrasesPerCondition = 20;
export const maxPhraseLength = 100;
export const maxRulePriority = 100_000;

export interface RuleProblem {
  readonly field: string;
  readonly problem: string;
}

/** Levels of nodes a condition may have: the root, its `all`/`any` children and theirs. */
export const maxConditionDepth = 3;
/** Nodes in one condition tree, all levels together (each is tried for every transaction). */
export const maxConditionNodes = 40;

/** Who writes the condition: a bank (no account or category conditions) or a customer (all of them). */
export type ConditionScope = 'bank' | 'customer';

const textConditions = ['descriptionContains', 'counterpartyContains', 'merchantContains'] as const;
const listFields = [
  ...textConditions,
  'mcc',
  'sourceCodes',
  'accountIds',
  'categories',
  'all',
  'any',
] as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every problem of a rule's category, priority and conditions at once (field paths as the GraphQL input
 * names them, e.g. `conditions.mcc` or `conditions.any[1].minAmountMinor`). An empty list means the rule
 * can be stored.
 */
export function ruleProblems(rule: {
  category: unknown;
  priority: unknown;
  conditions: CategoryRuleConditions;
}): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!isCategoryId(rule.category)) {
    problems.push({
      field: 'category',
      problem: 'must be a category id of the taxonomy (see platform/README.md)',
    });
  }
  if (
    !Number.isInteger(rule.priority) ||
    (rule.priority as number) < 0 ||
    (rule.priority as number) > maxRulePriority
  ) {
    problems.push({ field: 'priority', problem: `must be a whole number from 0 to ${maxRulePriority}` });
  }
  problems.push(...conditionProblems(rule.conditions, { path: 'conditions', scope: 'bank' }));
  return problems;
}

/**
 * Every problem of a condition tree, each with the path of the field into the tree (`path` names the
 * root, e.g. `input.conditions`). Checks each node's fields, that every node has a condition, the depth
 * (`maxConditionDepth`) and the size (`maxConditionNodes`); `scope` says which fields are allowed.
 */
export function conditionProblems(
  conditions: RuleCondition,
  options: { path: string; scope: ConditionScope },
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  let nodes = 0;
  const visit = (node: RuleCondition, path: string, depth: number) => {
    nodes += 1;
    problems.push(...nodeProblems(node, path, options.scope));
    for (const join of ['all', 'any'] as const) {
      const children = node[join];
      if (children === undefined || children.length === 0) continue;
      if (depth >= maxConditionDepth) {
        problems.push({
          field: `${path}.${join}`,
          problem: `nests deeper than ${maxConditionDepth} levels; flatten the conditions`,
        });
        continue;
      }
      children.forEach((child, index) => visit(child, `${path}.${join}[${index}]`, depth + 1));
    }
  };
  visit(conditions, options.path, 1);
  if (nodes > maxConditionNodes) {
    problems.push({
      field: options.path,
      problem: `has ${nodes} conditions; at most ${maxConditionNodes} in all`,
    });
  }
  return problems;
}

function nodeProblems(conditions: RuleCondition, path: string, scope: ConditionScope): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const at = (field: string) => `${path}.${field}`;
  for (const field of listFields) {
    const list = conditions[field];
    if (list !== undefined && !Array.isArray(list))
      problems.push({ field: at(field), problem: 'must be a list' });
  }
  if (problems.length > 0) return problems;
  for (const field of textConditions) {
    const phrases = conditions[field];
    if (phrases === undefined) continue;
    if (phrases.length === 0 || phrases.length > maxPhrasesPerCondition) {
      problems.push({ field: at(field), problem: `must list 1 to ${maxPhrasesPerCondition} phrases` });
    } else if (
      phrases.some(
        (phrase) =>
          typeof phrase !== 'string' || normaliseText(phrase).length === 0 || phrase.length > maxPhraseLength,
      )
    ) {
      problems.push({
        field: at(field),
        problem: `each phrase needs a letter or digit and at most ${maxPhraseLength} characters`,
      });
    }
  }
  if (conditions.mcc !== undefined) {
    const bad = conditions.mcc.filter((pattern) => {
      const match = /^(\d{4})(?:-(\d{4}))?$/.exec(String(pattern));
      return !match || (match[2] !== undefined && Number(match[2]) < Number(match[1]));
    });
    if (conditions.mcc.length === 0 || conditions.mcc.length > maxPhrasesPerCondition || bad.length > 0) {
      problems.push({
        field: at('mcc'),
        problem: `must list 1 to ${maxPhrasesPerCondition} codes, each four digits or a range like 5811-5814`,
      });
    }
  }
  if (conditions.sourceCodes !== undefined) {
    if (
      conditions.sourceCodes.length === 0 ||
      conditions.sourceCodes.length > maxPhrasesPerCondition ||
      conditions.sourceCodes.some(
        (code) => typeof code !== 'string' || code.trim().length === 0 || code.length > maxPhraseLength,
      )
    ) {
      problems.push({
        field: at('sourceCodes'),
        problem: `must list 1 to ${maxPhrasesPerCondition} non-empty codes of at most ${maxPhraseLength} characters`,
      });
    }
  }
  for (const field of ['accountIds', 'categories'] as const) {
    const values = conditions[field];
    if (values === undefined) continue;
    if (scope === 'bank') {
      problems.push({
        field: at(field),
        problem:
          field === 'accountIds'
            ? "is for a customer's own rules only (a bank rule applies to every account)"
            : "is for a customer's own rules only (a bank rule decides the category)",
      });
    } else if (values.length === 0 || values.length > maxPhrasesPerCondition) {
      problems.push({ field: at(field), problem: `must list 1 to ${maxPhrasesPerCondition} values` });
    } else if (field === 'accountIds' && values.some((id) => !uuidPattern.test(String(id)))) {
      problems.push({ field: at(field), problem: 'must list account ids (see the accounts query)' });
    } else if (field === 'categories' && values.some((id) => !isCategoryId(id))) {
      problems.push({ field: at(field), problem: 'must list category ids of the taxonomy' });
    }
  }
  for (const field of ['minAmountMinor', 'maxAmountMinor'] as const) {
    const value = conditions[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) {
      problems.push({ field: at(field), problem: 'must be a positive whole number of minor units' });
    }
  }
  if (
    conditions.minAmountMinor !== undefined &&
    conditions.maxAmountMinor !== undefined &&
    conditions.minAmountMinor > conditions.maxAmountMinor
  ) {
    problems.push({ field: at('maxAmountMinor'), problem: 'must not be below minAmountMinor' });
  }
  if (
    conditions.direction !== undefined &&
    conditions.direction !== 'credit' &&
    conditions.direction !== 'debit'
  ) {
    problems.push({ field: at('direction'), problem: 'must be credit or debit' });
  }
  const hasAmount = conditions.minAmountMinor !== undefined || conditions.maxAmountMinor !== undefined;
  if (conditions.currency !== undefined && !/^[A-Z]{3}$/.test(conditions.currency)) {
    problems.push({ field: at('currency'), problem: 'must be an ISO 4217 code such as EUR' });
  } else if (hasAmount && conditions.currency === undefined) {
    problems.push({ field: at('currency'), problem: 'is required with an amount bound' });
  }
  for (const join of ['all', 'any'] as const) {
    const children = conditions[join];
    if (children !== undefined && (children.length === 0 || children.length > maxPhrasesPerCondition)) {
      problems.push({ field: at(join), problem: `must list 1 to ${maxPhrasesPerCondition} conditions` });
    }
  }
  const hasCondition = Object.values(conditions).some((value) => value !== undefined);
  if (!hasCondition) {
    problems.push({
      field: path,
      problem: 'must have at least one condition (a rule matching everything hides every other one)',
    });
  }
  return problems;
}
