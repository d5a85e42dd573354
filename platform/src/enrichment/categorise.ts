import type { CategoryClassifier } from './classifier';
import { platformRules } from './default-rules';
import { categoryForMcc } from './mcc';
import {
  type CategorisableTransaction,
  type CategoryRule,
  firstMatchingRule,
  orderRules,
  prepareTransaction,
} from './rules';
import type { CategoryId, CategorySource } from './taxonomy';

/** The classifier's answer is used only from this probability up; below it the row is `other-*`. */
export const modelConfidenceThreshold = 0.6;
/**
 * A rule or MCC below this confidence is a weak hint (the platform's generic "transfer" rules say only
 * that money moved): a classifier more confident than it decides instead.
 */
export const strongRuleConfidence = 0.8;

export interface CategoryDecision {
  readonly category: CategoryId;
  readonly source: Exclude<CategorySource, 'customer'>;
  readonly confidence: number;
}

/**
 * Everything that categorises the transactions of one bank: its own rules, the platform's and (when the
 * bank has trained one) its classifier. Build it once per batch (`Categoriser.for`), use it for many rows.
 *
 * Order, first answer wins:
 *   1. the bank's rules, by priority — a bank knows its own statement texts better than anyone;
 *   2. the MCC (ISO 18245, `mcc.ts`);
 *   3. the platform's rules (`default-rules.ts`), by priority;
 *   4. the classifier, when its top probability reaches `modelConfidenceThreshold` — also over a weak rule
 *      (confidence below `strongRuleConfidence`) when it is more confident than that rule;
 *   5. the classifier below the threshold: `other-income` / `other-spending` by direction, with the
 *      classifier's (low) confidence, so screens and features see "not sure" rather than a guess;
 *   6. no classifier: null (uncategorised until one is trained or a rule matches).
 */
export class Categoriser {
  private constructor(
    private readonly bankRules: readonly CategoryRule[],
    private readonly defaults: readonly CategoryRule[],
    private readonly classifier: CategoryClassifier | null,
  ) {}

  static for(options: {
    bankRules: readonly CategoryRule[];
    classifier: CategoryClassifier | null;
    /** Without them: the "MCC and bank rules only" baseline of the evaluation. */
    platformRules?: boolean;
  }): Categoriser {
    return new Categoriser(
      orderRules(options.bankRules),
      options.platformRules === false ? [] : orderRules(platformRules),
      options.classifier,
    );
  }

  /** The rules' and MCC's answer alone (steps 1–3), or null. */
  byRules(transaction: CategorisableTransaction): CategoryDecision | null {
    const prepared = prepareTransaction(transaction);
    const bankRule = firstMatchingRule(this.bankRules, prepared);
    if (bankRule) return { category: bankRule.category, source: 'rule', confidence: bankRule.confidence };
    const mcc = categoryForMcc(transaction.mcc, transaction.direction);
    if (mcc) return { ...mcc, source: 'mcc' };
    const platformRule = firstMatchingRule(this.defaults, prepared);
    if (platformRule) {
      return { category: platformRule.category, source: 'rule', confidence: platformRule.confidence };
    }
    return null;
  }

  /** The decision for one transaction (see the class comment for the order). */
  categorise(transaction: CategorisableTransaction): CategoryDecision | null {
    const byRules = this.byRules(transaction);
    if (byRules && (byRules.confidence >= strongRuleConfidence || !this.classifier)) return byRules;
    if (!this.classifier) return null;
    const prediction = this.classifier.predict(transaction);
    const beatsRule = !byRules || prediction.confidence > byRules.confidence;
    if (prediction.confidence >= modelConfidenceThreshold && beatsRule)
      return { ...prediction, source: 'model' };
    if (byRules) return byRules;
    return {
      category: transaction.direction === 'credit' ? 'other-income' : 'other-spending',
      source: 'model',
      confidence: prediction.confidence,
    };
  }
}
