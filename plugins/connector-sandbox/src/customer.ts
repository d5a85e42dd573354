/**
 * `generateCustomer`: one synthetic person, their accounts and the plan their transactions follow,
 * from (seed, index, options) alone. Nothing is shared between customers, so customer 7 is the same
 * whether or not customers 0–6 were generated, and any number of customers fits in constant memory.
 */
import { createHash } from 'node:crypto';
import type { AccountType, Money, SourceAccount } from '@finpersona/plugin-sdk';
import { civilFromDay, isoFromDay, weekday } from './calendar';
import {
  carDealer,
  conveyancers,
  discretionaryMerchants,
  groceryMerchants,
  employerStems,
  landlords,
  lenders,
  partTimeEmployers,
  pensionPayers,
  regionProfiles,
  subscriptionServices,
  utilityProviders,
  type Locale,
  type RegionProfile,
  type SandboxRegion,
  type SubscriptionService,
} from './catalogue';
import { makeAccountIdentifier, makeCardNumber, makeCounterpartyAccount } from './identifiers';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './options';
import { Random } from './random';
import { merchantWeight, type SpendingWeights } from './spending';
import { simulate, type GeneratedTransaction } from './simulate';

/** Life-stage archetypes, with the share of customers in each (documented in the README). */
export const archetypeMix = [
  ['student', 8],
  ['young-professional', 22],
  ['family', 25],
  ['established', 20],
  ['retiree', 17],
  ['freelancer', 8],
] as const;
export type Archetype = (typeof archetypeMix)[number][0];

export interface SandboxPerson {
  readonly givenName: string;
  readonly familyName: string;
  readonly fullName: string;
  /** Always at example.com / example.org / example.net (RFC 2606): never a real mailbox. */
  readonly email: string;
  readonly birthYear: number;
  readonly locale: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly city: string;
  readonly region: SandboxRegion;
}

/** An account as the connector reports it, plus what the generator knows about its history. */
export interface SandboxAccount extends SourceAccount {
  /** Balance at the start of the period (zero for accounts opened during it). */
  readonly openingBalance: Money;
  /** Agreed overdraft (current account) or credit limit (card). */
  readonly creditLimit?: Money;
}

export type ProductEventKind = 'opened';
/** Ground truth: a product the customer takes up (accounts opened before the period have a date before it). */
export interface ProductEvent {
  readonly date: string;
  readonly product: AccountType;
  readonly event: ProductEventKind;
  readonly sourceAccountId: string;
  /** True when it happens inside the generated period (what a next-product model should predict). */
  readonly duringPeriod: boolean;
}

export type LifeEventKind = 'job-change' | 'subscription-start' | 'subscription-cancel' | 'moved-to-mortgage';
export interface LifeEvent {
  readonly date: string;
  readonly kind: LifeEventKind;
  readonly detail: string;
}

/** Ground truth about the customer, separate from anything a connector returns. */
export interface CustomerTruth {
  readonly archetype: Archetype;
  readonly overdraftProne: boolean;
  /** Net monthly income at the start of the period, in minor units. */
  readonly monthlyIncome: Money;
  readonly products: readonly ProductEvent[];
  readonly lifeEvents: readonly LifeEvent[];
}

export interface SandboxCustomer {
  /** `sb-` + a hash of (seed, index): stable and opaque. */
  readonly id: string;
  readonly seed: string;
  readonly index: number;
  readonly options: SandboxOptions;
  readonly person: SandboxPerson;
  readonly currency: string;
  readonly period: { readonly startDate: string; readonly endDate: string };
  readonly accounts: readonly SandboxAccount[];
  readonly truth: CustomerTruth;
  /**
   * The customer's transactions over all accounts in booking-date order, each with its ground truth.
   * Lazy and restartable: each call generates the stream afresh, identically.
   */
  transactions(): Generator<GeneratedTransaction>;
}

// ---------------------------------------------------------------------------------------------
// The plan: everything about a customer that is decided up front. The simulation follows it.

export type Period = 'weekly' | 'biweekly' | 'monthly' | 'quarterly' | 'yearly';

export interface IncomePlan {
  readonly kind: 'salary' | 'pension' | 'allowance';
  readonly payer: string;
  readonly payerAccount: string;
  readonly monthlyNet: number;
  readonly frequency: 'monthly' | 'biweekly';
  /** Day of month (monthly) or the day number of one pay Friday (biweekly). */
  readonly payDay: number;
  readonly fromDay: number;
  /** Exclusive. */
  readonly toDay: number;
  /** Month (1–12) pay rises or pensions are indexed, and by how much. */
  readonly raiseMonth: number;
  readonly raiseRate: number;
  /** Relative noise on each payment (overtime, part-time hours); 0 = exact. */
  readonly variation: number;
  readonly seriesId: string;
}

export interface PaymentPlan {
  readonly payee: string;
  readonly payeeAccount: string;
  readonly amount: number;
  readonly dayOfMonth: number;
  /** Every this many months (1 = monthly, 3 = quarterly), in months where `month % every === phase`. */
  readonly every: 1 | 3;
  readonly phase: number;
  readonly fromDay: number;
  readonly toDay: number;
  /** Month the amount changes each year and by how much (0 = never). */
  readonly changeMonth: number;
  readonly changeRate: number;
  readonly seriesId: string;
}

export interface SubscriptionPlan {
  readonly service: SubscriptionService;
  readonly fromDay: number;
  readonly toDay: number;
  readonly yearly: boolean;
  readonly dayOfMonth: number;
  readonly onCard: boolean;
  readonly seriesId: string;
}

export interface LoanPlan {
  readonly accountIndex: number;
  readonly kind: 'loan' | 'mortgage';
  readonly openDay: number;
  readonly principal: number;
  /** Owed at the start of the period (0 if it opens during the period). */
  readonly openingOwed: number;
  readonly monthlyRate: number;
  readonly payment: number;
  readonly paymentDay: number;
  readonly seriesId: string;
  readonly purpose: 'car' | 'personal' | 'home';
}

export interface CustomerPlan {
  readonly options: ResolvedOptions;
  readonly profile: RegionProfile;
  readonly locale: Locale;
  readonly city: string;
  readonly archetype: Archetype;
  readonly incomes: readonly IncomePlan[];
  readonly freelance: {
    readonly client: readonly string[];
    readonly perMonth: number;
    readonly meanInvoice: number;
  } | null;
  readonly housing: PaymentPlan | null;
  readonly housingKind: 'rent' | 'mortgage' | 'none';
  readonly moveToMortgage: {
    readonly day: number;
    readonly conveyancer: string;
    readonly deposit: number;
  } | null;
  readonly utilities: readonly (PaymentPlan & {
    readonly category: 'utilities.energy' | 'utilities.water' | 'utilities.telecom';
    readonly seasonal: boolean;
  })[];
  readonly subscriptions: readonly SubscriptionPlan[];
  readonly loans: readonly LoanPlan[];
  readonly current: {
    readonly openingBalance: number;
    readonly overdraftLimit: number;
    readonly overdraftRate: number;
  };
  readonly savings: {
    readonly accountIndex: number;
    readonly openDay: number;
    readonly openingBalance: number;
    readonly monthly: number;
    readonly dayOfMonth: number;
    readonly rate: number;
    readonly seriesId: string;
  } | null;
  readonly card: {
    readonly accountIndex: number;
    readonly openDay: number;
    readonly openingOwed: number;
    readonly limit: number;
    readonly paymentDay: number;
    readonly paysInFull: boolean;
    readonly monthlyRate: number;
    readonly share: number;
    readonly seriesId: string;
  } | null;
  readonly spending: {
    readonly groceriesPerWeek: number;
    readonly groceryScale: number;
    readonly discretionaryPerWeek: number;
    readonly amountScale: number;
    readonly weights: SpendingWeights;
    readonly atmPerMonth: number;
    readonly friendsOutPerMonth: number;
    readonly friendsInPerMonth: number;
    readonly largePerYear: number;
    readonly holidayChance: number;
    /** Scales holidays and large purchases with income (1 = a 3,000 EUR monthly income). */
    readonly wealth: number;
  };
  readonly friends: readonly { readonly name: string; readonly account: string }[];
  readonly overdraftProne: boolean;
  /** Current-account balance the customer tries to keep (prudent) or tolerates going below (prone). */
  readonly comfortBalance: number;
  readonly monthlyIncome: number;
  readonly carPurchase: { readonly day: number; readonly amount: number } | null;
}

// ---------------------------------------------------------------------------------------------

/** A short, stable, opaque key for (seed, index): the customer's id and the prefix of all its ids. */
export function customerKey(seed: string, index: number): string {
  return createHash('sha256')
    .update(`finpersona-sandbox|${seed.length}:${seed}|${index}`)
    .digest('base64url')
    .slice(0, 12)
    .replace(/[-_]/g, 'x');
}

/**
 * Generates customer `index` of the sandbox bank seeded with `seed`. Cheap (no transactions are
 * generated until `transactions()` is iterated). Throws `SandboxOptionsError` for bad options.
 */
export function generateCustomer(
  seed: string | number,
  index: number,
  options: SandboxOptions = {},
): SandboxCustomer {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`Customer index must be a non-negative integer; got ${index}.`);
  const seedText = String(seed);
  const resolved = resolveOptions(options);
  const key = customerKey(seedText, index);
  const random = Random.of('finpersona-sandbox', seedText, index);
  const profile = regionProfiles[resolved.region];
  const locale = random.weighted(profile.locales);
  const person = makePerson(random.fork('person'), locale);
  const archetype = random.fork('archetype').weighted(archetypeMix);
  const birthYear = birthYearFor(random.fork('age'), archetype, resolved.endDay);
  const plan = makePlan(random.fork('plan'), key, archetype, profile, locale, resolved);
  const built = buildAccounts(
    random.fork('accounts'),
    key,
    plan,
    person.fullName,
    locale.country,
    profile.currency,
  );
  const fullPerson: SandboxPerson = { ...person, birthYear, region: resolved.region, city: plan.city };
  const truth: CustomerTruth = {
    archetype,
    overdraftProne: plan.overdraftProne,
    monthlyIncome: { minor: String(plan.monthlyIncome), currency: profile.currency },
    products: built.products,
    lifeEvents: lifeEvents(plan),
  };
  const customer: SandboxCustomer = {
    id: `sb-${key}`,
    seed: seedText,
    index,
    options,
    person: fullPerson,
    currency: profile.currency,
    period: { startDate: isoFromDay(resolved.startDay), endDate: isoFromDay(resolved.endDay) },
    accounts: built.accounts,
    truth,
    transactions: () => simulate(random.fork('transactions'), plan, built.accounts, person.fullName),
  };
  return customer;
}

/**
 * The accented letters of the name lists, spelled out rather than via `normalize('NFD')`, whose result
 * depends on the ICU data a Node build ships with (and would break byte-identical output).
 */
const plainLetters: Readonly<Record<string, string>> = {
  á: 'a',
  à: 'a',
  â: 'a',
  ä: 'a',
  ç: 'c',
  é: 'e',
  è: 'e',
  ê: 'e',
  ë: 'e',
  í: 'i',
  ì: 'i',
  ï: 'i',
  ñ: 'n',
  ó: 'o',
  ò: 'o',
  ô: 'o',
  ö: 'o',
  ú: 'u',
  ù: 'u',
  û: 'u',
  ü: 'u',
  ß: 'ss',
};

function asciiLower(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, (char) => plainLetters[char] ?? '');
}

function makePerson(random: Random, locale: Locale): Omit<SandboxPerson, 'birthYear' | 'region' | 'city'> {
  const givenName = random.pick(locale.givenNames);
  const familyName = random.pick(locale.familyNames);
  const domain = random.pick(['example.com', 'example.org', 'example.net']);
  const email = `${asciiLower(givenName)}.${asciiLower(familyName)}${random.int(1, 999)}@${domain}`;
  return {
    givenName,
    familyName,
    fullName: `${givenName} ${familyName}`,
    email,
    locale: locale.locale,
    country: locale.country,
  };
}

/** Age (years at the end of the period) and net monthly income (EUR cents, before the region's scale) by archetype. */
const archetypeRanges: Readonly<
  Record<Archetype, { readonly age: readonly [number, number]; readonly income: readonly [number, number] }>
> = {
  student: { age: [18, 25], income: [65000, 110000] },
  'young-professional': { age: [23, 34], income: [190000, 330000] },
  family: { age: [29, 48], income: [260000, 460000] },
  established: { age: [40, 62], income: [330000, 700000] },
  retiree: { age: [66, 88], income: [120000, 260000] },
  freelancer: { age: [25, 55], income: [160000, 450000] },
};

function birthYearFor(random: Random, archetype: Archetype, endDay: number): number {
  const [min, max] = archetypeRanges[archetype].age;
  return civilFromDay(endDay).year - random.int(min, max);
}

const roundTo = (value: number, step: number): number => Math.max(step, Math.round(value / step) * step);

function companyName(random: Random, locale: Locale): string {
  return `${random.pick(employerStems)} ${locale.companySuffix}`;
}

/** Scales a EUR-cent price into the region's currency and ends it in .99 like a shelf price. */
export function shelfPrice(eurCents: number, profile: RegionProfile): number {
  return Math.max(99, Math.round((eurCents * profile.priceScale) / 100) * 100 - 1);
}

/** The first Friday on or after `day`. */
function fridayOnOrAfter(day: number): number {
  return day + ((4 - weekday(day) + 7) % 7);
}

/** Annuity payment for `principal` over `months` at `monthlyRate` (repeated multiplication, no `Math.pow`). */
function annuity(principal: number, monthlyRate: number, months: number): number {
  let growth = 1;
  for (let i = 0; i < months; i++) growth *= 1 + monthlyRate;
  return Math.ceil((principal * monthlyRate * growth) / (growth - 1));
}

/** What is still owed after `months` payments. */
function owedAfter(principal: number, monthlyRate: number, payment: number, months: number): number {
  let owed = principal;
  for (let i = 0; i < months && owed > 0; i++) owed = owed + Math.round(owed * monthlyRate) - payment;
  return Math.max(0, owed);
}

const averageGroceryMedian =
  groceryMerchants.reduce((sum, item) => sum + item.median, 0) / groceryMerchants.length;

/** Mean merchant median of an archetype's card spending, weighted as the simulation picks merchants. */
function averageDiscretionaryMedian(archetype: Archetype): number {
  let weighted = 0;
  let total = 0;
  for (const merchant of discretionaryMerchants) {
    const weight = merchantWeight(spendingWeights[archetype], merchant, 6, false);
    weighted += weight * merchant.median;
    total += weight;
  }
  // The amounts' long right tail puts the mean about 15% above the median.
  return (weighted / total) * 1.15;
}

/** Spending weights by category family and archetype (relative frequency of card payments). */
const spendingWeights: Readonly<Record<Archetype, SpendingWeights>> = {
  student: { dining: 5, transport: 3, shopping: 2, health: 0.5, leisure: 2 },
  'young-professional': { dining: 5, transport: 2.5, shopping: 2.5, health: 0.7, leisure: 1.5 },
  family: { dining: 2.5, transport: 3, shopping: 3.5, health: 1.2, leisure: 1.2 },
  established: { dining: 3.5, transport: 2.5, shopping: 2.5, health: 1, leisure: 1 },
  retiree: { dining: 2, transport: 1.5, shopping: 2, health: 2.5, leisure: 0.8 },
  freelancer: { dining: 4.5, transport: 2.5, shopping: 2.5, health: 0.7, leisure: 1.3 },
};

function makePlan(
  random: Random,
  key: string,
  archetype: Archetype,
  profile: RegionProfile,
  locale: Locale,
  options: ResolvedOptions,
): CustomerPlan {
  const { startDay, endDay } = options;
  const span = endDay - startDay + 1;
  const within = (from = 0.05, to = 0.95): number => startDay + Math.floor(span * random.between(from, to));
  let seriesCount = 0;
  const series = (what: string): string => `${key}:${what}:${++seriesCount}`;
  const country = locale.country;
  const account = (): string => makeCounterpartyAccount(country, random);

  const [incomeMin, incomeMax] = archetypeRanges[archetype].income;
  const monthlyIncome = roundTo(random.between(incomeMin, incomeMax) * profile.incomeScale, 100);
  const incomes: IncomePlan[] = [];
  const addSalary = (
    payer: string,
    monthlyNet: number,
    fromDay: number,
    toDay: number,
    variation: number,
  ): void => {
    const biweekly = random.chance(profile.biweeklyPayShare);
    incomes.push({
      kind: 'salary',
      payer,
      payerAccount: account(),
      monthlyNet,
      frequency: biweekly ? 'biweekly' : 'monthly',
      payDay: biweekly
        ? fridayOnOrAfter(startDay - 14 + random.int(0, 13))
        : random.pick([1, 15, 25, 26, 28, 31]),
      fromDay,
      toDay,
      raiseMonth: random.pick([1, 4, 7]),
      raiseRate: random.between(0.015, 0.06),
      variation,
      seriesId: series('salary'),
    });
  };
  let freelance: CustomerPlan['freelance'] = null;
  if (archetype === 'retiree') {
    incomes.push({
      kind: 'pension',
      payer: random.pick(pensionPayers[options.region]),
      payerAccount: account(),
      monthlyNet: monthlyIncome,
      frequency: 'monthly',
      payDay: random.pick([1, 3, 15, 28]),
      fromDay: startDay,
      toDay: endDay + 1,
      raiseMonth: 1,
      raiseRate: random.between(0.015, 0.04),
      variation: 0,
      seriesId: series('pension'),
    });
  } else if (archetype === 'student') {
    const allowance = roundTo(monthlyIncome * random.between(0.4, 0.7), 1000);
    incomes.push({
      kind: 'allowance',
      payer: `${random.pick(locale.givenNames)} ${random.pick(locale.familyNames)}`,
      payerAccount: account(),
      monthlyNet: allowance,
      frequency: 'monthly',
      payDay: 1,
      fromDay: startDay,
      toDay: endDay + 1,
      raiseMonth: 9,
      raiseRate: 0,
      variation: 0,
      seriesId: series('allowance'),
    });
    addSalary(
      `${random.pick(partTimeEmployers)} ${locale.companySuffix}`,
      monthlyIncome - allowance,
      startDay,
      endDay + 1,
      0.3,
    );
  } else if (archetype === 'freelancer') {
    freelance = {
      client: [companyName(random, locale), companyName(random, locale), companyName(random, locale)],
      perMonth: random.between(1.5, 4),
      meanInvoice: 0,
    };
    freelance = { ...freelance, meanInvoice: Math.round(monthlyIncome / freelance.perMonth) };
  } else {
    const variation = random.chance(0.3) ? random.between(0.02, 0.08) : 0;
    if (random.chance(0.22)) {
      const change = within(0.15, 0.85);
      addSalary(companyName(random, locale), monthlyIncome, startDay, change, variation);
      addSalary(
        companyName(random, locale),
        roundTo(monthlyIncome * random.between(1.03, 1.25), 100),
        change,
        endDay + 1,
        variation,
      );
    } else {
      addSalary(companyName(random, locale), monthlyIncome, startDay, endDay + 1, variation);
    }
    if (archetype === 'family' && random.chance(0.55)) {
      addSalary(
        companyName(random, locale),
        roundTo(monthlyIncome * random.between(0.3, 0.8), 100),
        startDay,
        endDay + 1,
        0,
      );
    }
  }
  // What the household has each month at the start (a later job's pay is not budgeted in advance).
  const householdIncome =
    incomes.reduce((sum, income) => sum + (income.fromDay === startDay ? income.monthlyNet : 0), 0) +
    (freelance ? monthlyIncome : 0);

  // Housing: renters, owners with a mortgage, and (students, some retirees) people who pay neither.
  const housingKind: CustomerPlan['housingKind'] =
    archetype === 'student'
      ? random.chance(0.7)
        ? 'rent'
        : 'none'
      : archetype === 'retiree'
        ? random.chance(0.35)
          ? 'rent'
          : 'none'
        : archetype === 'young-professional'
          ? random.chance(0.85)
            ? 'rent'
            : 'mortgage'
          : random.chance(archetype === 'family' ? 0.6 : 0.7)
            ? 'mortgage'
            : 'rent';
  const housingShare = random.between(0.22, 0.36);
  const accountsSoFar = { count: 1 };
  const loans: LoanPlan[] = [];
  let housing: PaymentPlan | null = null;
  let moveToMortgage: CustomerPlan['moveToMortgage'] = null;
  const mortgageRate = random.between(0.015, 0.05) / 12;
  const addMortgage = (openDay: number, payment: number, monthsBefore: number): void => {
    const termMonths = random.pick([240, 300, 360]);
    let growth = 1;
    for (let i = 0; i < termMonths; i++) growth *= 1 + mortgageRate;
    const principal = roundTo((payment * (growth - 1)) / (mortgageRate * growth), 100000);
    const exactPayment = annuity(principal, mortgageRate, termMonths);
    loans.push({
      accountIndex: accountsSoFar.count++,
      kind: 'mortgage',
      openDay,
      principal,
      openingOwed: monthsBefore > 0 ? owedAfter(principal, mortgageRate, exactPayment, monthsBefore) : 0,
      monthlyRate: mortgageRate,
      payment: exactPayment,
      paymentDay: random.pick([1, 2, 5, 28]),
      seriesId: series('mortgage'),
      purpose: 'home',
    });
  };
  if (housingKind === 'rent') {
    const moves = (archetype === 'family' || archetype === 'young-professional') && random.chance(0.25);
    const moveDay = moves ? within(0.3, 0.8) : endDay + 1;
    housing = {
      payee: random.pick(landlords),
      payeeAccount: account(),
      amount: roundTo(householdIncome * housingShare, 500),
      dayOfMonth: 1,
      every: 1,
      phase: 0,
      fromDay: startDay,
      toDay: moveDay,
      changeMonth: random.int(1, 12),
      changeRate: random.chance(0.6) ? random.between(0.02, 0.06) : 0,
      seriesId: series('rent'),
    };
    if (moves) {
      const payment = roundTo(householdIncome * housingShare * 1.1, 100);
      moveToMortgage = {
        day: moveDay,
        conveyancer: random.pick(conveyancers),
        deposit: roundTo(payment * random.between(20, 40), 100000),
      };
      addMortgage(moveDay, payment, 0);
    }
  } else if (housingKind === 'mortgage') {
    addMortgage(
      startDay - random.int(200, 5000),
      roundTo(householdIncome * housingShare, 100),
      random.int(6, 180),
    );
  }

  // Utilities: energy (seasonal bills or a fixed budget plan), water, home internet and mobile.
  const utilities: CustomerPlan['utilities'][number][] = [];
  const utility = (
    category: 'utilities.energy' | 'utilities.water' | 'utilities.telecom',
    payee: string,
    /** Monthly cost as a share of household income (bills grow with the home), with a floor in EUR cents. */
    incomeShare: number,
    floorEurCents: number,
    every: 1 | 3,
    seasonal: boolean,
    changeRate: number,
  ): void => {
    utilities.push({
      category,
      seasonal,
      payee,
      payeeAccount: account(),
      amount: Math.round(
        Math.max(floorEurCents * profile.priceScale, householdIncome * incomeShare) *
          every *
          random.between(0.8, 1.25),
      ),
      dayOfMonth: random.int(1, 28),
      every,
      phase: random.int(0, every - 1),
      fromDay: startDay,
      toDay: endDay + 1,
      changeMonth: random.int(1, 12),
      changeRate,
      seriesId: series(category.slice(10)),
    });
  };
  const paysUtilities = housingKind !== 'none' || archetype === 'retiree';
  if (paysUtilities) {
    utility(
      'utilities.energy',
      random.pick(utilityProviders.energy),
      0.035,
      4000,
      1,
      random.chance(0.45),
      random.between(-0.05, 0.12),
    );
    utility(
      'utilities.water',
      random.pick(utilityProviders.water),
      0.01,
      1500,
      3,
      false,
      random.between(0, 0.05),
    );
    utility(
      'utilities.telecom',
      random.pick(utilityProviders.telecom),
      0.01,
      2500,
      1,
      false,
      random.chance(0.7) ? random.between(0.03, 0.08) : 0,
    );
  }
  utility('utilities.telecom', random.pick(utilityProviders.mobile), 0.005, 1000, 1, false, 0);

  // Subscriptions: some held from the start, some signed up for and cancelled during the period.
  const subscriptions: SubscriptionPlan[] = [];
  const subscriptionAppetite = archetype === 'retiree' ? 0.15 : archetype === 'student' ? 0.35 : 0.3;
  for (const service of subscriptionServices) {
    if (service.name === 'KidsTube Premium' && archetype !== 'family') continue;
    const heldAtStart = random.chance(subscriptionAppetite);
    const signsUp = !heldAtStart && random.chance(subscriptionAppetite * 0.5);
    if (!heldAtStart && !signsUp) continue;
    const fromDay = heldAtStart ? startDay - random.int(30, 900) : within(0.05, 0.9);
    const cancels = random.chance(heldAtStart ? 0.25 : 0.2);
    const toDay = cancels ? Math.max(fromDay + 60, within(0.2, 0.98)) : endDay + 1;
    subscriptions.push({
      service,
      fromDay,
      toDay: Math.min(toDay, endDay + 1),
      yearly: service.yearlyOption && random.chance(0.3),
      dayOfMonth: civilFromDay(fromDay).day,
      onCard: random.chance(0.6),
      seriesId: series('subscription'),
    });
  }

  // Savings, credit card and loans: held before the period, or taken up during it.
  const hasSavings =
    archetype !== 'student' ? random.chance(archetype === 'retiree' ? 0.8 : 0.65) : random.chance(0.2);
  // A house deposit comes from savings, so movers have held theirs since before the period.
  const savingsOpenDay =
    moveToMortgage || random.chance(0.75) ? startDay - random.int(100, 3000) : within(0.1, 0.7);
  const overdraftProne = random.chance(
    archetype === 'student' || archetype === 'freelancer' ? 0.45 : archetype === 'retiree' ? 0.05 : 0.15,
  );
  const savingsRate = overdraftProne ? random.between(0, 0.03) : random.between(0.03, 0.15);
  const savings: CustomerPlan['savings'] =
    hasSavings || moveToMortgage
      ? {
          accountIndex: accountsSoFar.count++,
          openDay: savingsOpenDay,
          openingBalance:
            savingsOpenDay < startDay
              ? roundTo(monthlyIncome * random.between(0.5, archetype === 'retiree' ? 30 : 8), 100) +
                (moveToMortgage?.deposit ?? 0)
              : 0,
          monthly: roundTo(householdIncome * savingsRate, 1000),
          dayOfMonth: random.int(1, 28),
          rate: random.between(0.005, 0.035),
          seriesId: series('savings'),
        }
      : null;
  const hasCard = random.chance(archetype === 'student' ? 0.15 : archetype === 'retiree' ? 0.25 : 0.45);
  const cardOpenDay = random.chance(0.7) ? startDay - random.int(100, 3000) : within(0.1, 0.8);
  const cardLimit = roundTo(monthlyIncome * random.between(0.8, 2.5), 10000);
  const paysInFull = !overdraftProne && random.chance(0.7);
  const card: CustomerPlan['card'] = hasCard
    ? {
        accountIndex: accountsSoFar.count++,
        openDay: cardOpenDay,
        openingOwed:
          cardOpenDay < startDay ? roundTo(cardLimit * random.between(0, paysInFull ? 0.1 : 0.5), 1) : 0,
        limit: cardLimit,
        paymentDay: random.int(1, 28),
        paysInFull,
        monthlyRate: random.between(0.16, 0.26) / 12,
        share: random.between(0.3, 0.8),
        seriesId: series('card-repayment'),
      }
    : null;
  let carPurchase: CustomerPlan['carPurchase'] = null;
  if (archetype !== 'student' && archetype !== 'retiree' && random.chance(overdraftProne ? 0.3 : 0.18)) {
    const car = random.chance(0.6);
    const openDay = random.chance(0.5) ? startDay - random.int(60, 1200) : within(0.1, 0.85);
    const principal = roundTo(
      (car ? carDealer.median : random.between(300000, 1500000)) *
        profile.priceScale *
        random.between(0.5, 1.4),
      10000,
    );
    const rate = random.between(0.04, 0.1) / 12;
    const term = random.pick([36, 48, 60, 72]);
    const payment = annuity(principal, rate, term);
    const monthsBefore = openDay < startDay ? Math.floor((startDay - openDay) / 30.44) : 0;
    const openingOwed = monthsBefore > 0 ? owedAfter(principal, rate, payment, monthsBefore) : 0;
    if (openDay >= startDay || openingOwed > 0) {
      loans.push({
        accountIndex: accountsSoFar.count++,
        kind: 'loan',
        openDay,
        principal,
        openingOwed,
        monthlyRate: rate,
        payment,
        paymentDay: random.int(1, 28),
        seriesId: series('loan'),
        purpose: car ? 'car' : 'personal',
      });
      if (car && openDay >= startDay)
        carPurchase = {
          day: openDay + random.int(1, 5),
          amount: principal + roundTo(principal * random.between(0, 0.3), 10000),
        };
    }
  }

  const overdraftLimit = overdraftProne
    ? roundTo(monthlyIncome * random.between(0.2, 0.6), 5000)
    : random.chance(0.5)
      ? roundTo(monthlyIncome * 0.2, 5000)
      : 0;
  const comfortBalance = overdraftProne
    ? -Math.round(overdraftLimit * random.between(0.2, 0.6))
    : roundTo(monthlyIncome * random.between(0.3, 1.2), 1000);

  // Spending calibrated to what is left after fixed costs, so balances stay realistic for years.
  const household =
    archetype === 'family' ? random.int(3, 5) : archetype === 'student' ? 1 : random.int(1, 2);
  const wealth = Math.min(2.5, Math.max(0.3, householdIncome / (300000 * profile.incomeScale)));
  const largePerYear = random.between(0.3, 3);
  const holidayChance = archetype === 'student' ? 0.4 : overdraftProne ? 0.5 : 0.8;
  // A year's holiday (flights and a week and a half's lodging) and large purchases, spread over the months.
  const plannedMonthly =
    ((holidayChance * (25000 * (1 + 0.8 * (household - 1)) + 150000) + largePerYear * 90000) *
      wealth *
      profile.priceScale) /
    12;
  const fixedCosts =
    plannedMonthly +
    (housing?.amount ?? 0) +
    loans.reduce((sum, loan) => sum + (loan.openDay <= startDay ? loan.payment : 0), 0) +
    utilities.reduce((sum, item) => sum + Math.round(item.amount / item.every), 0) +
    subscriptions.reduce((sum, item) => sum + shelfPrice(item.service.basePrice, profile), 0) +
    (savings?.monthly ?? 0);
  const groceriesPerWeek = random.between(1.5, 4.5);
  // Food takes 9–20% of income, more for larger households.
  const groceryMonthly = householdIncome * random.between(0.09, 0.14) * (0.8 + 0.15 * household);
  const groceryScale = groceryMonthly / (groceriesPerWeek * 4.33 * averageGroceryMedian);
  // The prone spend all that is left and a little more; the others keep some back.
  const spendFactor = overdraftProne ? random.between(0.98, 1.06) : random.between(0.8, 0.95);
  const discretionary = Math.max(
    householdIncome * 0.08,
    (householdIncome - fixedCosts - groceryMonthly) * spendFactor,
  );
  const discretionaryPerWeek = random.between(4, 12) * (archetype === 'retiree' ? 0.6 : 1);
  const amountScale =
    discretionary /
    (discretionaryPerWeek * 4.33 * averageDiscretionaryMedian(archetype) * profile.priceScale);

  const friends: { name: string; account: string }[] = [];
  for (let i = 0; i < 5; i++) {
    friends.push({
      name: `${random.pick(locale.givenNames)} ${random.pick(locale.familyNames)}`,
      account: account(),
    });
  }

  return {
    options,
    profile,
    locale,
    city: random.pick(locale.cities),
    archetype,
    incomes,
    freelance,
    housing,
    housingKind,
    moveToMortgage,
    utilities,
    subscriptions,
    loans,
    current: {
      // Enough to reach the first pay day.
      openingBalance: roundTo(comfortBalance + householdIncome * random.between(0.3, 0.8), 100),
      overdraftLimit,
      overdraftRate: random.between(0.1, 0.2),
    },
    savings,
    card,
    spending: {
      groceriesPerWeek,
      groceryScale,
      discretionaryPerWeek,
      amountScale,
      weights: spendingWeights[archetype],
      atmPerMonth: random.between(0, archetype === 'retiree' ? 5 : 3),
      friendsOutPerMonth: random.between(0, archetype === 'student' ? 4 : 2),
      friendsInPerMonth: random.between(0, archetype === 'student' ? 3 : 1),
      largePerYear,
      holidayChance,
      wealth,
    },
    friends,
    overdraftProne,
    comfortBalance,
    monthlyIncome: householdIncome,
    carPurchase,
  };
}

function buildAccounts(
  random: Random,
  key: string,
  plan: CustomerPlan,
  holderName: string,
  country: string,
  currency: string,
): { accounts: SandboxAccount[]; products: ProductEvent[] } {
  const money = (minor: number): Money => ({ minor: String(minor), currency });
  const { startDay } = plan.options;
  const accounts: SandboxAccount[] = [];
  const products: ProductEvent[] = [];
  const add = (
    index: number,
    suffix: string,
    type: AccountType,
    name: string,
    openDay: number,
    openingBalance: number,
    identifierValue: SandboxAccount['identifiers'][number],
    creditLimit?: number,
  ): void => {
    const sourceId = `sb-${key}-${suffix}`;
    const openedOn = isoFromDay(openDay);
    accounts[index] = {
      sourceId,
      type,
      currency,
      name,
      identifiers: [identifierValue],
      holderName,
      openedOn,
      openingBalance: money(openDay < startDay ? openingBalance : 0),
      // No limit is reported as none at all (a zero "agreed overdraft" is not one).
      ...(creditLimit !== undefined && creditLimit > 0 ? { creditLimit: money(creditLimit) } : {}),
    };
    products.push({
      date: openedOn,
      product: type,
      event: 'opened',
      sourceAccountId: sourceId,
      duringPeriod: openDay >= startDay,
    });
  };
  const currentOpened = startDay - random.int(400, 7000);
  add(
    0,
    'cur',
    'current',
    'Everyday current account',
    currentOpened,
    plan.current.openingBalance,
    makeAccountIdentifier(country, random),
    plan.current.overdraftLimit,
  );
  if (plan.savings) {
    add(
      plan.savings.accountIndex,
      'sav',
      'savings',
      'Instant access savings',
      plan.savings.openDay,
      plan.savings.openingBalance,
      makeAccountIdentifier(country, random),
    );
  }
  if (plan.card) {
    add(
      plan.card.accountIndex,
      'card',
      'credit-card',
      'Rewards credit card',
      plan.card.openDay,
      -plan.card.openingOwed,
      { scheme: 'PAN', value: makeCardNumber(random) },
      plan.card.limit,
    );
  }
  for (const loan of plan.loans) {
    const isMortgage = loan.kind === 'mortgage';
    add(
      loan.accountIndex,
      isMortgage ? 'mort' : 'loan',
      loan.kind,
      isMortgage ? `${lenders.mortgage} home loan` : loan.purpose === 'car' ? 'Car loan' : 'Personal loan',
      loan.openDay,
      -loan.openingOwed,
      makeAccountIdentifier(country, random),
    );
  }
  products.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { accounts, products };
}

function lifeEvents(plan: CustomerPlan): LifeEvent[] {
  const { startDay, endDay } = plan.options;
  const events: LifeEvent[] = [];
  const salaries = plan.incomes.filter((income) => income.kind === 'salary');
  for (const income of salaries) {
    if (income.fromDay > startDay)
      events.push({ date: isoFromDay(income.fromDay), kind: 'job-change', detail: income.payer });
  }
  for (const subscription of plan.subscriptions) {
    if (subscription.fromDay >= startDay)
      events.push({
        date: isoFromDay(subscription.fromDay),
        kind: 'subscription-start',
        detail: subscription.service.name,
      });
    if (subscription.toDay <= endDay)
      events.push({
        date: isoFromDay(subscription.toDay),
        kind: 'subscription-cancel',
        detail: subscription.service.name,
      });
  }
  if (plan.moveToMortgage)
    events.push({
      date: isoFromDay(plan.moveToMortgage.day),
      kind: 'moved-to-mortgage',
      detail: plan.moveToMortgage.conveyancer,
    });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return events;
}
