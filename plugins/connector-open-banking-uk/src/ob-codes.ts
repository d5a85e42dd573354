/**
 * The code lists of the Account and Transaction API v3.1 that the connector and the local ASPSP
 * translate, and how they correspond to the plugin SDK's types. One table each, used in both
 * directions, so the server and the connector cannot drift apart.
 */
import type { AccountIdentifierScheme, AccountType, BalanceType } from '@finpersona/plugin-sdk';

/** `OBExternalAccountSubType1Code` → SDK account type. */
export const accountTypeBySubType: Readonly<Record<string, AccountType>> = {
  CurrentAccount: 'current',
  Savings: 'savings',
  CreditCard: 'credit-card',
  ChargeCard: 'credit-card',
  Loan: 'loan',
  Mortgage: 'mortgage',
  EMoney: 'other',
  PrePaidCard: 'other',
};

/** SDK account type → `AccountSubType` the local ASPSP serves (absent: the field is left out, as the spec allows). */
export const subTypeByAccountType: Readonly<Partial<Record<AccountType, string>>> = {
  current: 'CurrentAccount',
  savings: 'Savings',
  'credit-card': 'CreditCard',
  loan: 'Loan',
  mortgage: 'Mortgage',
};

/** `OBExternalAccountIdentification4Code` (namespaced, extensible) → SDK identifier scheme. */
export const identifierSchemeBySchemeName: Readonly<Record<string, AccountIdentifierScheme>> = {
  'UK.OBIE.IBAN': 'IBAN',
  'UK.OBIE.BBAN': 'BBAN',
  'UK.OBIE.SortCodeAccountNumber': 'SortCodeAccountNumber',
  'UK.OBIE.PAN': 'PAN',
  // Older names the v3.0 documents used; ASPSPs still send them.
  IBAN: 'IBAN',
  SortCodeAccountNumber: 'SortCodeAccountNumber',
  PAN: 'PAN',
};

export const schemeNameByIdentifierScheme: Readonly<Record<AccountIdentifierScheme, string>> = {
  IBAN: 'UK.OBIE.IBAN',
  BBAN: 'UK.OBIE.BBAN',
  SortCodeAccountNumber: 'UK.OBIE.SortCodeAccountNumber',
  PAN: 'UK.OBIE.PAN',
  Other: 'UK.OBIE.Paym',
};

/**
 * `OBBalanceType1Code` → SDK balance type. Opening balances and `Information` have no SDK
 * counterpart and are not passed on (they describe the start of a reporting period, which the
 * closing balance of the previous one already gave).
 */
export const balanceTypeByObType: Readonly<Record<string, BalanceType | undefined>> = {
  InterimBooked: 'booked',
  InterimAvailable: 'available',
  InterimCleared: 'interim',
  ClosingBooked: 'closing',
  ClosingAvailable: 'closing',
  ClosingCleared: 'closing',
  PreviouslyClosedBooked: 'closing',
  Expected: 'expected',
  ForwardAvailable: 'expected',
  OpeningAvailable: undefined,
  OpeningBooked: undefined,
  OpeningCleared: undefined,
  Information: undefined,
};

export const obTypeByBalanceType: Readonly<Record<BalanceType, string>> = {
  booked: 'InterimBooked',
  available: 'InterimAvailable',
  interim: 'InterimCleared',
  closing: 'ClosingBooked',
  expected: 'Expected',
};

/** Permissions the connector asks for: accounts with identifiers, balances, every transaction in detail. */
export const requestedPermissions = [
  'ReadAccountsDetail',
  'ReadBalances',
  'ReadTransactionsDetail',
  'ReadTransactionsCredits',
  'ReadTransactionsDebits',
] as const;
