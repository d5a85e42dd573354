import { defaultCatalogue } from '@finpersona/catalogue-retail';
import { euRules } from '@finpersona/compliance-eu';
import { ukRules } from '@finpersona/compliance-uk';
import { usRules } from '@finpersona/compliance-us';
import {
  checkProductEligibility,
  type CustomerFacts,
  type Explanation,
  type ProductType,
  productTypes,
  type RegionComplianceRules,
} from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import {
  customerFactsOf,
  type DeliveryCandidate,
  type DeliveryInput,
  disclosuresFor,
  hasReason,
  heldProductTypes,
  periodOf,
  rankCandidates,
  selectExplained,
} from './delivery-core';
import { seededRandom } from '../testing/seeded-random';

const regions = ['EU', 'UK', 'US'] as const;
const law: Record<(typeof regions)[number], RegionComplianceRules> = {
  EU: euRules,
  UK: ukRules,
  US: usRules,
};

interface GeneratedCustomer {
  index: number;
  region: (typeof regions)[number];
  facts: CustomerFacts;
  input: DeliveryInput;
  /** Sentences the model gives per product (empty or missing: no reason). */
  sentences: Map<string, string | null>;
}

function generateCustomer(random: ReturnType<typeof seededRandom>, index: number): GeneratedCustomer {
  const region = random.pick(regions);
  const catalogue: DeliveryCandidate[] = defaultCatalogue(region).map((product) => ({
    productId: product.id,
    productType: product.type,
    catalogue: 'catalogue-retail',
  }));
  // Ages across the edges the packs care about: minors, 18-20 (US cards), adults, over-70s, unknown.
  const age = random.pick([
    () => random.int(10, 17),
    () => random.int(18, 20),
    () => random.int(21, 69),
    () => random.int(70, 99),
    () => undefined,
  ])();
  const tristate = () => random.pick([true, false, undefined]);
  const arrears = tristate();
  const suitability = tristate();
  const independentMeans = tristate();
  const facts: CustomerFacts = {
    ...(age === undefined ? {} : { ageYears: age }),
    ...(arrears === undefined ? {} : { inArrears: arrears }),
    ...(suitability === undefined ? {} : { suitabilityAssessmentOnFile: suitability }),
    ...(independentMeans === undefined ? {} : { independentMeansOrCosigner: independentMeans }),
  };
  const held = new Set<ProductType>(productTypes.filter(() => random.chance(0.25)));
  const dismissed = new Set(catalogue.filter(() => random.chance(0.2)).map((c) => c.productId));
  const scores = new Map<string, number>();
  const sentences = new Map<string, string | null>();
  for (const candidate of catalogue) {
    // Mostly valid scores; some missing or out of range (a faulty model must not get them delivered).
    const roll = random.next();
    if (roll < 0.85) scores.set(candidate.productId, random.next());
    else if (roll < 0.9) scores.set(candidate.productId, random.pick([1.5, -0.2, Number.NaN]));
    sentences.set(
      candidate.productId,
      random.chance(0.85)
        ? `Reason ${index} for ${candidate.productId}`
        : random.pick(['', '   ', '…', null]),
    );
  }
  const maxPerPeriod = random.int(0, 5);
  return {
    index,
    region,
    facts,
    sentences,
    input: {
      rules: law[region],
      facts,
      candidates: catalogue,
      held,
      dismissed,
      scores,
      maxPerPeriod,
      deliveredThisPeriod: random.int(0, maxPerPeriod + 1),
    },
  };
}

const explanationOf = (sentence: string | null): Explanation | null =>
  sentence === null
    ? null
    : { sentence, attributions: [{ feature: 'income.monthly', value: 1, contribution: 0.1 }] };

describe('recommendation delivery core, generated customers through the real rule packs', () => {
  const seed = Number(process.env.RECOMMENDATION_TEST_SEED ?? 20261126);
  const customers = 5000;

  it(`no delivered recommendation violates the pack, repeats a dismissed offer, exceeds the cap or lacks a reason (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const violations: string[] = [];
    const seen = {
      delivered: 0,
      ineligible: 0,
      noReason: 0,
      overCap: 0,
      minorsRefusedCredit: 0,
      over70Credit: 0,
    };
    for (let index = 0; index < customers; index += 1) {
      const customer = generateCustomer(random, index);
      const { input } = customer;
      const where = `seed ${seed}, customer #${index} (${customer.region}, facts ${JSON.stringify(customer.facts)})`;
      const ranking = rankCandidates(input);
      const { delivered, decisions } = await selectExplained(ranking, async (candidate) =>
        explanationOf(customer.sentences.get(candidate.productId) ?? null),
      );
      if (
        input.deliveredThisPeriod + delivered.length >
        Math.max(input.maxPerPeriod, input.deliveredThisPeriod)
      ) {
        violations.push(
          `${where}: ${delivered.length} delivered over a cap of ${input.maxPerPeriod} with ${input.deliveredThisPeriod} already`,
        );
      }
      for (const recommendation of delivered) {
        // Re-checked independently of the core, with the pack's own evaluator.
        const decision = checkProductEligibility(
          law[customer.region],
          customer.facts,
          recommendation.productType,
        );
        if (!decision.allowed) {
          violations.push(
            `${where}: ${recommendation.productId} delivered against ${JSON.stringify(decision.refusals)}`,
          );
        }
        if (input.dismissed.has(recommendation.productId)) {
          violations.push(`${where}: dismissed ${recommendation.productId} delivered again`);
        }
        if (input.held.has(recommendation.productType)) {
          violations.push(
            `${where}: ${recommendation.productId} delivered though a ${recommendation.productType} is held`,
          );
        }
        if (
          typeof recommendation.explanation.sentence !== 'string' ||
          recommendation.explanation.sentence.trim() === '' ||
          !hasReason(recommendation.explanation)
        ) {
          violations.push(`${where}: ${recommendation.productId} delivered without a reason`);
        }
        if (!(recommendation.score >= 0 && recommendation.score <= 1)) {
          violations.push(
            `${where}: ${recommendation.productId} delivered with score ${recommendation.score}`,
          );
        }
        const record = decisions.filter((entry) => entry.productId === recommendation.productId);
        if (record.length !== 1 || record[0]!.outcome !== 'delivered') {
          violations.push(`${where}: ${recommendation.productId} has no single 'delivered' decision record`);
        }
      }
      // Ranked by score, best first; ranks 1..n.
      delivered.forEach((recommendation, position) => {
        if (recommendation.rank !== position + 1)
          violations.push(`${where}: rank ${recommendation.rank} at ${position}`);
        const next = delivered[position + 1];
        if (next && next.score > recommendation.score) violations.push(`${where}: not ranked by score`);
      });
      // The decision record covers every candidate exactly once.
      if (decisions.length !== input.candidates.length) {
        violations.push(`${where}: ${decisions.length} decisions for ${input.candidates.length} candidates`);
      }
      seen.delivered += delivered.length;
      seen.ineligible += decisions.filter((entry) => entry.outcome === 'ineligible').length;
      seen.noReason += decisions.filter((entry) => entry.outcome === 'no-reason').length;
      seen.overCap += decisions.filter((entry) => entry.outcome === 'over-cap').length;
      const credit = (type: ProductType) => ['credit-card', 'personal-loan', 'mortgage'].includes(type);
      if ((customer.facts.ageYears ?? 99) < 18) {
        seen.minorsRefusedCredit += decisions.filter(
          (d) => credit(d.productType) && d.outcome === 'ineligible',
        ).length;
      }
      if ((customer.facts.ageYears ?? 0) >= 70) {
        seen.over70Credit += delivered.filter((d) => credit(d.productType)).length;
      }
      if (violations.length > 20) break;
    }
    expect(violations, `re-run with RECOMMENDATION_TEST_SEED=${seed}`).toEqual([]);
    // The generated population reaches every branch, so the properties above were really exercised.
    expect(seen.delivered).toBeGreaterThan(customers / 2);
    expect(seen.ineligible).toBeGreaterThan(0);
    expect(seen.noReason).toBeGreaterThan(0);
    expect(seen.overCap).toBeGreaterThan(0);
    expect(seen.minorsRefusedCredit).toBeGreaterThan(0);
    // Over-70s are not barred by any pack: they do get credit offers when eligible otherwise.
    expect(seen.over70Credit).toBeGreaterThan(0);
  });

  it('an unknown fact refuses the products whose rules read it (investment without a suitability assessment)', () => {
    const candidates: DeliveryCandidate[] = defaultCatalogue('EU').map((product) => ({
      productId: product.id,
      productType: product.type,
      catalogue: 'catalogue-retail',
    }));
    const ranking = rankCandidates({
      rules: euRules,
      facts: { ageYears: 40, inArrears: false },
      candidates,
      held: new Set(),
      dismissed: new Set(),
      scores: new Map(candidates.map((candidate) => [candidate.productId, 0.5])),
      maxPerPeriod: 10,
      deliveredThisPeriod: 0,
    });
    const investments = ranking.decisions.filter((decision) => decision.productType === 'investment-fund');
    expect(investments.length).toBeGreaterThan(0);
    for (const decision of investments) {
      expect(decision.outcome).toBe('ineligible');
      expect(decision.refusals.map((refusal) => refusal.ruleId)).toEqual([
        'eu.eligibility.investment-suitability',
      ]);
    }
    expect(ranking.ranked.some((candidate) => candidate.productType === 'personal-loan')).toBe(true);
  });

  it('an unexplained candidate gives its slot to the next one, and the cap counts what was delivered before', async () => {
    const candidates: DeliveryCandidate[] = ['a', 'b', 'c', 'd'].map((id) => ({
      productId: id,
      productType: 'savings-account',
      catalogue: 'c',
    }));
    const input: DeliveryInput = {
      rules: euRules,
      facts: {},
      candidates,
      held: new Set(),
      dismissed: new Set(['d']),
      scores: new Map([
        ['a', 0.9],
        ['b', 0.8],
        ['c', 0.7],
        ['d', 0.99],
      ]),
      maxPerPeriod: 3,
      deliveredThisPeriod: 1,
    };
    const { delivered, decisions } = await selectExplained(rankCandidates(input), async (candidate) =>
      explanationOf(candidate.productId === 'a' ? '' : `Because of ${candidate.productId}`),
    );
    expect(delivered.map((item) => [item.productId, item.rank])).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
    expect(Object.fromEntries(decisions.map((decision) => [decision.productId, decision.outcome]))).toEqual({
      a: 'no-reason',
      b: 'delivered',
      c: 'delivered',
      d: 'dismissed',
    });
  });

  it('reads facts and holdings from features, leaving unknown ones unknown', () => {
    expect(customerFactsOf({ 'customer.age': 34.9, 'overdraft.days': 0 })).toEqual({
      ageYears: 34,
      inArrears: false,
    });
    expect(customerFactsOf({ 'customer.age': null, 'overdraft.days': 3 })).toEqual({ inArrears: true });
    expect(customerFactsOf({}, true)).toEqual({ suitabilityAssessmentOnFile: true });
    expect([
      ...heldProductTypes({ 'products-held.mortgage': 1, 'products-held.credit-card': 0 }, productTypes),
    ]).toEqual(['mortgage']);
    expect(disclosuresFor(usRules, 'credit-card').map((rule) => rule.id)).toEqual([
      'us.disclosure.glba-privacy-notice',
      'us.disclosure.card-application',
    ]);
    expect(periodOf(new Date('2026-11-30T23:59:59Z'))).toBe('2026-11');
    expect(periodOf(new Date('2026-12-01T00:00:00Z'))).toBe('2026-12');
  });
});
