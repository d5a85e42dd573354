/**
 * The compliance-rule-pack extension point: the regulation a bank operates under, as typed data with the
 * source of every rule, and the pure evaluators that read it. The platform asks the pack the bank has
 * installed for its region (`ComplianceRulePackExtension.rulesFor`) and never hard-codes a period, a
 * quiet hour or an eligibility condition; hosts and plugins both decide with the evaluators below, so a
 * decision reads the same wherever it is made. Reference: docs/reference/compliance-rule-pack.md.
 *
 * Versioned (semver, from the pack's side): a change that breaks a pack written against an earlier
 * version raises the major; a new optional rule or evaluator raises the minor. History:
 * - 1.0.0: the first contract (consent purposes, AIS renewal, retention, marketing, eligibility,
 *   disclosures; `checkProductEligibility`, `marketingAllowed`, `consentTerms`, `requiredDisclosures`).
 */
// definePlugin and PluginSettingsError from './define', not './manifest': a pack's bundle carries this
// module, and the manifest's validator (Ajv) must stay out of plugin bundles (see runtime.ts).
import { definePlugin, PluginSettingsError } from './define';
import type { PluginContext, PluginRegion, TrustLevel } from './manifest';
import type { ProductType } from './product';
import { productTypes } from './product';

export const complianceRulePackContractVersion = '1.0.0';

/** Every rule carries these: refusals name the `id`, docs and compliance officers read the `source`. */
export interface CitedRule {
  /** Stable id, unique within the region's rules (`eu.ais.renewal`). */
  readonly id: string;
  /**
   * Where the rule comes from: the instrument and provision, and what the rule implements of it. Where a
   * rule is the pack's conservative reading rather than the letter of a provision, the source says so.
   */
  readonly source: string;
}

/** Purposes a customer consents to separately (the platform's consent purposes). */
export const consentPurposes = ['aggregation', 'personalisation', 'marketing', 'analytics'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export interface ConsentPurposeRule extends CitedRule {
  readonly purpose: ConsentPurpose;
  /** Longest the consent lasts before the customer must give it again; null: until withdrawn. */
  readonly validityDays: number | null;
}

/** Account information (aggregation) access. */
export interface AisRules {
  /** Longest a source consent may last; `days: null` where the region sets no cap. */
  readonly maxConsentDays: CitedRule & { readonly days: number | null };
  /** How often the customer must act for access to continue, and how; `everyDays: null`: never. */
  readonly renewal: CitedRule & {
    readonly kind: 'strong-authentication' | 'reconfirmation' | 'none';
    readonly everyDays: number | null;
  };
  /** How many days before a renewal or expiry deadline the customer is warned. */
  readonly warnDaysBefore: CitedRule & { readonly days: number };
  /** Refreshes a day without the customer present; `perDay: null` where the region sets no cap. */
  readonly unattendedRefreshes: CitedRule & { readonly perDay: number | null };
}

/** Data categories whose keeping or deletion a region regulates. */
export const retentionCategories = [
  'aggregated-data-after-consent-ends',
  'aml-records',
  'audit-trail',
  'marketing-data',
] as const;
export type RetentionCategory = (typeof retentionCategories)[number];

/** A period of days or whole years; years are calendar years (a 29 February start ends on 28 February). */
export type RetentionPeriod = { readonly days: number } | { readonly years: number };

export interface RetentionRule extends CitedRule {
  readonly category: RetentionCategory;
  /**
   * - `delete-after`: deleted `period` after `from` (0 days: at once);
   * - `keep-for`: kept at least `period` after `from` (`period: null`: as long as the records it proves);
   * - `stop-using`: no longer used for the purpose from `from` on (the law asks no deletion).
   */
  readonly action: 'delete-after' | 'keep-for' | 'stop-using';
  readonly period: RetentionPeriod | null;
  /** What starts the clock. */
  readonly from: 'consent-ended' | 'relationship-ended' | 'record-created' | 'marketing-objection';
}

/** Channels a marketing message may go through. */
export const marketingChannels = ['in-app', 'push', 'email', 'sms', 'phone'] as const;
export type MarketingChannel = (typeof marketingChannels)[number];

/** `opt-in`: only with a granted marketing consent; `opt-out`: unless the customer objected (revoked it). */
export type MarketingModel = 'opt-in' | 'opt-out';

/** A local time of day, `HH:MM` on the 24-hour clock. */
export type LocalTime = string;

export interface QuietHoursRule extends CitedRule {
  /** No marketing from `start` (inclusive) to `end` (exclusive) local time; may cross midnight. */
  readonly start: LocalTime;
  readonly end: LocalTime;
  /** Whose clock: the customer's (their location) or the bank's. */
  readonly timeZone: 'customer' | 'bank';
  readonly channels: readonly MarketingChannel[];
}

export interface MarketingRules {
  /** The region's model for using personal data for direct marketing. */
  readonly model: CitedRule & { readonly model: MarketingModel };
  /** Channels whose own law is stricter (a channel not listed follows `model`). */
  readonly channels: readonly (CitedRule & {
    readonly channel: MarketingChannel;
    readonly model: MarketingModel;
  })[];
  readonly quietHours: readonly QuietHoursRule[];
}

/** Facts about a customer that eligibility rules read; an absent fact is unknown (see `checkProductEligibility`). */
export interface CustomerFacts {
  readonly ageYears?: number;
  /** Behind on a payment owed to the bank. */
  readonly inArrears?: boolean;
  /** An investment suitability assessment of the customer is on file and current. */
  readonly suitabilityAssessmentOnFile?: boolean;
  /** Has independent means to repay, or a co-signer (US card rules for under-21s). */
  readonly independentMeansOrCosigner?: boolean;
}
export const booleanFacts = [
  'inArrears',
  'suitabilityAssessmentOnFile',
  'independentMeansOrCosigner',
] as const;
export type BooleanFact = (typeof booleanFacts)[number];

/** What a customer must satisfy, as data: a boolean fact's value, an age range, or any of several. */
export type EligibilityCondition =
  | { readonly fact: BooleanFact; readonly equals: boolean }
  | { readonly fact: 'ageYears'; readonly atLeast?: number; readonly atMost?: number }
  | { readonly anyOf: readonly EligibilityCondition[] };

export interface EligibilityRule extends CitedRule {
  /** The product kinds the rule restricts. */
  readonly productTypes: readonly ProductType[];
  /** Offered only when this holds. */
  readonly requires: EligibilityCondition;
  /** Why, in a sentence for staff and customers ("Customers in arrears are not offered new credit."). */
  readonly reason: string;
}

export interface DisclosureRule extends CitedRule {
  readonly productTypes: readonly ProductType[];
  /** The document the customer must get ("Standard European Consumer Credit Information"). */
  readonly document: string;
  readonly when: 'before-offer' | 'before-contract';
}

/** The rules of one region as a pack gives them for one bank (its settings applied). */
export interface RegionComplianceRules {
  readonly region: PluginRegion;
  readonly consentPurposes: readonly ConsentPurposeRule[];
  readonly ais: AisRules;
  readonly retention: readonly RetentionRule[];
  readonly marketing: MarketingRules;
  readonly eligibility: readonly EligibilityRule[];
  readonly disclosures: readonly DisclosureRule[];
}

/**
 * A compliance rule pack's implementation. `rulesFor` gets the bank's context (its region, one of the
 * manifest's `regions`, and its settings, already validated by the schema and the `configure` hook) and
 * returns that bank's rules: the law's, tightened where the bank's settings ask. It is called per use and
 * must be pure (no I/O, same answer for the same context), so the host may cache it per installation.
 */
export interface ComplianceRulePackExtension {
  rulesFor(context: PluginContext): RegionComplianceRules;
}

// ---------------------------------------------------------------------------------------------------
// Validation: the host checks a pack's rules before using them.

export interface RulePackProblem {
  readonly path: string;
  readonly message: string;
}

const localTimePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * Every problem of `rules` as the rules of `region`: the shape, a source on every rule, unique ids,
 * each consent purpose and retention category exactly once, sane numbers and times. None: usable.
 */
export function validateRegionRules(rules: RegionComplianceRules, region: PluginRegion): RulePackProblem[] {
  const problems: RulePackProblem[] = [];
  const ids = new Map<string, string>();
  const cited = (rule: CitedRule | undefined, path: string): void => {
    if (!rule || typeof rule !== 'object') {
      problems.push({ path, message: 'is required' });
      return;
    }
    if (typeof rule.id !== 'string' || rule.id.length === 0) {
      problems.push({ path: `${path}.id`, message: 'must be a non-empty rule id' });
    } else if (ids.has(rule.id)) {
      problems.push({ path: `${path}.id`, message: `"${rule.id}" is also the id of ${ids.get(rule.id)}` });
    } else {
      ids.set(rule.id, path);
    }
    if (typeof rule.source !== 'string' || rule.source.trim().length < 10) {
      problems.push({ path: `${path}.source`, message: 'every rule must cite its source' });
    }
  };
  const count = (value: number | null, path: string, nullable: boolean): void => {
    if (value === null ? !nullable : !Number.isInteger(value) || value < 0) {
      problems.push({
        path,
        message: nullable ? 'must be a whole number ≥ 0 or null' : 'must be a whole number ≥ 0',
      });
    }
  };
  if (rules.region !== region) {
    problems.push({ path: '$.region', message: `is "${rules.region}" but the bank's region is ${region}` });
  }
  const purposes = rules.consentPurposes ?? [];
  purposes.forEach((rule, index) => {
    const path = `$.consentPurposes[${index}]`;
    cited(rule, path);
    if (!consentPurposes.includes(rule.purpose)) {
      problems.push({ path: `${path}.purpose`, message: `"${rule.purpose}" is not a consent purpose` });
    }
    count(rule.validityDays, `${path}.validityDays`, true);
  });
  problems.push(
    ...exactlyOnce(consentPurposes, purposes, (rule) => rule.purpose, '$.consentPurposes', 'purpose'),
  );
  const ais = rules.ais;
  cited(ais?.maxConsentDays, '$.ais.maxConsentDays');
  cited(ais?.renewal, '$.ais.renewal');
  cited(ais?.warnDaysBefore, '$.ais.warnDaysBefore');
  cited(ais?.unattendedRefreshes, '$.ais.unattendedRefreshes');
  if (ais) {
    count(ais.maxConsentDays?.days ?? null, '$.ais.maxConsentDays.days', true);
    count(ais.warnDaysBefore?.days ?? null, '$.ais.warnDaysBefore.days', false);
    count(ais.unattendedRefreshes?.perDay ?? null, '$.ais.unattendedRefreshes.perDay', true);
    const renewal = ais.renewal;
    if (renewal && (renewal.kind === 'none') !== (renewal.everyDays === null)) {
      problems.push({
        path: '$.ais.renewal',
        message: 'kind "none" goes with everyDays null, and any other kind with a number of days',
      });
    } else if (renewal?.everyDays !== null && renewal?.everyDays !== undefined) {
      count(renewal.everyDays, '$.ais.renewal.everyDays', false);
    }
  }
  const retention = rules.retention ?? [];
  retention.forEach((rule, index) => {
    const path = `$.retention[${index}]`;
    cited(rule, path);
    if (!retentionCategories.includes(rule.category)) {
      problems.push({ path: `${path}.category`, message: `"${rule.category}" is not a retention category` });
    }
    if (rule.period !== null) {
      const value = 'days' in rule.period ? rule.period.days : rule.period.years;
      count(value, `${path}.period`, false);
    } else if (rule.action === 'delete-after') {
      problems.push({ path: `${path}.period`, message: 'a deletion needs a period (0 days: at once)' });
    }
  });
  problems.push(
    ...exactlyOnce(retentionCategories, retention, (rule) => rule.category, '$.retention', 'category'),
  );
  const marketing = rules.marketing;
  cited(marketing?.model, '$.marketing.model');
  (marketing?.channels ?? []).forEach((rule, index) => {
    const path = `$.marketing.channels[${index}]`;
    cited(rule, path);
    if (!marketingChannels.includes(rule.channel)) {
      problems.push({ path: `${path}.channel`, message: `"${rule.channel}" is not a marketing channel` });
    }
  });
  (marketing?.quietHours ?? []).forEach((rule, index) => {
    const path = `$.marketing.quietHours[${index}]`;
    cited(rule, path);
    for (const key of ['start', 'end'] as const) {
      if (!localTimePattern.test(rule[key])) {
        problems.push({ path: `${path}.${key}`, message: 'must be a local time HH:MM (00:00-23:59)' });
      }
    }
    if (rule.start === rule.end) {
      problems.push({ path, message: 'start and end are equal: an empty window; remove the rule' });
    }
    if (rule.channels.length === 0) {
      problems.push({ path: `${path}.channels`, message: 'must name at least one channel' });
    }
  });
  (rules.eligibility ?? []).forEach((rule, index) => {
    const path = `$.eligibility[${index}]`;
    cited(rule, path);
    problems.push(...productTypeProblems(rule.productTypes, `${path}.productTypes`));
    if (typeof rule.reason !== 'string' || rule.reason.length === 0) {
      problems.push({ path: `${path}.reason`, message: 'must say why, for staff and customers' });
    }
  });
  (rules.disclosures ?? []).forEach((rule, index) => {
    const path = `$.disclosures[${index}]`;
    cited(rule, path);
    problems.push(...productTypeProblems(rule.productTypes, `${path}.productTypes`));
  });
  return problems;
}

/** A problem for each of `expected` that `rules` do not give exactly once. */
function exactlyOnce<Rule>(
  expected: readonly string[],
  rules: readonly Rule[],
  keyOf: (rule: Rule) => string,
  path: string,
  noun: string,
): RulePackProblem[] {
  return expected
    .map((key) => ({ key, n: rules.filter((rule) => keyOf(rule) === key).length }))
    .filter(({ n }) => n !== 1)
    .map(({ key, n }) => ({ path, message: `must give the ${noun} "${key}" exactly once (found ${n})` }));
}

function productTypeProblems(types: readonly ProductType[], path: string): RulePackProblem[] {
  if (!Array.isArray(types) || types.length === 0) return [{ path, message: 'must name product types' }];
  return types
    .filter((type) => !productTypes.includes(type))
    .map((type) => ({ path, message: `"${type}" is not a product type` }));
}

// ---------------------------------------------------------------------------------------------------
// Evaluators: pure functions of the rules and the facts.

/** A rule that said no, and why. */
export interface RuleRefusal {
  readonly ruleId: string;
  readonly reason: string;
}

export type EligibilityDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly refusals: readonly RuleRefusal[] };

/**
 * Whether a product of `productType` may be offered to a customer with `facts`. Every eligibility rule
 * naming the product type must hold; the refusal lists each rule that does not, with its reason. An
 * unknown fact (absent from `facts`) never satisfies a condition: the offer is refused and the reason
 * names the missing fact, so a caller that did not look something up cannot offer by accident.
 */
export function checkProductEligibility(
  rules: Pick<RegionComplianceRules, 'eligibility'>,
  facts: CustomerFacts,
  productType: ProductType,
): EligibilityDecision {
  const refusals: RuleRefusal[] = [];
  for (const rule of rules.eligibility) {
    if (!rule.productTypes.includes(productType)) continue;
    const unknown = new Set<string>();
    if (!holds(rule.requires, facts, unknown)) {
      const missing = [...unknown].sort();
      refusals.push({
        ruleId: rule.id,
        reason:
          missing.length === 0
            ? rule.reason
            : `${rule.reason} (unknown: ${missing.join(', ')}; look it up before offering)`,
      });
    }
  }
  return refusals.length === 0 ? { allowed: true } : { allowed: false, refusals };
}

function holds(condition: EligibilityCondition, facts: CustomerFacts, unknown: Set<string>): boolean {
  if ('anyOf' in condition) return condition.anyOf.some((inner) => holds(inner, facts, unknown));
  if (condition.fact === 'ageYears') {
    const age = facts.ageYears;
    if (age === undefined) {
      unknown.add('ageYears');
      return false;
    }
    return (
      (condition.atLeast === undefined || age >= condition.atLeast) &&
      (condition.atMost === undefined || age <= condition.atMost)
    );
  }
  const value = facts[condition.fact];
  if (value === undefined) {
    unknown.add(condition.fact);
    return false;
  }
  return value === condition.equals;
}

/** The customer's marketing consent: `none` when they never answered. */
export type MarketingConsentState = 'granted' | 'revoked' | 'none';

export interface MarketingQuestion {
  readonly consent: MarketingConsentState;
  readonly channel: MarketingChannel;
  readonly now: Date;
  /** IANA time zones; the customer's falls back to the bank's when unknown. */
  readonly timeZones: { readonly bank: string; readonly customer?: string };
}

export type MarketingDecision =
  | { readonly decision: 'allowed' }
  | { readonly decision: 'refused'; readonly refusals: readonly RuleRefusal[] }
  /** Allowed later: not before `notBefore` (the end of the quiet hours that apply). */
  | { readonly decision: 'deferred'; readonly notBefore: Date; readonly refusals: readonly RuleRefusal[] };

/**
 * Whether a marketing message may go to a customer through `channel` now. The channel's own model (or the
 * region's) decides first: `opt-in` needs a granted marketing consent, `opt-out` allows unless the
 * customer revoked it. Then quiet hours on the channel: inside one, the message is deferred to the latest
 * end among the quiet hours that apply now (checked again there, so overlapping windows chain).
 */
export function marketingAllowed(
  rules: Pick<RegionComplianceRules, 'marketing'>,
  question: MarketingQuestion,
): MarketingDecision {
  const { marketing } = rules;
  const channelRule = marketing.channels.find((rule) => rule.channel === question.channel);
  const model = channelRule ?? marketing.model;
  const permitted =
    model.model === 'opt-in' ? question.consent === 'granted' : question.consent !== 'revoked';
  if (!permitted) {
    return {
      decision: 'refused',
      refusals: [
        {
          ruleId: model.id,
          reason:
            model.model === 'opt-in'
              ? `Marketing by ${question.channel} needs the customer's marketing consent (opt-in); they have not given it.`
              : `The customer opted out of marketing (revoked their marketing consent).`,
        },
      ],
    };
  }
  let at = question.now;
  const refusals: RuleRefusal[] = [];
  // Each step moves past one window's end; a day has at most a few windows, so this ends quickly.
  for (let step = 0; step < 8; step += 1) {
    const active = marketing.quietHours.filter(
      (rule) =>
        rule.channels.includes(question.channel) &&
        insideWindow(rule, localMinutes(at, zoneOf(rule, question))),
    );
    if (active.length === 0) break;
    for (const rule of active) {
      if (!refusals.some((r) => r.ruleId === rule.id)) {
        refusals.push({
          ruleId: rule.id,
          reason: `Quiet hours ${rule.start}-${rule.end} (${rule.timeZone}'s time): no ${question.channel} marketing.`,
        });
      }
    }
    at = new Date(Math.max(...active.map((rule) => windowEnd(rule, at, zoneOf(rule, question)).getTime())));
  }
  return refusals.length === 0 ? { decision: 'allowed' } : { decision: 'deferred', notBefore: at, refusals };
}

function zoneOf(rule: QuietHoursRule, question: MarketingQuestion): string {
  return rule.timeZone === 'customer'
    ? (question.timeZones.customer ?? question.timeZones.bank)
    : question.timeZones.bank;
}

function minutesOf(time: LocalTime): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** Minutes since local midnight of `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return value('hour') * 60 + value('minute');
}

function insideWindow(rule: QuietHoursRule, minutes: number): boolean {
  const start = minutesOf(rule.start);
  const end = minutesOf(rule.end);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * The instant the window containing `at` ends. Counted in local minutes, so across a daylight-saving
 * change it can be an hour early; the caller's loop checks again at that instant and moves on if needed.
 */
function windowEnd(rule: QuietHoursRule, at: Date, timeZone: string): Date {
  const now = localMinutes(at, timeZone);
  const end = minutesOf(rule.end);
  const wait = (end - now + 24 * 60) % (24 * 60) || 24 * 60;
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  return new Date(startOfMinute + wait * 60_000);
}

/** When a consent given (or renewed) at `from` expires and when it must be renewed; null: never. */
export interface ConsentTerms {
  readonly expiresAt: Date | null;
  readonly renewalDueAt: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * The terms of a consent for `purpose` given or renewed at `from`, a "day" being 24 h of UTC time:
 * expiry at the purpose's `validityDays` and, for aggregation, the AIS cap too (the earlier of the two);
 * renewal due at the AIS renewal period (aggregation only).
 */
export function consentTerms(
  rules: Pick<RegionComplianceRules, 'consentPurposes' | 'ais'>,
  purpose: ConsentPurpose,
  from: Date,
): ConsentTerms {
  const after = (days: number | null) => (days === null ? null : new Date(from.getTime() + days * DAY_MS));
  const validity = rules.consentPurposes.find((rule) => rule.purpose === purpose)?.validityDays ?? null;
  if (purpose !== 'aggregation') return { expiresAt: after(validity), renewalDueAt: null };
  const caps = [validity, rules.ais.maxConsentDays.days].filter((days): days is number => days !== null);
  return {
    expiresAt: after(caps.length === 0 ? null : Math.min(...caps)),
    renewalDueAt: after(rules.ais.renewal.everyDays),
  };
}

/** The disclosures a customer must get for a product of `productType`. */
export function requiredDisclosures(
  rules: Pick<RegionComplianceRules, 'disclosures'>,
  productType: ProductType,
): DisclosureRule[] {
  return rules.disclosures.filter((rule) => rule.productTypes.includes(productType));
}

/** Every rule of `rules`, in the order of `RegionComplianceRules` (for listings, docs and coverage checks). */
export function allRules(rules: RegionComplianceRules): CitedRule[] {
  const { ais, marketing } = rules;
  return [
    ...rules.consentPurposes,
    ais.maxConsentDays,
    ais.renewal,
    ais.warnDaysBefore,
    ais.unattendedRefreshes,
    ...rules.retention,
    marketing.model,
    ...marketing.channels,
    ...marketing.quietHours,
    ...rules.eligibility,
    ...rules.disclosures,
  ];
}

/** The retention rule of a category (validated packs give each category exactly once). */
export function retentionRule(
  rules: Pick<RegionComplianceRules, 'retention'>,
  category: RetentionCategory,
): RetentionRule {
  const rule = rules.retention.find((candidate) => candidate.category === category);
  if (!rule) throw new Error(`The rule pack gives no retention rule for "${category}"`);
  return rule;
}

// ---------------------------------------------------------------------------------------------------
// Bank settings: what a bank may change in its region's rules. Each setting can only tighten the law; a
// pack offers them with `rulePackSettingsSchema`, checks them in its `configure` hook with
// `rulePackSettingsProblems` (thrown as `PluginSettingsError`) and applies them with `tightenRules`.

/** The settings a bank may give a rule pack (all optional: without them the pack gives the law's rules). */
export interface RulePackSettings {
  /** Warn the customer this many days before an AIS renewal or expiry (at least the pack's). */
  readonly warnDaysBefore?: number;
  /** Refreshes a day without the customer present (at most the law's cap). */
  readonly unattendedRefreshesPerDay?: number;
  /** Aggregation consents last at most this many days (at most the law's cap). */
  readonly aggregationConsentDays?: number;
  /** The bank's own quiet hours for every marketing channel, `HH:MM`; both or neither. */
  readonly quietHoursStart?: string;
  readonly quietHoursEnd?: string;
  /** Whose clock the bank's quiet hours follow (default the customer's). */
  readonly quietHoursTimeZone?: 'customer' | 'bank';
}

const localTimeSchema = { type: 'string', pattern: localTimePattern.source } as const;

/** The JSON Schema (draft-07) of `RulePackSettings`, for a pack's manifest `settings`. */
export const rulePackSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    warnDaysBefore: {
      type: 'integer',
      minimum: 1,
      maximum: 90,
      description: 'Warn customers this many days before an AIS renewal or expiry (at least the law pack’s).',
    },
    unattendedRefreshesPerDay: {
      type: 'integer',
      minimum: 0,
      maximum: 24,
      description: 'Background refreshes a day without the customer present (at most the law’s cap).',
    },
    aggregationConsentDays: {
      type: 'integer',
      minimum: 1,
      maximum: 3650,
      description: 'Aggregation consents last at most this many days (at most the law’s cap).',
    },
    quietHoursStart: {
      ...localTimeSchema,
      description: 'Start of the bank’s marketing quiet hours (HH:MM).',
    },
    quietHoursEnd: { ...localTimeSchema, description: 'End of the bank’s marketing quiet hours (HH:MM).' },
    quietHoursTimeZone: {
      type: 'string',
      enum: ['customer', 'bank'],
      description: 'Whose clock the bank’s quiet hours follow (default the customer’s).',
    },
  },
} as const;

/**
 * Every way `settings` would loosen `law` (or contradict itself), as `{ field, problem }` for a
 * `PluginSettingsError`; none: the settings only tighten.
 */
export function rulePackSettingsProblems(
  law: RegionComplianceRules,
  settings: RulePackSettings,
): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  const { warnDaysBefore, unattendedRefreshesPerDay, aggregationConsentDays } = settings;
  const { ais } = law;
  if (warnDaysBefore !== undefined) {
    if (warnDaysBefore < ais.warnDaysBefore.days) {
      problems.push({
        field: 'warnDaysBefore',
        problem: `may not be below ${ais.warnDaysBefore.days} days (the ${law.region} pack's); warn earlier, not later`,
      });
    }
    const shortest = [ais.renewal.everyDays, ais.maxConsentDays.days, aggregationConsentDays ?? null]
      .filter((days): days is number => days !== null)
      .sort((a, b) => a - b)[0];
    if (shortest !== undefined && warnDaysBefore >= shortest) {
      problems.push({
        field: 'warnDaysBefore',
        problem: `must be less than the ${shortest}-day consent period, or customers are warned as they consent`,
      });
    }
  }
  const cap = ais.unattendedRefreshes.perDay;
  if (unattendedRefreshesPerDay !== undefined && cap !== null && unattendedRefreshesPerDay > cap) {
    problems.push({
      field: 'unattendedRefreshesPerDay',
      problem: `may not exceed the law's ${cap} a day (${ais.unattendedRefreshes.id})`,
    });
  }
  const maxDays = ais.maxConsentDays.days;
  if (aggregationConsentDays !== undefined && maxDays !== null && aggregationConsentDays > maxDays) {
    problems.push({
      field: 'aggregationConsentDays',
      problem: `may not exceed the law's ${maxDays} days (${ais.maxConsentDays.id})`,
    });
  }
  const { quietHoursStart: start, quietHoursEnd: end } = settings;
  if ((start === undefined) !== (end === undefined)) {
    problems.push({
      field: start === undefined ? 'quietHoursStart' : 'quietHoursEnd',
      problem: 'quiet hours need both a start and an end',
    });
  } else if (start !== undefined && start === end) {
    problems.push({ field: 'quietHoursEnd', problem: 'must differ from quietHoursStart' });
  }
  return problems;
}

/**
 * `law` with the bank's `settings` applied (call after `rulePackSettingsProblems` found none). Each
 * tightened rule keeps the law's id with `.bank` appended and cites the setting and the law it tightens.
 */
export function tightenRules(law: RegionComplianceRules, settings: RulePackSettings): RegionComplianceRules {
  const region = law.region.toLowerCase();
  const tightened = <Rule extends CitedRule>(rule: Rule, setting: string, change: Partial<Rule>): Rule => ({
    ...rule,
    ...change,
    id: `${rule.id}.bank`,
    source: `Bank setting \`${setting}\`, tightening ${rule.id}: ${rule.source}`,
  });
  let { ais, consentPurposes: purposes, marketing } = law;
  if (settings.warnDaysBefore !== undefined) {
    ais = {
      ...ais,
      warnDaysBefore: tightened(ais.warnDaysBefore, 'warnDaysBefore', { days: settings.warnDaysBefore }),
    };
  }
  if (settings.unattendedRefreshesPerDay !== undefined) {
    ais = {
      ...ais,
      unattendedRefreshes: tightened(ais.unattendedRefreshes, 'unattendedRefreshesPerDay', {
        perDay: settings.unattendedRefreshesPerDay,
      }),
    };
  }
  if (settings.aggregationConsentDays !== undefined) {
    const days = settings.aggregationConsentDays;
    purposes = purposes.map((rule) =>
      rule.purpose === 'aggregation' && (rule.validityDays === null || rule.validityDays > days)
        ? tightened(rule, 'aggregationConsentDays', { validityDays: days })
        : rule,
    );
  }
  if (settings.quietHoursStart !== undefined && settings.quietHoursEnd !== undefined) {
    marketing = {
      ...marketing,
      quietHours: [
        ...marketing.quietHours,
        {
          id: `${region}.marketing.quiet-hours.bank`,
          source:
            'Bank setting `quietHoursStart`/`quietHoursEnd`: the bank’s own quiet hours, added to any the law sets (never replacing them).',
          start: settings.quietHoursStart,
          end: settings.quietHoursEnd,
          timeZone: settings.quietHoursTimeZone ?? 'customer',
          channels: marketingChannels,
        },
      ],
    };
  }
  return { ...law, ais, consentPurposes: purposes, marketing };
}

/** What a single-region rule pack with the standard bank settings needs besides its law. */
export interface RulePackPluginOptions {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly publisher: string;
  readonly description: string;
  /** The SDK range (`^0.1.0`). */
  readonly sdk: string;
  readonly trust: TrustLevel;
  /** The law of the pack's one region (`law.region`), every rule cited. */
  readonly law: RegionComplianceRules;
}

/**
 * A compliance-rule-pack plugin for one region whose bank settings are `rulePackSettingsSchema`: the
 * `install`, `configure` and `upgrade` hooks refuse any loosening with `PluginSettingsError`, and
 * `rulesFor` gives the law tightened by the bank's settings.
 */
export function defineRulePackPlugin(options: RulePackPluginOptions) {
  const { law } = options;
  const refuseLoosening = ({ settings }: PluginContext): void => {
    const problems = rulePackSettingsProblems(law, settings as RulePackSettings);
    if (problems.length > 0) throw new PluginSettingsError(problems);
  };
  return definePlugin({
    manifest: {
      id: options.id,
      name: options.name,
      version: options.version,
      publisher: options.publisher,
      description: options.description,
      sdk: options.sdk,
      capabilities: ['compliance-rule-pack'],
      settings: rulePackSettingsSchema,
      permissions: { data: [], hosts: [] },
      regions: [law.region],
      trust: options.trust,
      hooks: ['install', 'configure', 'upgrade'],
    },
    extensions: {
      'compliance-rule-pack': {
        rulesFor: (context: PluginContext) => {
          if (context.region !== law.region) {
            throw new Error(`${options.id} gives the rules of ${law.region}, not ${context.region}`);
          }
          return tightenRules(law, context.settings as RulePackSettings);
        },
      },
    },
    hooks: { install: refuseLoosening, configure: refuseLoosening, upgrade: refuseLoosening },
  });
}
