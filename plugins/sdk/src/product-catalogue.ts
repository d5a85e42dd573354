/**
 * The product-catalogue extension point: the bank's products with typed attributes (fees, rates, limits,
 * eligibility criteria, regions, disclosure documents), which the platform shows to customers and staff and
 * which recommendations, eligibility filters and compliance rule packs reason about. A catalogue only
 * describes products; the platform decides who sees and is offered what.
 *
 * Everything here is plain JSON (money as `Money`, rates in basis points, dates and URLs as strings), so a
 * catalogue can run isolated and its answer cross a message interface unchanged.
 *
 * Versioned like the connector contract (semver, from the plugin's side: the major rises when a catalogue
 * written against an earlier version would break). History:
 * - 1.0.0: the first contract.
 * - 1.1.0: `Product.translations` (optional name and summary per language, shown in the customer's).
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { type ManifestProblem, type PluginContext, pluginRegions, type PluginRegion } from './manifest';
import type { Money } from './money';
import { type ProblemWording, schemaProblem } from './schema-problems';
import { type ProductType, productTypes } from './product';

export const productCatalogueContractVersion = '1.1.0';

/** What a fee is charged for. */
export const feeKinds = [
  'account-maintenance',
  'annual',
  'arrangement',
  'card-replacement',
  'cash-withdrawal',
  'early-repayment',
  'early-withdrawal',
  'foreign-transaction',
  'late-payment',
  'overdraft',
  'management',
  'entry',
  'exit',
  'premium',
  'other',
] as const;
export type FeeKind = (typeof feeKinds)[number];

/** How often a fee is charged: once, per period, or each time it is incurred (`per-event`). */
export const feeFrequencies = ['once', 'monthly', 'quarterly', 'annually', 'per-event'] as const;
export type FeeFrequency = (typeof feeFrequencies)[number];

/**
 * A fee: either a fixed `amount` (in the product's currency) or `basisPoints` of the amount it applies to
 * (a 2.75 % foreign-transaction fee is 275; a 1.2 % annual management fee 120) — exactly one of the two.
 */
export interface ProductFee {
  readonly kind: FeeKind;
  readonly frequency: FeeFrequency;
  readonly amount?: Money;
  readonly basisPoints?: number;
  /** What the fee applies to, in the bank's words ("per ATM withdrawal abroad"). */
  readonly description?: string;
}

/**
 * The kind of a rate. `interest` is the nominal rate; `aer` (UK annual equivalent rate), `apy` (US annual
 * percentage yield) are for savings; `apr` (and `representative-apr`, the UK/EU advertised example) for
 * credit; `purchase-apr`, `cash-advance-apr` and `overdraft-apr` where a card or account has several.
 */
export const rateKinds = [
  'interest',
  'aer',
  'apy',
  'apr',
  'representative-apr',
  'purchase-apr',
  'cash-advance-apr',
  'overdraft-apr',
] as const;
export type RateKind = (typeof rateKinds)[number];

/** A rate in basis points (1 bp = 0.01 %: 4.35 % is 435), integer, fixed or variable. */
export interface ProductRate {
  readonly kind: RateKind;
  readonly basisPoints: number;
  readonly type: 'fixed' | 'variable';
  /** For a fixed rate that later becomes variable: how many months it is fixed for. */
  readonly fixedForMonths?: number;
  /** For tiered rates: the balance from which this rate applies. */
  readonly fromAmount?: Money;
  readonly description?: string;
}

/** Inclusive bounds; either may be omitted. */
export interface AmountRange {
  readonly min?: Money;
  readonly max?: Money;
}
export interface MonthRange {
  readonly min?: number;
  readonly max?: number;
}

/**
 * Limits of the product: the amount (a deposit, a loan, a credit limit, a cover) and the term in months
 * (a fixed-term deposit, a loan, a mortgage).
 */
export interface ProductLimits {
  readonly amount?: AmountRange;
  readonly termMonths?: MonthRange;
}

/** Whether applying checks the customer's credit file: not at all, without a footprint, or fully. */
export const creditChecks = ['none', 'soft', 'hard'] as const;
export type CreditCheck = (typeof creditChecks)[number];

/**
 * Who may hold the product, as data the platform can check against what it knows (age, residency, income
 * from features); `notes` hold what it cannot ("must hold a current account with us for 6 months").
 */
export interface EligibilityCriteria {
  readonly minAge?: number;
  readonly maxAge?: number;
  /** ISO 3166-1 alpha-2 countries the customer must live in (`DE`, `GB`, `US`); omitted: any. */
  readonly residency?: readonly string[];
  /** Minimum gross annual income, in the product's currency. */
  readonly minAnnualIncome?: Money;
  readonly creditCheck: CreditCheck;
  /** Highest loan-to-value ratio in basis points (a 90 % LTV mortgage: 9000). */
  readonly maxLoanToValueBasisPoints?: number;
  readonly notes?: readonly string[];
}

/**
 * Kinds of disclosure document: `terms` (the contract's terms), `key-facts` (a product summary, UK KFI /
 * summary box), `fee-information` (the EU Payment Accounts Directive's fee information document), `kid`
 * (PRIIPs key information document), `ipid` (insurance product information document), `pre-contract`
 * (pre-contractual information, e.g. the SECCI / ESIS under the consumer-credit and mortgage directives),
 * `rate-disclosure` (US Truth in Savings / Schumer box), `privacy-notice`, `other`.
 */
export const disclosureKinds = [
  'terms',
  'key-facts',
  'fee-information',
  'kid',
  'ipid',
  'pre-contract',
  'rate-disclosure',
  'privacy-notice',
  'other',
] as const;
export type DisclosureKind = (typeof disclosureKinds)[number];

export interface DisclosureDocument {
  readonly kind: DisclosureKind;
  readonly title: string;
  /** Where the document is published (http or https). */
  readonly url: string;
  /** The bank's version of the document ("2026-01", "v3.2"). */
  readonly version: string;
  /** BCP 47 language tag (`en`, `de-AT`). */
  readonly language: string;
}

/** A product's customer-facing words in one more language (each optional; a missing one stays as written). */
export interface ProductTranslation {
  readonly name?: string;
  readonly summary?: string;
}

/** One product of the bank. Every amount is in `currency`. */
export interface Product {
  /** The bank's stable id for the product (letters, digits, `.`, `_`, `-`; at most 64). */
  readonly id: string;
  readonly name: string;
  readonly type: ProductType;
  /** A sentence for customers. */
  readonly summary?: string;
  /**
   * The name and summary in other languages, by language (ISO 639 code in lower case: `sl`, `de`): the
   * platform shows a customer the ones of the language their app asks for, else `name` and `summary` as
   * written. Optional; a bank writing in one language leaves it out.
   */
  readonly translations?: Readonly<Record<string, ProductTranslation>>;
  /** ISO 4217 code. */
  readonly currency: string;
  /** Regions of customers it is offered to. */
  readonly regions: readonly PluginRegion[];
  readonly fees: readonly ProductFee[];
  readonly rates: readonly ProductRate[];
  readonly limits: ProductLimits;
  readonly eligibility: EligibilityCriteria;
  readonly disclosures: readonly DisclosureDocument[];
  /** True when the figures are examples (a demo catalogue), not a live offer: shown as such. */
  readonly illustrative?: boolean;
}

/**
 * The extension: the bank's products, for the bank in `context` (its region and settings). Called by the
 * host when it needs the catalogue (it caches the answer per installation and version); keep no state
 * between calls. The host validates the answer with `validateProducts` and serves nothing from a catalogue
 * with problems.
 */
export interface ProductCatalogueExtension {
  listProducts(context: PluginContext): readonly Product[] | Promise<readonly Product[]>;
}

/** One problem of a catalogue: `path` is a JSON path into the product list (`$[2].fees[0].amount`). */
export type ProductProblem = ManifestProblem;

export type ProductsValidation =
  | { readonly ok: true; readonly products: readonly Product[] }
  | { readonly ok: false; readonly problems: readonly ProductProblem[] };

const moneyShape = {
  type: 'object',
  required: ['minor', 'currency'],
  additionalProperties: false,
  properties: {
    minor: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
} as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const months = { type: 'integer', minimum: 0, maximum: 1200 } as const;
const basisPoints = { type: 'integer', minimum: -10_000, maximum: 100_000 } as const;

/**
 * The JSON Schema (draft-07) of a product list, as published in the reference docs; meaning that a schema
 * cannot say (currencies agree, bounds are ordered, ids unique) is checked by `validateProducts` too.
 */
export const productListSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: [
      'id',
      'name',
      'type',
      'currency',
      'regions',
      'fees',
      'rates',
      'limits',
      'eligibility',
      'disclosures',
    ],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
      name: text(120),
      type: { type: 'string', enum: productTypes },
      summary: text(500),
      translations: {
        type: 'object',
        maxProperties: 20,
        additionalProperties: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: { name: text(120), summary: text(500) },
        },
      },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      regions: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: pluginRegions },
      },
      fees: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'frequency'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: feeKinds },
            frequency: { type: 'string', enum: feeFrequencies },
            amount: moneyShape,
            basisPoints: { type: 'integer', minimum: 0, maximum: 100_000 },
            description: text(200),
          },
        },
      },
      rates: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'basisPoints', 'type'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: rateKinds },
            basisPoints,
            type: { type: 'string', enum: ['fixed', 'variable'] },
            fixedForMonths: months,
            fromAmount: moneyShape,
            description: text(200),
          },
        },
      },
      limits: {
        type: 'object',
        additionalProperties: false,
        properties: {
          amount: {
            type: 'object',
            additionalProperties: false,
            properties: { min: moneyShape, max: moneyShape },
          },
          termMonths: {
            type: 'object',
            additionalProperties: false,
            properties: { min: months, max: months },
          },
        },
      },
      eligibility: {
        type: 'object',
        required: ['creditCheck'],
        additionalProperties: false,
        properties: {
          minAge: { type: 'integer', minimum: 0, maximum: 150 },
          maxAge: { type: 'integer', minimum: 0, maximum: 150 },
          residency: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', pattern: '^[A-Z]{2}$' },
          },
          minAnnualIncome: moneyShape,
          creditCheck: { type: 'string', enum: creditChecks },
          maxLoanToValueBasisPoints: { type: 'integer', minimum: 0, maximum: 20_000 },
          notes: { type: 'array', items: text(300) },
        },
      },
      disclosures: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'title', 'url', 'version', 'language'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: disclosureKinds },
            title: text(200),
            url: { type: 'string', format: 'uri', pattern: '^https?://' },
            version: text(40),
            language: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
          },
        },
      },
      illustrative: { type: 'boolean' },
    },
  },
} as const;

const productsAjv = new Ajv({ allErrors: true, strict: true, verbose: true });
addFormats(productsAjv);
const checkProduct = productsAjv.compile(productListSchema.items);

/** What each pattern-checked field must look like, said for people. */
const patternAdvice: Readonly<Record<string, string>> = {
  id: 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  minor: 'must be a whole, non-negative number of minor units as a string (e.g. "1999")',
  currency: 'must be an ISO 4217 code (three upper-case letters, e.g. EUR)',
  residency: 'must be an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. DE)',
  url: 'must be an http or https URL',
  language: 'must be a BCP 47 language tag (e.g. en, de-AT)',
};

const productWording: ProblemWording = {
  unknownProperty: 'is not a product attribute; remove it',
  malformed: (property) => patternAdvice[property],
  wrongDocument: 'a catalogue must be a JSON array of products',
};

/**
 * Every problem of `value` as a product list, each with its JSON path; none when valid. Pure: the host
 * runs it on every catalogue a plugin lists, and a catalogue plugin on what a bank imports.
 */
export function validateProducts(value: unknown): ProductsValidation {
  if (!Array.isArray(value)) {
    return { ok: false, problems: [{ path: '$', message: productWording.wrongDocument }] };
  }
  // Product by product, so one malformed product does not hide the meaning problems of the others.
  const problems: ProductProblem[] = [];
  const firstIndex = new Map<string, number>();
  value.forEach((product: unknown, index) => {
    if (checkProduct(product)) {
      problems.push(...meaningProblems(product as unknown as Product, `$[${index}]`));
    } else {
      const shape = (checkProduct.errors ?? []).map((error) =>
        schemaProblem({ ...error, instancePath: `/${index}${error.instancePath}` }, productWording),
      );
      // A URL failing both its format and its pattern is one problem, said once.
      const said = shape.map((problem) => `${problem.path} ${problem.message}`);
      problems.push(...shape.filter((_, at) => said.indexOf(said[at]!) === at));
    }
    const id = (product as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, index);
      else
        problems.push({
          path: `$[${index}].id`,
          message: `"${id}" is the id of $[${first}] already; ids are unique`,
        });
    }
  });
  return problems.length === 0 ? { ok: true, products: value as Product[] } : { ok: false, problems };
}

/** Currencies agree with the product's, bounds are ordered, a fee has exactly one of amount and rate. */
function meaningProblems(product: Product, path: string): ProductProblem[] {
  const problems: ProductProblem[] = [];
  const money = (value: Money | undefined, at: string) => {
    if (value && value.currency !== product.currency) {
      problems.push({
        path: `${at}.currency`,
        message: `is ${value.currency}; the product is in ${product.currency}`,
      });
    }
  };
  const ordered = (min: number | bigint | undefined, max: number | bigint | undefined, at: string) => {
    if (min !== undefined && max !== undefined && min > max) {
      problems.push({ path: `${at}.max`, message: 'is below min' });
    }
  };
  for (const language of Object.keys(product.translations ?? {})) {
    if (!/^[a-z]{2,3}$/.test(language)) {
      problems.push({
        path: `${path}.translations`,
        message: `"${language}" is not a language: use an ISO 639 code in lower case (e.g. sl)`,
      });
    }
  }
  product.fees.forEach((fee, index) => {
    const at = `${path}.fees[${index}]`;
    money(fee.amount, `${at}.amount`);
    if ((fee.amount === undefined) === (fee.basisPoints === undefined)) {
      problems.push({
        path: at,
        message: 'needs exactly one of amount (a fixed fee) and basisPoints (a percentage)',
      });
    }
  });
  product.rates.forEach((rate, index) => {
    const at = `${path}.rates[${index}]`;
    money(rate.fromAmount, `${at}.fromAmount`);
    if (rate.fixedForMonths !== undefined && rate.type !== 'fixed') {
      problems.push({ path: `${at}.fixedForMonths`, message: 'applies to fixed rates only' });
    }
  });
  const { amount, termMonths } = product.limits;
  money(amount?.min, `${path}.limits.amount.min`);
  money(amount?.max, `${path}.limits.amount.max`);
  if (amount?.min?.currency === amount?.max?.currency) {
    const minor = (value: Money | undefined) => (value ? BigInt(value.minor) : undefined);
    ordered(minor(amount?.min), minor(amount?.max), `${path}.limits.amount`);
  }
  ordered(termMonths?.min, termMonths?.max, `${path}.limits.termMonths`);
  const { eligibility } = product;
  money(eligibility.minAnnualIncome, `${path}.eligibility.minAnnualIncome`);
  if (
    eligibility.minAge !== undefined &&
    eligibility.maxAge !== undefined &&
    eligibility.minAge > eligibility.maxAge
  ) {
    problems.push({ path: `${path}.eligibility.maxAge`, message: 'is below minAge' });
  }
  return problems;
}
