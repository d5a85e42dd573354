/**
 * Drives a compliance rule pack as the platform does: `rulesFor` the bank, the answer validated with
 * `validateRegionRules` (the host refuses rules with problems) and of the bank's region, asked twice (it
 * must be pure), then the evaluators run on it for every fixture customer and product type, every consent
 * purpose and marketing channel, so a pack whose data the evaluators cannot read fails here.
 */
import {
  checkProductEligibility,
  type ComplianceRulePackExtension,
  consentPurposes,
  consentTerms,
  type EligibilityDecision,
  marketingAllowed,
  marketingChannels,
  type RegionComplianceRules,
  requiredDisclosures,
  validateRegionRules,
} from '../compliance-rule-pack';
import type { PluginContext } from '../manifest';
import { productTypes } from '../product';
import { attempt, describeError, failed, jsonProblem, sameAnswer } from './checks';
import type { ProblemSink } from './data-connector';
import type { Fixtures } from './fixtures';

export interface ComplianceRulePackRun {
  readonly rules: RegionComplianceRules;
  /** Per fixture customer id and product type: may it be offered. */
  readonly eligibility: Readonly<Record<string, Readonly<Record<string, EligibilityDecision>>>>;
}

export async function checkComplianceRulePack(
  extension: ComplianceRulePackExtension,
  context: PluginContext,
  fixtures: Fixtures,
  now: Date,
  problem: ProblemSink,
): Promise<ComplianceRulePackRun | undefined> {
  const step = 'compliance-rule-pack.rulesFor';
  const rules = await attempt(step, problem, () => extension.rulesFor(context));
  if (rules === failed) return undefined;
  const notJson = jsonProblem(rules, 'rules');
  if (notJson) problem(step, notJson);
  const found = validateRegionRules(rules, context.region);
  for (const item of found) problem(step, `${item.path} ${item.message}`);
  if (found.length > 0) return undefined;
  const again = await attempt(step, problem, () => extension.rulesFor(context));
  if (again !== failed) sameAnswer(step, rules, again, problem);

  const eligibility: Record<string, Record<string, EligibilityDecision>> = {};
  try {
    for (const customer of fixtures.customers) {
      eligibility[customer.id] = Object.fromEntries(
        productTypes.map((type) => [type, checkProductEligibility(rules, customer.facts, type)]),
      );
    }
    for (const purpose of consentPurposes) consentTerms(rules, purpose, now);
    for (const type of productTypes) requiredDisclosures(rules, type);
    for (const channel of marketingChannels) {
      for (const consent of ['granted', 'revoked', 'none'] as const) {
        marketingAllowed(rules, {
          consent,
          channel,
          now,
          timeZones: { bank: 'Europe/Berlin', customer: 'UTC' },
        });
      }
    }
  } catch (error) {
    problem(
      'compliance-rule-pack.evaluators',
      `the evaluators failed on these rules: ${describeError(error)}`,
    );
  }
  return { rules, eligibility };
}
