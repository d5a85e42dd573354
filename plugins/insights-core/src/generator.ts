/**
 * The generator: runs each kind the bank has enabled on one customer's input, in the order of `kinds`,
 * each kind's candidates in dedupe-key order, so the same input always gives the same answer.
 */
import type { CandidateInsight, InsightGenerator, InsightInput } from '@finpersona/plugin-sdk';
import { idleCash, idleCashKind } from './kinds/idle-cash';
import { newRecurringPayment, newRecurringPaymentKind } from './kinds/new-recurring-payment';
import { salaryChange, salaryChangeKind } from './kinds/salary-change';
import { subscriptionPriceRise, subscriptionPriceRiseKind } from './kinds/subscription-price-rise';
import { unusualSpending, unusualSpendingKind } from './kinds/unusual-spending';
import { upcomingLowBalance, upcomingLowBalanceKind } from './kinds/upcoming-low-balance';
import type { InsightKind, InsightSettings } from './settings';
import { byKey } from './shared';

/** The six kinds with their descriptions for the bank's administrators. */
export const kinds: readonly { readonly kind: InsightKind; readonly description: string }[] = [
  unusualSpendingKind,
  subscriptionPriceRiseKind,
  upcomingLowBalanceKind,
  idleCashKind,
  newRecurringPaymentKind,
  salaryChangeKind,
];

/** The features the kinds read (each a name of the SDK's `featureVocabulary`). */
export const features = [
  'balance.idle',
  'forecast.days-to-min-balance',
  'forecast.min-balance-30d',
  'income.change',
  'income.regular',
  'products-held.savings-account',
  'spend.monthly',
] as const;

const generators: {
  readonly [Kind in InsightKind]: (
    input: InsightInput,
    settings: InsightSettings[Kind],
  ) => CandidateInsight[];
} = {
  'unusual-spending': unusualSpending,
  'subscription-price-rise': subscriptionPriceRise,
  'upcoming-low-balance': upcomingLowBalance,
  'idle-cash': idleCash,
  'new-recurring-payment': newRecurringPayment,
  'salary-change': salaryChange,
};

function run<Kind extends InsightKind>(kind: Kind, input: InsightInput, settings: InsightSettings) {
  return settings[kind].enabled ? generators[kind](input, settings[kind]).sort(byKey) : [];
}

export function createInsightGenerator(settings: InsightSettings): InsightGenerator {
  return {
    async generate(input) {
      return kinds.flatMap(({ kind }) => run(kind, input, settings));
    },
  };
}
