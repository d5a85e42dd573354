/**
 * XS2A JSON → the SDK's types. Only what the connector relies on is checked, but strictly: anything
 * that breaks the specification (a missing required field, an amount that is not a decimal, a date
 * that is not ISO) is `BAD_SOURCE_DATA` naming the field, never a guess.
 */
import {
  ConnectorError,
  deriveSourceId,
  moneyFromDecimal,
  MoneyFormatError,
  type AccountIdentifier,
  type AccountType,
  type BalanceType,
  type Money,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import {
  consentStatuses,
  type Xs2aAccountDetails,
  type Xs2aAccountReference,
  type Xs2aAmount,
  type Xs2aBalance,
  type Xs2aBalanceType,
  type Xs2aConsentStatus,
  type Xs2aTransaction,
} from './xs2a';

const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function bad(message: string): ConnectorError {
  return new ConnectorError(
    'BAD_SOURCE_DATA',
    `The bank sent data that breaks the NextGenPSD2 specification: ${message}.`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(record: Record<string, unknown>, field: string, where: string): string | undefined {
  const value = record[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(`${where}.${field} is not a string`);
  return value;
}

function optionalDate(record: Record<string, unknown>, field: string, where: string): string | undefined {
  const value = optionalString(record, field, where);
  if (value !== undefined && !datePattern.test(value))
    throw bad(`${where}.${field} "${value}" is not an ISO date`);
  return value;
}

export function money(amount: unknown, where: string): Money {
  if (!isObject(amount) || typeof amount.amount !== 'string' || typeof amount.currency !== 'string') {
    throw bad(`${where} is not an amount with currency and amount`);
  }
  try {
    return moneyFromDecimal((amount as unknown as Xs2aAmount).amount, amount.currency);
  } catch (failure) {
    if (failure instanceof MoneyFormatError) throw bad(`${where}: ${failure.message}`);
    throw failure;
  }
}

export function consentStatus(body: unknown): Xs2aConsentStatus {
  const status = isObject(body) ? body.consentStatus : undefined;
  if (typeof status !== 'string' || !(consentStatuses as readonly string[]).includes(status)) {
    throw bad(`consentStatus ${JSON.stringify(status)} is not one of ${consentStatuses.join(', ')}`);
  }
  return status as Xs2aConsentStatus;
}

/** ISO 20022 ExternalCashAccountType1Code → the platform's account types. */
const accountTypes: Readonly<Record<string, AccountType>> = {
  CACC: 'current',
  CASH: 'current',
  TRAN: 'current',
  SVGS: 'savings',
  MOMA: 'savings',
  LLSV: 'savings',
  ONDP: 'savings',
  CARD: 'credit-card',
  LOAN: 'loan',
  MGLD: 'loan',
};

function identifiers(reference: Xs2aAccountReference): AccountIdentifier[] {
  const result: AccountIdentifier[] = [];
  if (reference.iban) result.push({ scheme: 'IBAN', value: reference.iban });
  if (reference.bban) result.push({ scheme: 'BBAN', value: reference.bban });
  if (reference.maskedPan) result.push({ scheme: 'PAN', value: reference.maskedPan });
  if (reference.msisdn) result.push({ scheme: 'Other', value: reference.msisdn });
  return result;
}

export function account(raw: unknown, index: number): SourceAccount {
  const where = `accounts[${index}]`;
  if (!isObject(raw)) throw bad(`${where} is not an object`);
  const details = raw as unknown as Xs2aAccountDetails;
  const resourceId = optionalString(raw, 'resourceId', where);
  // resourceId is optional in the specification but the only way to read an account's balances and transactions.
  if (!resourceId) throw bad(`${where} has no resourceId, so its data cannot be read`);
  const currency = optionalString(raw, 'currency', where);
  if (!currency || !/^[A-Z]{3}$/.test(currency)) throw bad(`${where}.currency is not an ISO 4217 code`);
  for (const field of [
    'iban',
    'bban',
    'maskedPan',
    'msisdn',
    'name',
    'displayName',
    'product',
    'ownerName',
    'cashAccountType',
  ]) {
    optionalString(raw, field, where);
  }
  const name = details.displayName ?? details.name ?? details.product;
  return {
    sourceId: resourceId,
    type: (details.cashAccountType && accountTypes[details.cashAccountType]) || 'other',
    currency,
    ...(name !== undefined ? { name } : {}),
    identifiers: identifiers(details),
    ...(details.ownerName !== undefined ? { holderName: details.ownerName } : {}),
  };
}

/**
 * XS2A balance types → the platform's. `openingBooked`, `forwardAvailable` and `nonInvoiced` have no
 * platform type (they describe another point in time, or card invoicing) and are left out.
 */
const balanceTypes: Partial<Record<Xs2aBalanceType, BalanceType>> = {
  closingBooked: 'closing',
  expected: 'expected',
  interimAvailable: 'available',
  interimBooked: 'booked',
};

export function balances(raw: unknown, sourceAccountId: string, now: Date): SourceBalance[] {
  const list = isObject(raw) ? raw.balances : undefined;
  if (!Array.isArray(list)) throw bad('the balance response has no balances array');
  const result: SourceBalance[] = [];
  list.forEach((entry: unknown, index) => {
    const where = `balances[${index}]`;
    if (!isObject(entry)) throw bad(`${where} is not an object`);
    const { balanceType } = entry as unknown as Xs2aBalance;
    if (typeof balanceType !== 'string') throw bad(`${where}.balanceType is missing`);
    const amount = money(entry.balanceAmount, `${where}.balanceAmount`);
    const lastChange = optionalString(entry, 'lastChangeDateTime', where);
    if (lastChange !== undefined && Number.isNaN(Date.parse(lastChange)))
      throw bad(`${where}.lastChangeDateTime is not a date-time`);
    const referenceDate = optionalDate(entry, 'referenceDate', where);
    const type = balanceTypes[balanceType];
    if (!type) return;
    const asOf = lastChange
      ? new Date(lastChange).toISOString()
      : referenceDate
        ? `${referenceDate}T00:00:00.000Z`
        : now.toISOString();
    result.push({ sourceAccountId, type, amount, asOf });
  });
  return result;
}

function referenceText(reference: unknown, where: string): string | undefined {
  if (reference === undefined) return undefined;
  if (!isObject(reference)) throw bad(`${where} is not an account reference`);
  const value = reference.iban ?? reference.bban ?? reference.maskedPan ?? reference.pan ?? reference.msisdn;
  if (value !== undefined && typeof value !== 'string') throw bad(`${where} holds a non-string identifier`);
  return value;
}

/**
 * One transaction. `occurrences` counts identical id-less transactions within the page, so two equal
 * coffees on one day keep distinct derived ids (see `deriveSourceId`).
 */
export function transaction(
  raw: unknown,
  where: string,
  sourceAccountId: string,
  status: 'booked' | 'pending',
  today: string,
  occurrences: Map<string, number>,
): SourceTransaction {
  if (!isObject(raw)) throw bad(`${where} is not an object`);
  const entry = raw as unknown as Xs2aTransaction;
  const signed = money(entry.transactionAmount, `${where}.transactionAmount`);
  const negative = signed.minor.startsWith('-');
  const amount: Money = { minor: negative ? signed.minor.slice(1) : signed.minor, currency: signed.currency };
  const direction = negative ? 'debit' : 'credit';
  const bookingDate = optionalDate(raw, 'bookingDate', where);
  const valueDate = optionalDate(raw, 'valueDate', where);
  if (status === 'booked' && !bookingDate) throw bad(`${where} is booked but has no bookingDate`);
  const strings = [
    'transactionId',
    'entryReference',
    'creditorName',
    'debtorName',
    'remittanceInformationUnstructured',
    'bankTransactionCode',
    'merchantCategoryCode',
  ];
  for (const field of strings) optionalString(raw, field, where);
  if (entry.merchantCategoryCode !== undefined && !/^[0-9]{4}$/.test(entry.merchantCategoryCode)) {
    throw bad(`${where}.merchantCategoryCode "${entry.merchantCategoryCode}" is not four digits`);
  }
  // The other party is the creditor of a debit and the debtor of a credit.
  const name = direction === 'debit' ? entry.creditorName : entry.debtorName;
  const otherAccount = referenceText(
    direction === 'debit' ? raw.creditorAccount : raw.debtorAccount,
    `${where}.${direction === 'debit' ? 'creditorAccount' : 'debtorAccount'}`,
  );
  const description = entry.remittanceInformationUnstructured;
  // A pending entry may carry no booking date yet; the value date (or today) stands in until it books.
  const date = bookingDate ?? valueDate ?? today;

  let sourceId = entry.transactionId ?? entry.entryReference;
  if (!sourceId) {
    const parts = [
      status,
      date,
      valueDate ?? '',
      signed.minor,
      signed.currency,
      name ?? '',
      otherAccount ?? '',
      description ?? '',
      entry.bankTransactionCode ?? '',
    ];
    const key = parts.join('\u0000');
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    sourceId = deriveSourceId(parts, occurrence);
  }
  const balanceAfter = entry.balanceAfterTransaction
    ? money(
        (entry.balanceAfterTransaction as unknown as Record<string, unknown>).balanceAmount,
        `${where}.balanceAfterTransaction.balanceAmount`,
      )
    : undefined;
  return {
    sourceId,
    sourceAccountId,
    amount,
    direction,
    status,
    bookingDate: date,
    ...(valueDate ? { valueDate } : {}),
    ...(name !== undefined || otherAccount !== undefined
      ? {
          counterparty: {
            ...(name !== undefined ? { name } : {}),
            ...(otherAccount !== undefined ? { account: otherAccount } : {}),
          },
        }
      : {}),
    ...(entry.merchantCategoryCode !== undefined
      ? { merchant: { mcc: entry.merchantCategoryCode, ...(name !== undefined ? { name } : {}) } }
      : {}),
    ...(description !== undefined ? { description } : {}),
    ...(entry.bankTransactionCode !== undefined ? { sourceCode: entry.bankTransactionCode } : {}),
    ...(balanceAfter ? { balanceAfter } : {}),
  };
}
