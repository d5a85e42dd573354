/**
 * Maps the Account and Transaction API's JSON (OBAccount6, OBReadBalance1, OBTransaction6) onto
 * the plugin SDK's types. Every field the mapping reads is checked against what the specification
 * allows for it; anything else is `BAD_SOURCE_DATA`, never a guess. Amounts are parsed by string
 * arithmetic (`moneyFromDecimal`): no value passes through a binary float.
 */
import {
  ConnectorError,
  currencyExponent,
  deriveSourceId,
  MoneyFormatError,
  moneyFromDecimal,
  type AccountIdentifier,
  type Money,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import { accountTypeBySubType, balanceTypeByObType, identifierSchemeBySchemeName } from '../ob-codes';

type Json = Record<string, unknown>;

/** `OBActiveCurrencyAndAmount_SimpleType`: unsigned, up to 13 digits and 5 decimals. */
const amountPattern = /^\d{1,13}(\.\d{1,5})?$/;
const currencyPattern = /^[A-Z]{3}$/;
/** An ISO 8601 date-time with a timezone, as the profile requires in responses. */
const dateTimePattern = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function badData(where: string, message: string): ConnectorError {
  return new ConnectorError('BAD_SOURCE_DATA', `The bank's ${where} ${message}.`);
}

function object(value: unknown, where: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badData(where, 'is not an object');
  return value as Json;
}

export function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw badData(where, 'is not an array');
  return value;
}

function text(value: unknown, where: string, max: number): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > max) {
    throw badData(where, `is not a string of 1 to ${max} characters`);
  }
  return value;
}

function optionalText(value: unknown, where: string, max: number): string | undefined {
  return value === undefined ? undefined : text(value, where, max);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw badData(where, `is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** The date part of an ISO date-time, as the bank wrote it (its booking calendar, not shifted to UTC). */
function datePart(value: unknown, where: string): string {
  const match = typeof value === 'string' ? dateTimePattern.exec(value) : null;
  if (!match?.[1] || Number.isNaN(Date.parse(value as string))) {
    throw badData(where, `is ${JSON.stringify(value)}, not an ISO 8601 date-time with a timezone`);
  }
  return match[1];
}

function instant(value: unknown, where: string): string {
  datePart(value, where);
  return new Date(value as string).toISOString();
}

/**
 * An Open Banking amount as exact minor units. The spec allows 5 decimals for every currency;
 * trailing zeros beyond the currency's exponent are dropped, real sub-unit digits are refused.
 */
export function obMoney(value: unknown, where: string): Money {
  const amount = object(value, where);
  if (typeof amount.Amount !== 'string' || !amountPattern.test(amount.Amount)) {
    throw badData(`${where}.Amount`, `is ${JSON.stringify(amount.Amount)}, not an unsigned decimal`);
  }
  if (typeof amount.Currency !== 'string' || !currencyPattern.test(amount.Currency)) {
    throw badData(`${where}.Currency`, `is ${JSON.stringify(amount.Currency)}, not an ISO 4217 code`);
  }
  const exponent = currencyExponent(amount.Currency);
  const [whole, fraction = ''] = amount.Amount.split('.');
  const trimmed = fraction.length > exponent ? fraction.replace(/0+$/, '').padEnd(exponent, '0') : fraction;
  try {
    return moneyFromDecimal(trimmed ? `${whole}.${trimmed}` : (whole as string), amount.Currency);
  } catch (error) {
    if (error instanceof MoneyFormatError) throw badData(`${where}.Amount`, error.message.replace(/\.$/, ''));
    throw error;
  }
}

function signed(money: Money, indicator: 'Credit' | 'Debit'): Money {
  return indicator === 'Debit' && money.minor !== '0' ? { ...money, minor: `-${money.minor}` } : money;
}

export function toSourceAccount(value: unknown, index: number): SourceAccount {
  const where = `account ${index}`;
  const account = object(value, where);
  const sourceId = text(account.AccountId, `${where} AccountId`, 40);
  if (typeof account.Currency !== 'string' || !currencyPattern.test(account.Currency)) {
    throw badData(`${where} Currency`, `is ${JSON.stringify(account.Currency)}, not an ISO 4217 code`);
  }
  const subType =
    account.AccountSubType === undefined
      ? undefined
      : text(account.AccountSubType, `${where} AccountSubType`, 40);
  const identifiers: AccountIdentifier[] = [];
  let holderName: string | undefined;
  for (const [position, entry] of (account.Account === undefined
    ? []
    : array(account.Account, `${where} Account`)
  ).entries()) {
    const identification = object(entry, `${where} Account[${position}]`);
    const schemeName = text(identification.SchemeName, `${where} Account[${position}].SchemeName`, 40);
    identifiers.push({
      scheme: identifierSchemeBySchemeName[schemeName] ?? 'Other',
      value: text(identification.Identification, `${where} Account[${position}].Identification`, 256),
    });
    holderName ??= optionalText(identification.Name, `${where} Account[${position}].Name`, 350);
  }
  const name = optionalText(account.Nickname, `${where} Nickname`, 70);
  return {
    sourceId,
    type: (subType && accountTypeBySubType[subType]) || 'other',
    currency: account.Currency,
    identifiers,
    ...(name ? { name } : {}),
    ...(holderName ? { holderName } : {}),
    ...(account.OpeningDate !== undefined
      ? { openedOn: datePart(account.OpeningDate, `${where} OpeningDate`) }
      : {}),
  };
}

/** Balances of one account; types the SDK has no counterpart for (opening balances, Information) are left out. */
export function toSourceBalances(values: unknown[], sourceAccountId: string): SourceBalance[] {
  const out: SourceBalance[] = [];
  values.forEach((value, index) => {
    const where = `balance ${index}`;
    const balance = object(value, where);
    if (balance.AccountId !== sourceAccountId)
      throw badData(`${where} AccountId`, `is not ${sourceAccountId}`);
    const obType = text(balance.Type, `${where} Type`, 40);
    if (!(obType in balanceTypeByObType))
      throw badData(`${where} Type`, `is ${obType}, not an OBBalanceType1Code`);
    const type = balanceTypeByObType[obType];
    const indicator = oneOf(
      balance.CreditDebitIndicator,
      ['Credit', 'Debit'],
      `${where} CreditDebitIndicator`,
    );
    const amount = signed(obMoney(balance.Amount, `${where} Amount`), indicator);
    const asOf = instant(balance.DateTime, `${where} DateTime`);
    const lines = balance.CreditLine === undefined ? [] : array(balance.CreditLine, `${where} CreditLine`);
    const limit = lines
      .map((line, position) => object(line, `${where} CreditLine[${position}]`))
      .find((line) => line.Amount !== undefined && (line.Type === 'Credit' || line.Type === 'Pre-Agreed'));
    if (!type) return;
    out.push({
      sourceAccountId,
      type,
      amount,
      asOf,
      ...(limit ? { creditLimit: obMoney(limit.Amount, `${where} CreditLine.Amount`) } : {}),
    });
  });
  return out;
}

function counterparty(
  transaction: Json,
  direction: 'credit' | 'debit',
  where: string,
): SourceTransaction['counterparty'] {
  // The other party is the creditor of a debit and the debtor of a credit.
  const account = transaction[direction === 'debit' ? 'CreditorAccount' : 'DebtorAccount'];
  const agent = transaction[direction === 'debit' ? 'CreditorAgent' : 'DebtorAgent'];
  const accountJson = account === undefined ? undefined : object(account, `${where} counterparty account`);
  const agentJson = agent === undefined ? undefined : object(agent, `${where} counterparty agent`);
  const name =
    optionalText(accountJson?.Name, `${where} counterparty account Name`, 350) ??
    optionalText(agentJson?.Name, `${where} counterparty agent Name`, 140);
  const identification = optionalText(
    accountJson?.Identification,
    `${where} counterparty account Identification`,
    256,
  );
  if (!name && !identification) return undefined;
  return { ...(name ? { name } : {}), ...(identification ? { account: identification } : {}) };
}

/**
 * Transactions of one page. A transaction without `TransactionId` gets a derived id from its
 * unchanging fields, numbered among identical ones on the page.
 */
export function toSourceTransactions(values: unknown[], sourceAccountId: string): SourceTransaction[] {
  const seen = new Map<string, number>();
  return values.map((value, index) => {
    const where = `transaction ${index}`;
    const transaction = object(value, where);
    if (transaction.AccountId !== sourceAccountId)
      throw badData(`${where} AccountId`, `is not ${sourceAccountId}`);
    const indicator = oneOf(
      transaction.CreditDebitIndicator,
      ['Credit', 'Debit'],
      `${where} CreditDebitIndicator`,
    );
    const direction = indicator === 'Credit' ? 'credit' : 'debit';
    const status = oneOf(transaction.Status, ['Booked', 'Pending'], `${where} Status`);
    const amount = obMoney(transaction.Amount, `${where} Amount`);
    const bookingDate = datePart(transaction.BookingDateTime, `${where} BookingDateTime`);
    const description = optionalText(
      transaction.TransactionInformation,
      `${where} TransactionInformation`,
      500,
    );
    const reference = optionalText(transaction.TransactionReference, `${where} TransactionReference`, 210);
    let sourceId = optionalText(transaction.TransactionId, `${where} TransactionId`, 210);
    if (!sourceId) {
      const parts = [
        transaction.BookingDateTime as string,
        indicator,
        amount.minor,
        amount.currency,
        reference ?? '',
        description ?? '',
      ];
      const key = JSON.stringify(parts);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      sourceId = deriveSourceId(parts, occurrence);
    }
    const code =
      transaction.BankTransactionCode !== undefined
        ? object(transaction.BankTransactionCode, `${where} BankTransactionCode`)
        : undefined;
    const proprietary =
      transaction.ProprietaryBankTransactionCode !== undefined
        ? object(transaction.ProprietaryBankTransactionCode, `${where} ProprietaryBankTransactionCode`)
        : undefined;
    const sourceCode = code
      ? `${text(code.Code, `${where} BankTransactionCode.Code`, 35)}/${text(code.SubCode, `${where} BankTransactionCode.SubCode`, 35)}`
      : proprietary
        ? text(proprietary.Code, `${where} ProprietaryBankTransactionCode.Code`, 35)
        : undefined;
    const merchantJson =
      transaction.MerchantDetails !== undefined
        ? object(transaction.MerchantDetails, `${where} MerchantDetails`)
        : undefined;
    const merchantName = optionalText(merchantJson?.MerchantName, `${where} MerchantName`, 350);
    // The spec allows 3 or 4 characters; ISO 18245 codes are 4 digits, so 742 is 0742 and non-digits are no MCC.
    const rawMcc = optionalText(merchantJson?.MerchantCategoryCode, `${where} MerchantCategoryCode`, 4);
    const mcc = rawMcc && /^\d{3,4}$/.test(rawMcc) ? rawMcc.padStart(4, '0') : undefined;
    const balanceJson =
      transaction.Balance !== undefined ? object(transaction.Balance, `${where} Balance`) : undefined;
    const party = counterparty(transaction, direction, where);
    return {
      sourceId,
      sourceAccountId,
      amount,
      direction,
      status: status === 'Booked' ? 'booked' : 'pending',
      bookingDate,
      ...(transaction.ValueDateTime !== undefined
        ? { valueDate: datePart(transaction.ValueDateTime, `${where} ValueDateTime`) }
        : {}),
      ...(party ? { counterparty: party } : {}),
      ...(merchantName || mcc
        ? { merchant: { ...(merchantName ? { name: merchantName } : {}), ...(mcc ? { mcc } : {}) } }
        : {}),
      ...(description ? { description } : {}),
      ...(sourceCode ? { sourceCode } : {}),
      ...(balanceJson
        ? {
            balanceAfter: signed(
              obMoney(balanceJson.Amount, `${where} Balance.Amount`),
              oneOf(
                balanceJson.CreditDebitIndicator,
                ['Credit', 'Debit'],
                `${where} Balance.CreditDebitIndicator`,
              ),
            ),
          }
        : {}),
    };
  });
}
