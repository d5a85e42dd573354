/**
 * The sentence a customer reads: the features that raised the score most, each as a short clause quoting
 * the customer's own value ("Your income rose 12% and 4,200 has sat in your current account for 3
 * months"). Amounts are minor units of the customer's main currency, shown in major units without a
 * currency (the model is not told which one). English, and Slovenian for an `sl` locale (`sentence-sl.ts`);
 * other locales get English words with their digits.
 */
import { categoryLabels, isCategoryId } from '@finpersona/plugin-sdk';
import { clauseSl, sentenceSl } from './sentence-sl';

const productNames: Readonly<Record<string, string>> = {
  'current-account': 'current account',
  'savings-account': 'savings account',
  'fixed-term-deposit': 'fixed-term deposit',
  'credit-card': 'credit card',
  'personal-loan': 'personal loan',
  mortgage: 'mortgage',
  'investment-fund': 'investment fund',
  insurance: 'insurance policy',
};

/** One clause about one feature's value, or null when the feature has nothing a customer would recognise. */
export function clause(feature: string, value: number | null, locale: string): string | null {
  if (value === null) return null;
  const numbers = safeFormat(locale);
  const money = (minor: number) => numbers.format(Math.round(Math.abs(minor) / 100));
  const percent = (ratio: number) => `${numbers.format(Math.round(Math.abs(ratio) * 100))}%`;
  const whole = (count: number) => numbers.format(Math.round(count));
  if (feature.startsWith('spend.category.')) {
    const category = feature.slice('spend.category.'.length);
    // The catalogue's label in lower case inside the sentence; an id outside it (none today) as it is.
    const name = isCategoryId(category) ? categoryLabels.en[category].toLowerCase() : category;
    return `you spend about ${money(value)} a month on ${name}`;
  }
  if (feature.startsWith('products-held.')) {
    const product = feature.slice('products-held.'.length);
    const name = productNames[product] ?? product.replace(/-/g, ' ');
    return value > 0 ? `you already have a ${name}` : `you do not have a ${name} yet`;
  }
  switch (feature) {
    case 'customer.age':
      return `you are ${whole(value)}`;
    case 'customer.tenure':
      return `you have banked with us for ${whole(value)} months`;
    case 'income.monthly':
      return `your monthly income is about ${money(value)}`;
    case 'income.regular':
      return value > 0 ? 'you have a regular income' : 'your income is irregular';
    case 'income.change':
      return value >= 0 ? `your income rose ${percent(value)}` : `your income fell ${percent(value)}`;
    case 'spend.monthly':
      return `you spend about ${money(value)} a month`;
    case 'spend.trend':
      return value >= 0
        ? `your spending is ${percent(value)} above your usual`
        : `your spending is ${percent(value)} below your usual`;
    case 'balance.mean':
      return `your balance averages ${value < 0 ? '-' : ''}${money(value)}`;
    case 'balance.min':
      return `your balance went as low as ${value < 0 ? '-' : ''}${money(value)}`;
    case 'balance.volatility':
      return `your balance moves by about ${money(value)}`;
    case 'balance.idle':
      return value > 0 ? `${money(value)} has sat in your current account for 3 months` : null;
    case 'savings.rate':
      return value >= 0 ? `you save ${percent(value)} of your income` : `you spend more than you earn`;
    case 'recurring.count':
      return `you have ${whole(value)} regular payments`;
    case 'recurring.monthly':
      return `your regular payments come to ${money(value)} a month`;
    case 'forecast.min-balance-30d':
      return `your balance may fall to ${value < 0 ? '-' : ''}${money(value)} this month`;
    case 'forecast.days-to-min-balance':
      return null;
    case 'transactions.monthly':
      return `you make about ${whole(value)} payments a month`;
    case 'overdraft.days':
      return value > 0
        ? `your account was overdrawn on ${whole(value)} days`
        : 'you have stayed out of overdraft';
    default:
      return null;
  }
}

function safeFormat(locale: string): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  } catch {
    return new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  }
}

/** True for a Slovenian locale (`sl`, `sl-SI`, any case). */
export function isSlovenian(locale: string): boolean {
  return locale.trim().toLowerCase().split(/[-_]/)[0] === 'sl';
}

/** The sentence from the attributions, largest positive contributions first (at most two clauses). */
export function sentenceFrom(
  attributions: readonly { feature: string; value: number | null; contribution: number }[],
  product: string,
  locale: string,
): string {
  const slovenian = isSlovenian(locale);
  const clauses = attributions
    .filter((item) => item.contribution > 0)
    .map((item) =>
      slovenian ? clauseSl(item.feature, item.value) : clause(item.feature, item.value, locale),
    )
    .filter((text): text is string => text !== null)
    .slice(0, 2);
  if (slovenian) return sentenceSl(clauses, product);
  const name = productNames[product] ?? product.replace(/-/g, ' ');
  if (clauses.length === 0) return `Customers with a profile like yours often choose a ${name}.`;
  const joined = clauses.join(' and ');
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)}: customers like you often choose a ${name}.`;
}
