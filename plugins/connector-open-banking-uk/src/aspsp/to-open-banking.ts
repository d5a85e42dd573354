/**
 * Turns fixture data in the plugin SDK's shapes into the Account and Transaction API's JSON
 * (OBAccount6, OBReadBalance1's Balance, OBTransaction6), so the local ASPSP can serve whatever a
 * test or the sandbox bank generates. What comes out is checked against the spec when served.
 */
import {
  moneyToDecimal,
  type Money,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import { obTypeByBalanceType, schemeNameByIdentifierScheme, subTypeByAccountType } from '../ob-codes';

export type ObJson = Record<string, unknown>;

/** Open Banking amounts are unsigned decimals; the sign travels in `CreditDebitIndicator`. */
function obAmount(money: Money): { Amount: string; Currency: string } {
  const decimal = moneyToDecimal(money);
  return { Amount: decimal.startsWith('-') ? decimal.slice(1) : decimal, Currency: money.currency };
}

function indicator(money: Money): 'Credit' | 'Debit' {
  return money.minor.startsWith('-') ? 'Debit' : 'Credit';
}

/** A date without a time as an Open Banking DateTime: the spec defaults the missing time to 00:00:00+00:00. */
function dateTime(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00+00:00` : date;
}

function counterpartyScheme(account: string): string {
  if (/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(account)) return 'UK.OBIE.IBAN';
  if (/^\d{14}$/.test(account)) return 'UK.OBIE.SortCodeAccountNumber';
  return 'UK.OBIE.BBAN';
}

/** OBAccount6. `withDetail` is the ReadAccountsDetail permission: without it identifiers are left out. */
export function toObAccount(account: SourceAccount, withDetail: boolean): ObJson {
  const subType = subTypeByAccountType[account.type];
  return {
    AccountId: account.sourceId,
    Currency: account.currency,
    AccountType: 'Personal',
    ...(subType ? { AccountSubType: subType } : {}),
    ...(account.name ? { Nickname: account.name } : {}),
    ...(account.openedOn ? { OpeningDate: dateTime(account.openedOn) } : {}),
    ...(withDetail && account.identifiers.length > 0
      ? {
          Account: account.identifiers.map((identifier) => ({
            SchemeName: schemeNameByIdentifierScheme[identifier.scheme],
            Identification: identifier.value,
            ...(account.holderName ? { Name: account.holderName } : {}),
          })),
        }
      : {}),
  };
}

/** One entry of OBReadBalance1's `Data.Balance`. */
export function toObBalance(balance: SourceBalance): ObJson {
  return {
    AccountId: balance.sourceAccountId,
    Amount: obAmount(balance.amount),
    CreditDebitIndicator: indicator(balance.amount),
    Type: obTypeByBalanceType[balance.type],
    DateTime: balance.asOf,
    ...(balance.creditLimit
      ? { CreditLine: [{ Included: true, Type: 'Credit', Amount: obAmount(balance.creditLimit) }] }
      : {}),
  };
}

/**
 * OBTransaction6. `withDetail` is the ReadTransactionsDetail permission (description, running
 * balance, merchant and the other party are detail fields). `withId` false leaves `TransactionId`
 * out, as ASPSPs may (it is optional in v3.1).
 */
export function toObTransaction(
  transaction: SourceTransaction,
  withDetail: boolean,
  withId: boolean,
): ObJson {
  const party = transaction.counterparty;
  const partyAccount =
    party && (party.name || party.account)
      ? {
          ...(party.account
            ? { SchemeName: counterpartyScheme(party.account), Identification: party.account }
            : {}),
          ...(party.name ? { Name: party.name } : {}),
        }
      : undefined;
  return {
    AccountId: transaction.sourceAccountId,
    ...(withId ? { TransactionId: transaction.sourceId } : {}),
    CreditDebitIndicator: transaction.direction === 'credit' ? 'Credit' : 'Debit',
    Status: transaction.status === 'booked' ? 'Booked' : 'Pending',
    BookingDateTime: dateTime(transaction.bookingDate),
    ...(transaction.valueDate ? { ValueDateTime: dateTime(transaction.valueDate) } : {}),
    Amount: obAmount(transaction.amount),
    ...(transaction.sourceCode ? { ProprietaryBankTransactionCode: { Code: transaction.sourceCode } } : {}),
    ...(withDetail && transaction.description ? { TransactionInformation: transaction.description } : {}),
    ...(withDetail && transaction.balanceAfter
      ? {
          Balance: {
            Amount: obAmount(transaction.balanceAfter),
            CreditDebitIndicator: indicator(transaction.balanceAfter),
            Type: 'InterimBooked',
          },
        }
      : {}),
    ...(withDetail && transaction.merchant
      ? {
          MerchantDetails: {
            ...(transaction.merchant.name ? { MerchantName: transaction.merchant.name } : {}),
            ...(transaction.merchant.mcc ? { MerchantCategoryCode: transaction.merchant.mcc } : {}),
          },
        }
      : {}),
    ...(withDetail && partyAccount
      ? transaction.direction === 'debit'
        ? { CreditorAccount: partyAccount }
        : { DebtorAccount: partyAccount }
      : {}),
  };
}
