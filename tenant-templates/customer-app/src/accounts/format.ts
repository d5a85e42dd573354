// Pure helpers of the accounts page: money for people, the filter form to the API's filter, paging.
import type { Account, AccountBalance, Money, Transaction, TransactionFilter } from './accounts-api.ts';
import { currentFormatLocale, english, type Translate } from '../i18n/i18n.ts';

/** Where the source sends the customer back after authorising (the API accepts only this path). */
export const CONNECTION_CALLBACK_PATH = '/connections/callback';

export function isConnectionCallback(location: Pick<Location, 'pathname' | 'search'>): boolean {
  const params = new URLSearchParams(location.search);
  return location.pathname === CONNECTION_CALLBACK_PATH && params.has('state');
}

/** Decimals of a currency as the browser's Intl knows them (ISO 4217: EUR 2, JPY 0, BHD 3). */
function exponentOf(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Minor units to a decimal string by string arithmetic (never through a binary float): "-1234" EUR → "-12.34". */
export function minorToDecimal(money: Money): string {
  const exponent = exponentOf(money.currency);
  const negative = money.minor.startsWith('-');
  const digits = (negative ? money.minor.slice(1) : money.minor).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** "€1,234.50" in the app's locale ("1.234,50 €" in sl-SI); Intl formats the decimal string exactly. */
export function formatMoney(money: Money, locale = currentFormatLocale()): string {
  const decimal = minorToDecimal(money);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(
      decimal as unknown as number,
    );
  } catch {
    return `${decimal} ${money.currency}`;
  }
}

/** A transaction's amount with its sign: debits negative, credits positive. */
export function signedAmount(transaction: Pick<Transaction, 'amount' | 'direction'>): Money {
  const minor = transaction.amount.minor.replace(/^-/, '');
  return {
    minor: transaction.direction === 'DEBIT' && minor !== '0' ? `-${minor}` : minor,
    currency: transaction.amount.currency,
  };
}

/** The balance to show first: available, else booked, else whatever the source reports. */
export function headlineBalance(account: Pick<Account, 'balances'>): AccountBalance | null {
  const byType = (type: string) => account.balances.find((balance) => balance.type === type);
  return byType('available') ?? byType('booked') ?? account.balances[0] ?? null;
}

/** What the filter form holds: amounts in major units as typed ("12.50"), dates from date inputs. */
export interface FilterForm {
  accountId: string;
  bookedFrom: string;
  bookedTo: string;
  direction: '' | 'CREDIT' | 'DEBIT';
  minAmount: string;
  maxAmount: string;
}

export const emptyFilterForm: FilterForm = {
  accountId: '',
  bookedFrom: '',
  bookedTo: '',
  direction: '',
  minAmount: '',
  maxAmount: '',
};

/** "12.5" → "1250" (two decimals); null when it is not an amount. Exact: string arithmetic only. */
export function majorToMinor(amount: string, exponent = 2): string | null {
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(amount.trim());
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) return null;
  return (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
}

/** The form as the API's filter, or the problems to show beside the fields. */
export function filterFromForm(
  form: FilterForm,
  t: Translate = english,
): {
  filter: TransactionFilter;
  problems: Partial<Record<keyof FilterForm, string>>;
} {
  const problems: Partial<Record<keyof FilterForm, string>> = {};
  const filter: TransactionFilter = {};
  if (form.accountId) filter.accountId = form.accountId;
  if (form.bookedFrom) filter.bookedFrom = form.bookedFrom;
  if (form.bookedTo) filter.bookedTo = form.bookedTo;
  if (form.bookedFrom && form.bookedTo && form.bookedFrom > form.bookedTo) {
    problems.bookedTo = t('transactions.toBeforeFrom');
  }
  if (form.direction) filter.direction = form.direction;
  for (const [field, key] of [
    ['minAmount', 'minAmountMinor'],
    ['maxAmount', 'maxAmountMinor'],
  ] as const) {
    if (!form[field]) continue;
    const minor = majorToMinor(form[field]);
    if (minor === null) problems[field] = t('transactions.notAnAmount');
    else filter[key] = minor;
  }
  if (
    filter.minAmountMinor !== undefined &&
    filter.maxAmountMinor !== undefined &&
    BigInt(filter.minAmountMinor) > BigInt(filter.maxAmountMinor)
  ) {
    problems.maxAmount = t('transactions.maxBelowMin');
  }
  return { filter, problems };
}

/** Appends a page, keeping each transaction once (a row never shows twice, whatever the server sends). */
export function appendPage(shown: Transaction[], page: Transaction[]): Transaction[] {
  const seen = new Set(shown.map((transaction) => transaction.id));
  return [...shown, ...page.filter((transaction) => !seen.has(transaction.id))];
}

/** "Current account •••• 1234" */
export function accountLabel(
  account: Pick<Account, 'name' | 'type' | 'maskedIdentifier'>,
  t: Translate = english,
): string {
  const typed = t('accounts.typed', { type: account.type.replace('-', ' ') });
  const name = account.name ?? `${typed.charAt(0).toUpperCase()}${typed.slice(1)}`;
  return account.maskedIdentifier ? `${name} ${account.maskedIdentifier}` : name;
}
