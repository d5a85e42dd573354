/**
 * The insight-generator extension point: from one customer's features and a window of their transactions,
 * candidate insights ("Your streaming subscription rose from €9.99 to €12.99", "Your balance may fall below
 * zero around the 28th"). A generator only proposes; the platform scores relevance (learned from
 * engagement), checks consent and the region's rules, caps, renders the text in the customer's language
 * and delivers. Customers are pseudonymous and transactions carry no counterparty names or free text.
 *
 * Inputs and outputs are plain JSON, so a generator can run isolated.
 *
 * Versioned like the connector contract (semver, from the plugin's side). History:
 * - 1.0.0: the first contract.
 * - 1.1.0: `InsightInput.locale` (the language to write in) and `InsightGeneratorExtension.locales` (the
 *   languages a generator writes); both optional, so 1.0.0 generators keep working (English).
 */
import type { PluginContext } from './manifest';
import type { Money } from './money';
import {
  type FeatureName,
  type FeatureVector,
  featureRequestProblems,
  type PseudonymousId,
  type TimeWindow,
} from './recommendation-model';

export const insightGeneratorContractVersion = '1.1.0';

/** A transaction as a generator sees it: no counterparty name, no description, ids opaque. */
export interface InsightTransaction {
  readonly id: string;
  readonly accountId: string;
  /** ISO date (YYYY-MM-DD). */
  readonly bookingDate: string;
  /** Always positive; `direction` says which way. */
  readonly amount: Money;
  readonly direction: 'credit' | 'debit';
  /** Category id of the platform's taxonomy, when categorised. */
  readonly category?: string;
  /** Cleaned-up merchant name for card payments (a business, not a person). */
  readonly merchant?: string;
  /** The recurring payment it belongs to, when one was detected. */
  readonly recurringId?: string;
}

export interface InsightInput {
  readonly customer: PseudonymousId;
  readonly features: FeatureVector;
  readonly transactions: { readonly window: TimeWindow; readonly items: readonly InsightTransaction[] };
  /** The platform's clock (ISO instant); generators never read the system clock. */
  readonly now: string;
  /**
   * The language to write `title` and `body` in: one of the extension's `locales`, chosen by the platform
   * for the customer (absent: English).
   */
  readonly locale?: string;
}

/** A value quoted in an insight's text; the platform formats it for the customer's locale. */
export type InsightParameter =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'money'; readonly value: Money }
  | { readonly type: 'percent'; readonly basisPoints: number }
  | { readonly type: 'date'; readonly value: string };

/** What an insight rests on, so the customer (and an auditor) can follow it back. */
export type EvidenceRef =
  | { readonly kind: 'transaction'; readonly id: string }
  | { readonly kind: 'recurring-payment'; readonly id: string }
  | { readonly kind: 'account'; readonly id: string }
  | { readonly kind: 'feature'; readonly name: FeatureName };

export const insightSeverities = ['info', 'notice', 'warning'] as const;
export type InsightSeverity = (typeof insightSeverities)[number];

export interface CandidateInsight {
  /** One of the generator's declared kinds. */
  readonly kind: string;
  /**
   * Title and body as templates with `{name}` placeholders, each a key of `parameters`
   * ("Your {merchant} subscription rose to {newAmount}"), written in the input's `locale` (English when
   * absent); the platform formats the parameters for the customer.
   */
  readonly title: string;
  readonly body: string;
  readonly parameters: Readonly<Record<string, InsightParameter>>;
  readonly severity: InsightSeverity;
  /** The generator's own relevance estimate in [0, 1]; a hint, which the platform's learned score refines. */
  readonly relevance: number;
  readonly evidence: readonly EvidenceRef[];
  /** ISO instant after which it is stale and not shown. */
  readonly expiresAt: string;
  /** Same key, same insight: the platform shows one per key until it expires (no repeats each sync). */
  readonly dedupeKey: string;
}

export interface InsightGenerator {
  generate(input: InsightInput): Promise<readonly CandidateInsight[]>;
}

/**
 * The extension: the kinds it produces (with a description for the bank's administrators), the features it
 * needs (names or `family.*`, see `featureVocabulary`), how many days of transactions it needs, and its
 * factory, built per use for the bank in `context`.
 */
export interface InsightGeneratorExtension {
  readonly kinds: readonly { readonly kind: string; readonly description: string }[];
  readonly features: readonly FeatureName[];
  readonly transactionDays: number;
  /**
   * The languages (BCP 47 language tags, e.g. `en`, `sl`) the generator writes; the platform passes one of
   * them as `InsightInput.locale`. Absent: `['en']`.
   */
  readonly locales?: readonly string[];
  create(context: PluginContext): InsightGenerator;
}

const kindName = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Most days of transactions a generator may ask for (ten years). */
export const maxTransactionDays = 3650;

/**
 * Problems of an insight generator's declarations (`$.kinds[i]…`, `$.features[i]`, `$.transactionDays`,
 * `$.locales[i]`): no kinds, a kind that is not lower-case words joined by hyphens or is declared twice, a kind without a
 * description, a feature request `featureRequestProblems` refuses, days that are not a whole number in
 * [0, 3650], a locale that is not a language tag. The plugin host refuses a plugin with any (`validatePlugin`).
 */
export function insightGeneratorDeclarationProblems(
  extension: Pick<InsightGeneratorExtension, 'kinds' | 'features' | 'transactionDays' | 'locales'>,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const kinds: readonly unknown[] = Array.isArray(extension.kinds) ? extension.kinds : [];
  if (kinds.length === 0) problems.push({ path: '$.kinds', message: 'declare at least one kind' });
  const seen = new Set<string>();
  kinds.forEach((entry, index) => {
    const { kind, description } = (entry ?? {}) as { kind?: unknown; description?: unknown };
    if (typeof kind !== 'string' || !kindName.test(kind)) {
      problems.push({
        path: `$.kinds[${index}].kind`,
        message: 'must be lower-case words joined by hyphens (e.g. "unusual-spending")',
      });
    } else if (seen.has(kind)) {
      problems.push({ path: `$.kinds[${index}].kind`, message: `"${kind}" is declared twice` });
    } else seen.add(kind);
    if (typeof description !== 'string' || description.trim() === '') {
      problems.push({ path: `$.kinds[${index}].description`, message: 'describe the kind for the bank' });
    }
  });
  const features: readonly unknown[] = Array.isArray(extension.features) ? extension.features : [];
  if (!Array.isArray(extension.features)) {
    problems.push({ path: '$.features', message: 'must be a list of feature names (it may be empty)' });
  }
  problems.push(...featureRequestProblems(features.map(String)));
  const days = extension.transactionDays;
  if (!Number.isInteger(days) || days < 0 || days > maxTransactionDays) {
    problems.push({
      path: '$.transactionDays',
      message: `must be a whole number of days from 0 to ${maxTransactionDays}`,
    });
  }
  extension.locales?.forEach((locale, index) => {
    let valid = typeof locale === 'string' && locale !== '';
    try {
      if (valid) Intl.getCanonicalLocales(locale);
    } catch {
      valid = false;
    }
    if (!valid) {
      problems.push({ path: `$.locales[${index}]`, message: 'must be a language tag (e.g. "en", "sl-SI")' });
    }
  });
  return problems;
}

const placeholder = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Problems of a generator's answer to `input` (`$[i]…` paths): undeclared kinds, placeholders without a
 * parameter (and parameters no placeholder uses), relevance outside [0, 1], expiry not after `now`,
 * evidence naming a transaction that was not in the input, no evidence. The host drops candidates with
 * problems and reports them to the plugin's publisher.
 */
export function candidateInsightProblems(
  candidates: readonly CandidateInsight[],
  input: InsightInput,
  kinds: readonly string[],
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const transactionIds = new Set(input.transactions.items.map((transaction) => transaction.id));
  const now = Date.parse(input.now);
  candidates.forEach((candidate, index) => {
    const at = `$[${index}]`;
    if (!kinds.includes(candidate.kind)) {
      problems.push({
        path: `${at}.kind`,
        message: `"${candidate.kind}" is not a kind the generator declares`,
      });
    }
    const used = new Set(
      [...`${candidate.title}\n${candidate.body}`.matchAll(placeholder)].map((match) => match[1]!),
    );
    for (const name of used) {
      if (!(name in candidate.parameters)) {
        problems.push({ path: `${at}.parameters.${name}`, message: 'is used in the text but not given' });
      }
    }
    for (const name of Object.keys(candidate.parameters)) {
      if (!used.has(name))
        problems.push({ path: `${at}.parameters.${name}`, message: 'is given but not used' });
    }
    if (!(candidate.relevance >= 0 && candidate.relevance <= 1)) {
      problems.push({ path: `${at}.relevance`, message: 'must be between 0 and 1' });
    }
    const expires = Date.parse(candidate.expiresAt);
    if (Number.isNaN(expires) || expires <= now) {
      problems.push({ path: `${at}.expiresAt`, message: 'must be an ISO instant after now' });
    }
    if (candidate.evidence.length === 0) {
      problems.push({ path: `${at}.evidence`, message: 'must name what the insight rests on' });
    }
    candidate.evidence.forEach((evidence, evidenceIndex) => {
      if (evidence.kind === 'transaction' && !transactionIds.has(evidence.id)) {
        problems.push({
          path: `${at}.evidence[${evidenceIndex}].id`,
          message: 'names a transaction that was not in the input',
        });
      }
    });
  });
  return problems;
}
