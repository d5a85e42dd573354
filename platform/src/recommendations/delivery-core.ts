import {
  checkProductEligibility,
  type CustomerFacts,
  type DisclosureRule,
  type Explanation,
  type FeatureVector,
  type ProductType,
  type RegionComplianceRules,
  type RuleRefusal,
} from '@finpersona/plugin-sdk';

/**
 * The pure core of recommendation delivery: which of the bank's products may be recommended to one
 * customer now, in which order, and which of them are delivered. No I/O, so the generated test runs it for
 * thousands of customers; `RecommendationsService` gathers the inputs (catalogue, rule pack, features,
 * the champion model's scores and explanations) and stores what it returns.
 *
 * A candidate is delivered only when every one of these holds, checked in this order (the first that fails
 * is its recorded outcome in the decision record):
 * 1. the customer holds no product of its type (`held`);
 * 2. the customer has not said "not for me" to it (`dismissed`);
 * 3. the bank's rule pack allows offering its type to this customer (`checkProductEligibility`; an unknown
 *    fact refuses);
 * 4. the champion model scored it (a score in [0, 1]);
 * 5. it ranks within the slots the period's cap leaves (`maxPerPeriod - deliveredThisPeriod`);
 * 6. the model explained it with a non-empty sentence (a recommendation is never delivered without a reason;
 *    an unexplained one gives its slot to the next ranked).
 */

/** A product of the bank's catalogue offered in the customer's region. */
export interface DeliveryCandidate {
  readonly productId: string;
  readonly productType: ProductType;
  /** The catalogue plugin it comes from. */
  readonly catalogue: string;
}

export interface DeliveryInput {
  readonly rules: Pick<RegionComplianceRules, 'eligibility'>;
  readonly facts: CustomerFacts;
  readonly candidates: readonly DeliveryCandidate[];
  /** Product types the customer holds (count > 0). */
  readonly held: ReadonlySet<ProductType>;
  /** Product ids the customer dismissed ("not for me") and that may not come back yet. */
  readonly dismissed: ReadonlySet<string>;
  /** The champion's scores by product id; a product without one is not delivered. */
  readonly scores: ReadonlyMap<string, number>;
  /** The cap: most recommendations per customer and period (a bank setting). */
  readonly maxPerPeriod: number;
  /** Recommendations already delivered to the customer in this period (they count against the cap). */
  readonly deliveredThisPeriod: number;
}

export type CandidateOutcome =
  'held' | 'dismissed' | 'ineligible' | 'unscored' | 'over-cap' | 'no-reason' | 'delivered';

/** One candidate as the decision record keeps it. */
export interface CandidateDecision {
  readonly productId: string;
  readonly productType: ProductType;
  readonly score: number | null;
  readonly outcome: CandidateOutcome;
  /** The rules that refused it (outcome `ineligible`). */
  readonly refusals: readonly RuleRefusal[];
}

export interface RankedCandidate extends DeliveryCandidate {
  readonly score: number;
}

export interface Ranking {
  /** Eligible, scored candidates, best first (score descending, then product id): the ones to explain. */
  readonly ranked: readonly RankedCandidate[];
  /** How many may still be delivered this period. */
  readonly slots: number;
  /** Every candidate with its outcome so far (`ranked` ones are provisionally `over-cap`). */
  readonly decisions: readonly CandidateDecision[];
}

/** Steps 1-4 and the ranking: what may be recommended, best first, and how many slots are left. */
export function rankCandidates(input: DeliveryInput): Ranking {
  const decisions: CandidateDecision[] = [];
  const ranked: RankedCandidate[] = [];
  for (const candidate of input.candidates) {
    const raw = input.scores.get(candidate.productId);
    const score = typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 && raw <= 1 ? raw : null;
    const decide = (outcome: CandidateOutcome, refusals: readonly RuleRefusal[] = []) =>
      decisions.push({
        productId: candidate.productId,
        productType: candidate.productType,
        score,
        outcome,
        refusals,
      });
    if (input.held.has(candidate.productType)) {
      decide('held');
      continue;
    }
    if (input.dismissed.has(candidate.productId)) {
      decide('dismissed');
      continue;
    }
    const eligibility = checkProductEligibility(input.rules, input.facts, candidate.productType);
    if (!eligibility.allowed) {
      decide('ineligible', eligibility.refusals);
      continue;
    }
    if (score === null) {
      decide('unscored');
      continue;
    }
    decide('over-cap');
    ranked.push({ ...candidate, score });
  }
  ranked.sort((a, b) => b.score - a.score || compareIds(a.productId, b.productId));
  const slots = Math.max(0, input.maxPerPeriod - input.deliveredThisPeriod);
  return { ranked, slots, decisions };
}

/** A ranked candidate with the model's reason for it. */
export interface ExplainedCandidate extends RankedCandidate {
  readonly rank: number;
  readonly explanation: Explanation;
}

/**
 * Step 5 and 6: walks `ranking.ranked` best first, asking `explain` for each until the slots are filled;
 * a candidate whose explanation has no sentence is skipped (`no-reason`). Returns the delivered ones
 * (ranks 1, 2, … in delivery order) and every candidate's final outcome.
 */
export async function selectExplained(
  ranking: Ranking,
  explain: (candidate: RankedCandidate) => Promise<Explanation | null>,
): Promise<{ delivered: ExplainedCandidate[]; decisions: CandidateDecision[] }> {
  const delivered: ExplainedCandidate[] = [];
  const outcomes = new Map<string, CandidateOutcome>();
  for (const candidate of ranking.ranked) {
    if (delivered.length >= ranking.slots) break;
    const explanation = await explain(candidate);
    if (!explanation || !hasReason(explanation)) {
      outcomes.set(candidate.productId, 'no-reason');
      continue;
    }
    outcomes.set(candidate.productId, 'delivered');
    delivered.push({ ...candidate, rank: delivered.length + 1, explanation });
  }
  const decisions = ranking.decisions.map((decision) => {
    const outcome = outcomes.get(decision.productId);
    return outcome && decision.outcome === 'over-cap' ? { ...decision, outcome } : decision;
  });
  return { delivered, decisions };
}

/** A reason a customer can read: a sentence with at least one letter. */
export function hasReason(explanation: Pick<Explanation, 'sentence'>): boolean {
  return typeof explanation.sentence === 'string' && /\p{L}/u.test(explanation.sentence.trim());
}

/**
 * The customer facts eligibility rules read, from the customer's features: age (`customer.age`, from the
 * bank's customer record), arrears (`overdraft.days` > 0: a negative current-account balance is money owed
 * to the bank) and the suitability assessment, which the platform does not record yet — so it stays
 * unknown and every rule needing it refuses. Unknown features stay unknown (absent), never a default.
 */
export function customerFactsOf(
  features: FeatureVector,
  suitabilityAssessmentOnFile?: boolean,
): CustomerFacts {
  const age = features['customer.age'];
  const overdraftDays = features['overdraft.days'];
  return {
    ...(typeof age === 'number' && Number.isFinite(age) ? { ageYears: Math.floor(age) } : {}),
    ...(typeof overdraftDays === 'number' && Number.isFinite(overdraftDays)
      ? { inArrears: overdraftDays > 0 }
      : {}),
    ...(suitabilityAssessmentOnFile === undefined ? {} : { suitabilityAssessmentOnFile }),
  };
}

/** Product types the customer holds, from the `products-held.<type>` features. */
export function heldProductTypes(features: FeatureVector, types: readonly ProductType[]): Set<ProductType> {
  return new Set(types.filter((type) => (features[`products-held.${type}`] ?? 0) > 0));
}

/** The documents the pack requires for a product type (what the customer must get before the offer or contract). */
export function disclosuresFor(
  rules: Pick<RegionComplianceRules, 'disclosures'>,
  productType: ProductType,
): Pick<DisclosureRule, 'id' | 'document' | 'when'>[] {
  return rules.disclosures
    .filter((rule) => rule.productTypes.includes(productType))
    .map((rule) => ({ id: rule.id, document: rule.document, when: rule.when }));
}

/** The delivery period of an instant: its calendar month in UTC (`2026-11`). */
export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** Code-unit order, so ranking never depends on the server's locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
