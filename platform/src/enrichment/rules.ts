import type { TransactionDirection } from '@finpersona/plugin-sdk';
import { normaliseText } from './merchant';
import { type CategoryId, isCategoryId } from './taxonomy';

/**
 * Categorisation rules: conditions on what a transaction says about itself, and the category it gets
 * when all of them hold. A rule's conditions are ANDed; a list inside one condition is "any of".
 * Text conditions match normalised text (lower case, no accents or punctuation: `normaliseText`) as a
 * substring at word boundaries, so `"rent"` matches "Monthly RENT" but not "Parental".
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
}

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
  const { conditions } = rule;
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

const textConditions = ['descriptionContains', 'counterpartyContains', 'merchantContains'] as const;

/**
 * Every problem of a rule's category, priority and conditions at once (field paths as the GraphQL input
 * names them, e.g. `conditions.mcc`). An empty list means the rule can be stored.
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
  const { conditions } = rule;
  for (const field of textConditions) {
    const phrases = conditions[field];
    if (phrases === undefined) continue;
    if (phrases.length === 0 || phrases.length > maxPhrasesPerCondition) {
      problems.push({
        field: `conditions.${field}`,
        problem: `must list 1 to ${maxPhrasesPerCondition} phrases`,
      });
    } else if (
      phrases.some((phrase) => normaliseText(phrase).length === 0 || phrase.length > maxPhraseLength)
    ) {
      problems.push({
        field: `conditions.${field}`,
        problem: `each phrase needs a letter or digit and at most ${maxPhraseLength} characters`,
      });
    }
  }
  if (conditions.mcc !== undefined) {
    const bad = conditions.mcc.filter((pattern) => {
      const match = /^(\d{4})(?:-(\d{4}))?$/.exec(pattern);
      return !match || (match[2] !== undefined && Number(match[2]) < Number(match[1]));
    });
    if (conditions.mcc.length === 0 || conditions.mcc.length > maxPhrasesPerCondition || bad.length > 0) {
      problems.push({
        field: 'conditions.mcc',
        problem: `must list 1 to ${maxPhrasesPerCondition} codes, each four digits or a range like 5811-5814`,
      });
    }
  }
  if (conditions.sourceCodes !== undefined) {
    if (
      conditions.sourceCodes.length === 0 ||
      conditions.sourceCodes.length > maxPhrasesPerCondition ||
      conditions.sourceCodes.some((code) => code.trim().length === 0 || code.length > maxPhraseLength)
    ) {
      problems.push({
        field: 'conditions.sourceCodes',
        problem: `must list 1 to ${maxPhrasesPerCondition} non-empty codes of at most ${maxPhraseLength} characters`,
      });
    }
  }
  for (const field of ['minAmountMinor', 'maxAmountMinor'] as const) {
    const value = conditions[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) {
      problems.push({
        field: `conditions.${field}`,
        problem: 'must be a positive whole number of minor units',
      });
    }
  }
  if (
    conditions.minAmountMinor !== undefined &&
    conditions.maxAmountMinor !== undefined &&
    conditions.minAmountMinor > conditions.maxAmountMinor
  ) {
    problems.push({ field: 'conditions.maxAmountMinor', problem: 'must not be below minAmountMinor' });
  }
  if (
    conditions.direction !== undefined &&
    conditions.direction !== 'credit' &&
    conditions.direction !== 'debit'
  ) {
    problems.push({ field: 'conditions.direction', problem: 'must be credit or debit' });
  }
  const hasAmount = conditions.minAmountMinor !== undefined || conditions.maxAmountMinor !== undefined;
  if (conditions.currency !== undefined && !/^[A-Z]{3}$/.test(conditions.currency)) {
    problems.push({ field: 'conditions.currency', problem: 'must be an ISO 4217 code such as EUR' });
  } else if (hasAmount && conditions.currency === undefined) {
    problems.push({ field: 'conditions.currency', problem: 'is required with an amount bound' });
  }
  const hasCondition = Object.values(conditions).some((value) => value !== undefined);
  if (!hasCondition) {
    problems.push({
      field: 'conditions',
      problem: 'must have at least one condition (a rule matching everything hides every other one)',
    });
  }
  return problems;
}
