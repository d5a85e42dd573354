// Checks of what a connector returned, before anything is stored: connectors are plugins (possibly
// third-party, their output crossing a message boundary as JSON), so their types are a promise, not a fact.
// A bad record is rejected with the field and the rule it broke, never with its value (values may be
// personal data and rejections end up in the sync report).
import {
  accountIdentifierSchemes,
  accountTypes,
  balanceTypes,
  currencyExponent,
  type AccountIdentifier,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import type { Rejection } from './sync-contract';

/** Longest source id kept (they are keys, not documents). */
export const maxSourceIdLength = 256;
/** Longest free text kept per field (descriptions, names); longer is a broken source, not a statement. */
export const maxTextLength = 4096;

type Checked<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

class Problem extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 instant with a zone (Z or ±hh:mm), seconds and fraction optional.
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const minorUnits = /^-?(0|[1-9][0-9]*)$/;
const mccPattern = /^[0-9]{4}$/;

function record(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Problem(field, 'must be an object');
  return value as Record<string, unknown>;
}

function sourceId(value: unknown, field = 'sourceId'): string {
  if (typeof value !== 'string' || value.length === 0) throw new Problem(field, 'must be a non-empty string');
  if (value.length > maxSourceIdLength)
    throw new Problem(field, `must be at most ${maxSourceIdLength} characters`);
  if (value.includes('\u0000')) throw new Problem(field, 'must not contain NUL characters');
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Problem(field, 'must be a string when present');
  // PostgreSQL text cannot hold NUL; a source sending it is broken.
  if (value.includes('\u0000')) throw new Problem(field, 'must not contain NUL characters');
  if (value.length > maxTextLength) throw new Problem(field, `must be at most ${maxTextLength} characters`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new Problem(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function currency(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new Problem(field, 'must be an ISO 4217 code');
  try {
    currencyExponent(value);
  } catch {
    throw new Problem(field, 'must be an ISO 4217 code (three upper-case letters)');
  }
  return value;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
function date(value: unknown, field: string): string {
  const match = typeof value === 'string' ? isoDate.exec(value) : null;
  if (!match) throw new Problem(field, 'must be a date YYYY-MM-DD');
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) {
    throw new Problem(field, 'is not a calendar date');
  }
  return value as string;
}

function optionalDate(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : date(value, field);
}

function instant(value: unknown, field: string): Date {
  if (typeof value !== 'string' || !isoInstant.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Problem(field, 'must be an ISO 8601 instant with a time zone');
  }
  return new Date(value);
}

/** Money as the SDK defines it: integer minor units in a string (bigint range), an ISO currency. */
function money(
  value: unknown,
  field: string,
  options: { positive?: boolean } = {},
): { minor: string; currency: string } {
  const object = record(value, field);
  const code = currency(object.currency, `${field}.currency`);
  const minor = object.minor;
  if (typeof minor !== 'string' || !minorUnits.test(minor) || minor === '-0') {
    throw new Problem(`${field}.minor`, 'must be an integer number of minor units in a string');
  }
  const amount = BigInt(minor);
  if (amount > 9223372036854775807n || amount < -9223372036854775808n) {
    throw new Problem(`${field}.minor`, 'is out of range');
  }
  if (options.positive && amount <= 0n)
    throw new Problem(`${field}.minor`, 'must be positive (direction gives the sign)');
  return { minor, currency: code };
}

function check<T>(index: number, raw: unknown, parse: () => T): Checked<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    const id = raw !== null && typeof raw === 'object' ? (raw as { sourceId?: unknown }).sourceId : undefined;
    const usableId = typeof id === 'string' && id.length > 0 && id.length <= maxSourceIdLength ? id : null;
    return {
      ok: false,
      rejection: { sourceId: usableId, index, field: error.field, problem: error.problem },
    };
  }
}

function identifiers(value: unknown): AccountIdentifier[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Problem('identifiers', 'must be an array');
  return value.map((item, position) => {
    const object = record(item, `identifiers[${position}]`);
    const scheme = oneOf(object.scheme, accountIdentifierSchemes, `identifiers[${position}].scheme`);
    const text = optionalText(object.value, `identifiers[${position}].value`);
    if (!text) throw new Problem(`identifiers[${position}].value`, 'must be a non-empty string');
    return { scheme, value: text };
  });
}

export function checkAccount(raw: unknown, index: number): Checked<SourceAccount> {
  return check(index, raw, () => {
    const object = record(raw, 'account');
    const holderName = optionalText(object.holderName, 'holderName');
    const name = optionalText(object.name, 'name');
    const openedOn = optionalDate(object.openedOn, 'openedOn');
    return {
      sourceId: sourceId(object.sourceId),
      type: oneOf(object.type, accountTypes, 'type'),
      currency: currency(object.currency, 'currency'),
      identifiers: identifiers(object.identifiers),
      ...(name === undefined ? {} : { name }),
      ...(holderName === undefined ? {} : { holderName }),
      ...(openedOn === undefined ? {} : { openedOn }),
    };
  });
}

export interface CheckedBalance {
  type: SourceBalance['type'];
  amount: { minor: string; currency: string };
  asOf: Date;
  creditLimit: { minor: string; currency: string } | null;
}

export function checkBalance(raw: unknown, index: number, sourceAccountId: string): Checked<CheckedBalance> {
  return check(index, raw, () => {
    const object = record(raw, 'balance');
    if (object.sourceAccountId !== sourceAccountId)
      throw new Problem('sourceAccountId', 'must be the account asked for');
    return {
      type: oneOf(object.type, balanceTypes, 'type'),
      amount: money(object.amount, 'amount'),
      asOf: instant(object.asOf, 'asOf'),
      creditLimit:
        object.creditLimit === undefined || object.creditLimit === null
          ? null
          : money(object.creditLimit, 'creditLimit'),
    };
  });
}

export function checkTransaction(
  raw: unknown,
  index: number,
  sourceAccountId: string,
): Checked<SourceTransaction> {
  return check(index, raw, () => {
    const object = record(raw, 'transaction');
    const id = sourceId(object.sourceId);
    if (object.sourceAccountId !== sourceAccountId)
      throw new Problem('sourceAccountId', 'must be the account asked for');
    const amount = money(object.amount, 'amount', { positive: true });
    const direction = oneOf(object.direction, ['credit', 'debit'] as const, 'direction');
    const status = oneOf(object.status, ['booked', 'pending'] as const, 'status');
    const bookingDate = date(object.bookingDate, 'bookingDate');
    const valueDate = optionalDate(object.valueDate, 'valueDate');
    let counterparty: SourceTransaction['counterparty'];
    if (object.counterparty !== undefined && object.counterparty !== null) {
      const party = record(object.counterparty, 'counterparty');
      const partyName = optionalText(party.name, 'counterparty.name');
      const partyAccount = optionalText(party.account, 'counterparty.account');
      if (partyName !== undefined || partyAccount !== undefined) {
        counterparty = {
          ...(partyName === undefined ? {} : { name: partyName }),
          ...(partyAccount === undefined ? {} : { account: partyAccount }),
        };
      }
    }
    let merchant: SourceTransaction['merchant'];
    if (object.merchant !== undefined && object.merchant !== null) {
      const shop = record(object.merchant, 'merchant');
      const merchantName = optionalText(shop.name, 'merchant.name');
      const mcc = optionalText(shop.mcc, 'merchant.mcc');
      if (mcc !== undefined && !mccPattern.test(mcc))
        throw new Problem('merchant.mcc', 'must be 4 digits (ISO 18245)');
      merchant = {
        ...(merchantName === undefined ? {} : { name: merchantName }),
        ...(mcc === undefined ? {} : { mcc }),
      };
    }
    const description = optionalText(object.description, 'description');
    const sourceCode = optionalText(object.sourceCode, 'sourceCode');
    const balanceAfter =
      object.balanceAfter === undefined || object.balanceAfter === null
        ? undefined
        : money(object.balanceAfter, 'balanceAfter');
    return {
      sourceId: id,
      sourceAccountId,
      amount,
      direction,
      status,
      bookingDate,
      ...(valueDate === undefined ? {} : { valueDate }),
      ...(counterparty === undefined ? {} : { counterparty }),
      ...(merchant === undefined ? {} : { merchant }),
      ...(description === undefined ? {} : { description }),
      ...(sourceCode === undefined ? {} : { sourceCode }),
      ...(balanceAfter === undefined ? {} : { balanceAfter }),
    };
  });
}

/**
 * Checks a batch: valid records in order, and rejections for invalid ones and for repeats of a source id
 * already seen in the batch (an upsert cannot touch one row twice; the first occurrence wins).
 */
export function checkBatch<T extends { sourceId: string }>(
  raws: readonly unknown[],
  checkOne: (raw: unknown, index: number) => Checked<T>,
): { valid: T[]; rejections: Rejection[] } {
  const valid: T[] = [];
  const rejections: Rejection[] = [];
  const seen = new Set<string>();
  raws.forEach((raw, index) => {
    const checked = checkOne(raw, index);
    if (!checked.ok) {
      rejections.push(checked.rejection);
    } else if (seen.has(checked.value.sourceId)) {
      rejections.push({
        sourceId: checked.value.sourceId,
        index,
        field: 'sourceId',
        problem: 'repeats an earlier record of this batch',
      });
    } else {
      seen.add(checked.value.sourceId);
      valid.push(checked.value);
    }
  });
  return { valid, rejections };
}
