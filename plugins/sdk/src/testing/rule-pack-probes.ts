/**
 * Table-driven tests of a compliance rule pack: the pack's tests keep one check per rule id (a table
 * `{ [ruleId]: () => void }`, run one test per entry) and state each rule's effect through these probes, so
 * every pack asks the evaluators the same questions the same way and keeps only its own cases. Framework
 * free: the checks assert with the test runner's own `expect`.
 *
 * ```ts
 * const { rules, days, refusedBy, disclosed, settingsRefused } = rulePackProbes(ukRulePackPlugin, {
 *   region: 'UK', from: new Date('2026-03-02T10:00:00Z'), timeZones: { bank: 'Europe/London' },
 * });
 * const checks = { 'uk.disclosure.mortgage': () => expect(disclosed('mortgage')).toEqual(['uk.disclosure.mortgage']) };
 * it.each(Object.keys(checks))('%s', (id) => checks[id]!());
 * it('is valid, documented and checked', () =>
 *   expect(rulePackTestProblems(ukRulePackPlugin, checks, join(__dirname, '..'))).toEqual([]));
 * ```
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type MarketingChannel,
  type MarketingConsentState,
  type MarketingDecision,
  marketingAllowed,
  type RegionComplianceRules,
  requiredDisclosures,
  type RulePackProblem,
} from '../compliance-rule-pack';
import { rulePackPluginProblems } from '../compliance-rule-pack-check';
import {
  type PluginContext,
  type PluginDefinition,
  type PluginRegion,
  PluginSettingsError,
} from '../manifest';
import type { ProductType } from '../product';

export interface RulePackProbes {
  /** The pack's rules for a bank of `region` without settings. */
  readonly rules: RegionComplianceRules;
  /** The rules for a bank of the region with `settings` (a bank's own, tighter values). */
  rulesWith(settings: Record<string, unknown>): RegionComplianceRules;
  /** `from` plus `n` days (consent terms are counted from `from`). */
  days(n: number): Date;
  /** The marketing decision for a customer with `consent` on `channel` at `now` (default: the options' `now`). */
  marketing(consent: MarketingConsentState, channel: MarketingChannel, now?: Date): MarketingDecision;
  /** Ids of the rules refusing or deferring that message; none when it is allowed. */
  refusedBy(consent: MarketingConsentState, channel: MarketingChannel, now?: Date): string[];
  /** Ids of the disclosures a product type needs, in the order the evaluator gives them. */
  disclosed(productType: ProductType): string[];
  /** Fields the pack's `configure` hook refuses in `settings` (a `PluginSettingsError`'s); none when accepted. */
  settingsRefused(settings: Record<string, unknown>): string[];
}

export function rulePackProbes(
  plugin: PluginDefinition,
  options: {
    readonly region: PluginRegion;
    /** The instant consent terms start from (`days(n)` counts from it). */
    readonly from: Date;
    /** When marketing is asked about unless a probe names another instant (default: `from`). */
    readonly now?: Date;
    readonly timeZones: { readonly bank: string; readonly customer?: string };
  },
): RulePackProbes {
  const pack = plugin.extensions['compliance-rule-pack'];
  if (!pack) throw new Error(`${plugin.manifest.id} has no compliance-rule-pack extension`);
  const context: PluginContext = { tenantId: 'bank', region: options.region, settings: {} };
  const rules = pack.rulesFor(context);
  const marketing = (consent: MarketingConsentState, channel: MarketingChannel, now?: Date) =>
    marketingAllowed(rules, {
      consent,
      channel,
      now: now ?? options.now ?? options.from,
      timeZones: options.timeZones,
    });
  return {
    rules,
    rulesWith: (settings) => pack.rulesFor({ ...context, settings }),
    days: (n) => new Date(options.from.getTime() + n * 86_400_000),
    marketing,
    refusedBy: (consent, channel, now) => {
      const decision = marketing(consent, channel, now);
      return decision.decision === 'allowed' ? [] : decision.refusals.map((refusal) => refusal.ruleId);
    },
    disclosed: (productType) => requiredDisclosures(rules, productType).map((rule) => rule.id),
    settingsRefused: (settings) => {
      try {
        void plugin.hooks?.configure?.({ ...context, settings });
        return [];
      } catch (error) {
        if (error instanceof PluginSettingsError) return error.problems.map((problem) => problem.field);
        throw error;
      }
    },
  };
}

/**
 * What `rulePackPluginProblems` finds for the pack with the README of its package (`<packageDir>/README.md`)
 * and the rule ids the table checks: none when the plugin is valid, every rule is documented with its
 * source, and every rule (and no other id) has a check.
 */
export function rulePackTestProblems(
  plugin: PluginDefinition,
  checks: Readonly<Record<string, unknown>>,
  packageDir: string,
): RulePackProblem[] {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  return rulePackPluginProblems(plugin, { readme, checkedRuleIds: Object.keys(checks) });
}
