/**
 * Money in the plugin contract: an integer count of the currency's minor units, carried as a decimal
 * string so that it survives JSON (and the message interface to isolated plugins) exactly and is
 * never a binary float. `{ minor: '-1234', currency: 'EUR' }` is −12.34 EUR.
 */
export interface Money {
  /** Integer number of minor units, optionally signed, as a decimal string: `'0'`, `'1999'`, `'-5'`. */
  readonly minor: string;
  /** ISO 4217 alphabetic code, upper case: `'EUR'`, `'GBP'`, `'CZK'`. */
  readonly currency: string;
}

/**
 * Minor-unit exponents that differ from 2 (ISO 4217). Currencies not listed have two decimals.
 * Connectors see real-world currencies only through this table, so it lists the ones banks use.
 */
const exponents: Readonly<Record<string, number>> = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

const currencyPattern = /^[A-Z]{3}$/;
const minorPattern = /^-?(0|[1-9][0-9]*)$/;
const decimalPattern = /^([+-])?([0-9]+)(?:\.([0-9]+))?$/;

/** Thrown for malformed money input; `message` says exactly what was wrong. */
export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';
}

/** The number of decimals of `currency` (ISO 4217). Throws `MoneyFormatError` for a malformed code. */
export function currencyExponent(currency: string): number {
  if (!currencyPattern.test(currency)) {
    throw new MoneyFormatError(`Currency "${currency}" is not an ISO 4217 code (three upper-case letters).`);
  }
  return exponents[currency] ?? 2;
}

/**
 * Parses a decimal amount as sources send it (`'12.3'`, `'-0.50'`, `'1000'`; a comma as decimal
 * separator is accepted, thousands separators are not) into exact minor units, by string arithmetic.
 * More decimals than the currency has is an error, not a rounding.
 */
export function moneyFromDecimal(amount: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = decimalPattern.exec(amount.trim().replace(',', '.'));
  if (!match) throw new MoneyFormatError(`Amount "${amount}" is not a decimal number.`);
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new MoneyFormatError(
      `Amount "${amount}" has ${fraction.length} decimals; ${currency} has ${exponent}.`,
    );
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const minor = digits === '0' || sign !== '-' ? digits : `-${digits}`;
  return { minor, currency };
}

/** Validates and returns money given in minor units (a safe integer or an integer string). */
export function moneyFromMinor(minor: string | number | bigint, currency: string): Money {
  currencyExponent(currency);
  const text = typeof minor === 'string' ? minor : String(minor);
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
    throw new MoneyFormatError(`Minor units must be a safe integer, got ${minor}.`);
  }
  if (!minorPattern.test(text) || text === '-0') {
    throw new MoneyFormatError(`Minor units "${text}" are not an integer.`);
  }
  return { minor: text, currency };
}

/** Formats money as a plain decimal string in major units (`'-12.34'`), for files and messages. */
export function moneyToDecimal(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.minor.startsWith('-');
  const digits = (negative ? money.minor.slice(1) : money.minor).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}
