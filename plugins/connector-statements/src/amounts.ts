/** Reading amounts as files write them, exactly, into the SDK's minor-unit money. */
import { type Money, MoneyFormatError, moneyFromDecimal } from '@finpersona/plugin-sdk';

export interface NumberStyle {
  readonly decimalSeparator: '.' | ',';
  /** Grouping character some exports put in large amounts (`1 234,56`, `1.234,56`, `1,234.56`), removed before parsing. */
  readonly thousandsSeparator?: ' ' | '.' | ',' | "'";
}

/**
 * Parses a signed amount; the message on failure is the customer-facing reason ("is not a number",
 * "has 3 decimals; CZK has 2").
 */
export function parseAmount(
  raw: string,
  currency: string,
  style: NumberStyle,
): { money: Money } | { problem: string } {
  let text = raw.trim().replace(/\u00a0/g, ' ');
  if (style.thousandsSeparator) text = text.split(style.thousandsSeparator).join('');
  const otherSeparator = style.decimalSeparator === '.' ? ',' : '.';
  if (text.includes(otherSeparator) || !/^[+-]?\d+([.,]\d+)?$/.test(text)) {
    return { problem: `${JSON.stringify(raw)} is not a number` };
  }
  try {
    return { money: moneyFromDecimal(text.replace(style.decimalSeparator, '.'), currency) };
  } catch (error) {
    if (error instanceof MoneyFormatError) return { problem: error.message };
    throw error;
  }
}

export function negate(money: Money): Money {
  if (money.minor === '0') return money;
  return {
    ...money,
    minor: money.minor.startsWith('-') ? money.minor.slice(1) : `-${money.minor}`,
  };
}

export function isNegative(money: Money): boolean {
  return money.minor.startsWith('-');
}

export function absolute(money: Money): Money {
  return isNegative(money) ? negate(money) : money;
}
