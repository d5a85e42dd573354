/**
 * Maps the platform's own fixture types (the SDK's `SourceAccount` / `SourceBalance` /
 * `SourceTransaction`) to the XS2A JSON the local ASPSP serves, so platform tests describe a bank's data
 * once and read it back through the real connector. The mapping is the inverse of the connector's
 * where XS2A can carry the field; what it cannot carry is listed in the package README.
 */
import {
  moneyToDecimal,
  type AccountType,
  type BalanceType,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import type {
  Xs2aAccountDetails,
  Xs2aAccountReference,
  Xs2aBalance,
  Xs2aBalanceType,
  Xs2aTransaction,
} from '../xs2a';

/** One account of the local ASPSP with everything it reports about it. */
export interface LocalXs2aAccountFixture {
  readonly account: SourceAccount;
  readonly balances?: readonly SourceBalance[];
  readonly transactions?: readonly SourceTransaction[];
  /**
   * Which XS2A field carries each transaction's `sourceId`: `transactionId` (default), `entryReference`,
   * or `none` (the ASPSP sends no id, and the connector derives one).
   */
  readonly transactionIds?: 'transactionId' | 'entryReference' | 'none';
}

const cashAccountTypes: Readonly<Record<AccountType, string | undefined>> = {
  current: 'CACC',
  savings: 'SVGS',
  'credit-card': 'CARD',
  loan: 'LOAN',
  // ISO 20022's ExternalCashAccountType1Code has no mortgage or investment code.
  mortgage: 'LOAN',
  investment: undefined,
  other: undefined,
};

const balanceTypes: Readonly<Record<BalanceType, Xs2aBalanceType | undefined>> = {
  closing: 'closingBooked',
  expected: 'expected',
  available: 'interimAvailable',
  booked: 'interimBooked',
  // XS2A has no plain "interim" balance: fixtures say booked (interimBooked) or available (interimAvailable).
  interim: undefined,
};

/** The account reference XS2A uses for an account (in consents' access lists and transaction reports). */
export function accountReference(account: SourceAccount): Xs2aAccountReference {
  const reference: Xs2aAccountReference = {};
  for (const identifier of account.identifiers) {
    if (identifier.scheme === 'IBAN') reference.iban ??= identifier.value;
    // A UK sort code and account number is that country's BBAN.
    else if (identifier.scheme === 'BBAN' || identifier.scheme === 'SortCodeAccountNumber') {
      reference.bban ??= identifier.value;
    }
  }
  return { ...reference, currency: account.currency };
}

export function accountDetails(account: SourceAccount): Xs2aAccountDetails {
  const { currency: _currency, ...reference } = accountReference(account);
  const cashAccountType = cashAccountTypes[account.type];
  return {
    resourceId: account.sourceId,
    ...reference,
    currency: account.currency,
    ...(account.name !== undefined ? { name: account.name } : {}),
    ...(account.holderName !== undefined ? { ownerName: account.holderName } : {}),
    ...(cashAccountType ? { cashAccountType } : {}),
    status: 'enabled',
    _links: {
      balances: { href: `/v1/accounts/${encodeURIComponent(account.sourceId)}/balances` },
      transactions: { href: `/v1/accounts/${encodeURIComponent(account.sourceId)}/transactions` },
    },
  };
}

export function balance(source: SourceBalance): Xs2aBalance {
  const balanceType = balanceTypes[source.type];
  if (!balanceType) {
    throw new Error(
      `Fixture balance of type "${source.type}" has no XS2A equivalent: use "booked" or "available".`,
    );
  }
  return {
    balanceAmount: { currency: source.amount.currency, amount: moneyToDecimal(source.amount) },
    balanceType,
    lastChangeDateTime: source.asOf,
    referenceDate: source.asOf.slice(0, 10),
  };
}

function counterpartyReference(account: string): Xs2aAccountReference {
  return /^[A-Z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$/.test(account) ? { iban: account } : { bban: account };
}

export function transaction(
  source: SourceTransaction,
  ids: LocalXs2aAccountFixture['transactionIds'] = 'transactionId',
): Xs2aTransaction {
  const signed =
    source.direction === 'debit' ? `-${moneyToDecimal(source.amount)}` : moneyToDecimal(source.amount);
  const result: Xs2aTransaction = {
    ...(ids === 'transactionId' ? { transactionId: source.sourceId } : {}),
    ...(ids === 'entryReference' ? { entryReference: source.sourceId } : {}),
    bookingDate: source.bookingDate,
    ...(source.valueDate ? { valueDate: source.valueDate } : {}),
    transactionAmount: { currency: source.amount.currency, amount: signed },
  };
  // The other party is the creditor of a debit and the debtor of a credit.
  const name = source.counterparty?.name ?? source.merchant?.name;
  const account = source.counterparty?.account;
  if (source.direction === 'debit') {
    if (name !== undefined) result.creditorName = name;
    if (account !== undefined) result.creditorAccount = counterpartyReference(account);
  } else {
    if (name !== undefined) result.debtorName = name;
    if (account !== undefined) result.debtorAccount = counterpartyReference(account);
  }
  if (source.description !== undefined) result.remittanceInformationUnstructured = source.description;
  if (source.sourceCode !== undefined) result.bankTransactionCode = source.sourceCode;
  if (source.merchant?.mcc !== undefined) result.merchantCategoryCode = source.merchant.mcc;
  if (source.balanceAfter) {
    result.balanceAfterTransaction = {
      balanceAmount: { currency: source.balanceAfter.currency, amount: moneyToDecimal(source.balanceAfter) },
      balanceType: 'interimBooked',
    };
  }
  return result;
}
