/**
 * The bank's settings: one object per kind (keyed by the kind's id) with `enabled` and the kind's
 * thresholds. Every setting is optional and has a default; amounts are minor units of the customer's
 * main currency (as the features are). The JSON Schema below is what the platform validates against
 * (field-level `INVALID`); `settingsProblems` adds the checks a schema cannot say (one setting against
 * another), run by the install, configure and upgrade hooks.
 */
import { PluginSettingsError, type SettingsSchema } from '@finpersona/plugin-sdk';

/**
 * Days of transactions the plugin asks for: 400, so a yearly subscription's previous payment is in the
 * window (price rise) and twelve months of history fit before the current one (unusual spending).
 */
export const transactionDays = 400;

export interface UnusualSpendingSettings {
  readonly enabled: boolean;
  /** Previous full months compared against. */
  readonly historyMonths: number;
  /** Fewer observed months than this: too little history, no insight. */
  readonly minimumHistoryMonths: number;
  /** This month must exceed the median by this many scaled MADs (robust standard deviations). */
  readonly madMultiplier: number;
  /** …and by at least this ratio of the median (0.5 = 50 % above). */
  readonly minimumIncrease: number;
  /** …and by at least this amount. */
  readonly minimumExcessMinor: number;
}

export interface SubscriptionPriceRiseSettings {
  readonly enabled: boolean;
  /** Smallest rise, as a ratio of the old amount (0.03 = 3 %). */
  readonly minimumRise: number;
  /** Smallest rise as an amount. */
  readonly minimumRiseMinor: number;
  /** Previous payments compared (they must agree with each other, see `stableTolerance`). */
  readonly minimumPreviousPayments: number;
  /** How far the previous payments may differ from their median (ratio): variable bills are not prices. */
  readonly stableTolerance: number;
  /** Only a rise whose payment was booked within this many days is news. */
  readonly freshnessDays: number;
}

export interface UpcomingLowBalanceSettings {
  readonly enabled: boolean;
  /** Warn when the forecast's lowest balance is below this amount (below zero: a warning). */
  readonly thresholdMinor: number;
  /** Only when the lowest point is at most this many days away. */
  readonly horizonDays: number;
}

export interface IdleCashSettings {
  readonly enabled: boolean;
  /** Smallest idle balance worth mentioning. */
  readonly minimumIdleMinor: number;
  /** Only for customers holding at most this many savings accounts (0: none). */
  readonly maximumSavingsAccounts: number;
}

export interface NewRecurringPaymentSettings {
  readonly enabled: boolean;
  /** A recurring payment first seen within this many days is new. */
  readonly recentDays: number;
  /** The customer's transactions must reach this many days before it, to know it is new (not just newly connected). */
  readonly minimumHistoryDays: number;
}

export interface SalaryChangeSettings {
  readonly enabled: boolean;
  /** Smallest change of `income.change`, either way (0.1 = ±10 %). */
  readonly minimumChange: number;
}

export interface InsightSettings {
  readonly 'unusual-spending': UnusualSpendingSettings;
  readonly 'subscription-price-rise': SubscriptionPriceRiseSettings;
  readonly 'upcoming-low-balance': UpcomingLowBalanceSettings;
  readonly 'idle-cash': IdleCashSettings;
  readonly 'new-recurring-payment': NewRecurringPaymentSettings;
  readonly 'salary-change': SalaryChangeSettings;
}

export type InsightKind = keyof InsightSettings;

export const defaultSettings: InsightSettings = {
  'unusual-spending': {
    enabled: true,
    historyMonths: 6,
    minimumHistoryMonths: 3,
    madMultiplier: 3,
    minimumIncrease: 0.5,
    minimumExcessMinor: 5000,
  },
  'subscription-price-rise': {
    enabled: true,
    minimumRise: 0.03,
    minimumRiseMinor: 50,
    minimumPreviousPayments: 2,
    stableTolerance: 0.02,
    freshnessDays: 35,
  },
  'upcoming-low-balance': { enabled: true, thresholdMinor: 10000, horizonDays: 30 },
  'idle-cash': { enabled: true, minimumIdleMinor: 300000, maximumSavingsAccounts: 0 },
  'new-recurring-payment': { enabled: true, recentDays: 62, minimumHistoryDays: 60 },
  'salary-change': { enabled: true, minimumChange: 0.1 },
};

/** Largest amount setting (a billion in major units of a two-decimal currency). */
const maxAmountMinor = 100_000_000_000;

type PropertySchema = Record<string, unknown>;

const integer = (minimum: number, maximum: number, description: string): PropertySchema => ({
  type: 'integer',
  minimum,
  maximum,
  description,
});
const ratio = (minimum: number, maximum: number, description: string): PropertySchema => ({
  type: 'number',
  minimum,
  maximum,
  description,
});

function kindSchema(
  kind: InsightKind,
  description: string,
  properties: Record<string, PropertySchema>,
): SettingsSchema {
  const defaults = defaultSettings[kind] as unknown as Record<string, unknown>;
  return {
    type: 'object',
    additionalProperties: false,
    description,
    properties: Object.fromEntries(
      Object.entries({
        enabled: { type: 'boolean', description: 'Whether the kind runs for this bank.' },
        ...properties,
      }).map(([name, schema]) => [name, { ...schema, default: defaults[name] }]),
    ),
  };
}

/** The plugin's settings schema (JSON Schema draft-07; every property optional, with its default). */
export const settingsSchema: SettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    'unusual-spending': kindSchema('unusual-spending', 'Spending in a category far above its usual month.', {
      historyMonths: integer(2, 12, 'Previous full months the current month is compared with.'),
      minimumHistoryMonths: integer(2, 12, 'Fewest observed previous months needed (at most historyMonths).'),
      madMultiplier: ratio(1, 10, 'How many robust standard deviations (1.4826 × MAD) above the median.'),
      minimumIncrease: ratio(0, 10, 'Smallest rise over the median as a ratio (0.5 = 50 % above).'),
      minimumExcessMinor: integer(0, maxAmountMinor, 'Smallest rise over the median, in minor units.'),
    }),
    'subscription-price-rise': kindSchema(
      'subscription-price-rise',
      'A recurring payment whose latest amount rose.',
      {
        minimumRise: ratio(0, 10, 'Smallest rise as a ratio of the old amount (0.03 = 3 %).'),
        minimumRiseMinor: integer(0, maxAmountMinor, 'Smallest rise in minor units.'),
        minimumPreviousPayments: integer(1, 12, 'Previous payments at the old amount needed.'),
        stableTolerance: ratio(0, 0.5, 'How far previous payments may differ from their median (ratio).'),
        freshnessDays: integer(1, 400, 'Only rises booked within this many days are reported.'),
      },
    ),
    'upcoming-low-balance': kindSchema(
      'upcoming-low-balance',
      'The 30-day forecast expects a low or negative balance.',
      {
        thresholdMinor: integer(
          -maxAmountMinor,
          maxAmountMinor,
          'Warn when the lowest forecast balance is below this (minor units).',
        ),
        horizonDays: integer(1, 30, 'Only when the lowest point is at most this many days away.'),
      },
    ),
    'idle-cash': kindSchema('idle-cash', 'Money sitting unused in a current account without savings.', {
      minimumIdleMinor: integer(1, maxAmountMinor, 'Smallest idle balance worth mentioning (minor units).'),
      maximumSavingsAccounts: integer(0, 10, 'Only for customers with at most this many savings accounts.'),
    }),
    'new-recurring-payment': kindSchema('new-recurring-payment', 'A recurring payment first seen recently.', {
      recentDays: integer(7, 180, 'First seen within this many days counts as new.'),
      minimumHistoryDays: integer(0, 365, 'Days of the customer’s history needed before it.'),
    }),
    'salary-change': kindSchema('salary-change', 'Regular income changed against the months before.', {
      minimumChange: ratio(0.01, 5, 'Smallest change either way (0.1 = ±10 %).'),
    }),
  },
};

/** The settings with defaults filled in (assumes they passed the schema, as the platform guarantees). */
export function resolveSettings(settings: Readonly<Record<string, unknown>>): InsightSettings {
  const kinds = Object.keys(defaultSettings) as InsightKind[];
  return Object.fromEntries(
    kinds.map((kind) => [kind, { ...defaultSettings[kind], ...(settings[kind] as object | undefined) }]),
  ) as unknown as InsightSettings;
}

/** Problems a schema cannot express, as `{ field, problem }` (`field` relative to the settings). */
export function settingsProblems(
  settings: Readonly<Record<string, unknown>>,
): { field: string; problem: string }[] {
  const resolved = resolveSettings(settings);
  const problems: { field: string; problem: string }[] = [];
  const unusual = resolved['unusual-spending'];
  if (unusual.minimumHistoryMonths > unusual.historyMonths) {
    problems.push({
      field: 'unusual-spending.minimumHistoryMonths',
      problem: `must be at most historyMonths (${unusual.historyMonths}); lower it or raise historyMonths`,
    });
  }
  const newRecurring = resolved['new-recurring-payment'];
  if (newRecurring.recentDays + newRecurring.minimumHistoryDays > transactionDays) {
    problems.push({
      field: 'new-recurring-payment.minimumHistoryDays',
      problem: `plus recentDays must be at most ${transactionDays} (the days of transactions the plugin reads)`,
    });
  }
  return problems;
}

/** The install, configure and upgrade hooks: refuse settings with problems, naming each field. */
export function checkSettings(context: { readonly settings: Readonly<Record<string, unknown>> }): void {
  const problems = settingsProblems(context.settings);
  if (problems.length > 0) throw new PluginSettingsError(problems);
}
