/**
 * The parts of the NextGenPSD2 XS2A (v1.3.x) JSON messages this package reads or writes, named as
 * the specification names them. Everything optional in the specification is optional here.
 */

export const consentStatuses = [
  'received',
  'rejected',
  'valid',
  'revokedByPsu',
  'expired',
  'terminatedByTpp',
  'partiallyAuthorised',
] as const;
export type Xs2aConsentStatus = (typeof consentStatuses)[number];

export interface Xs2aHref {
  href: string;
}

export interface Xs2aAmount {
  currency: string;
  /** Signed decimal string, e.g. "-12.30". */
  amount: string;
}

export interface Xs2aAccountReference {
  iban?: string;
  bban?: string;
  pan?: string;
  maskedPan?: string;
  msisdn?: string;
  currency?: string;
}

export interface Xs2aAccountAccess {
  accounts?: Xs2aAccountReference[];
  balances?: Xs2aAccountReference[];
  transactions?: Xs2aAccountReference[];
  availableAccounts?: 'allAccounts' | 'allAccountsWithOwnerName';
  allPsd2?: 'allAccounts' | 'allAccountsWithOwnerName';
}

export interface Xs2aConsentRequest {
  access: Xs2aAccountAccess;
  recurringIndicator: boolean;
  /** ISO date, the last day the consent is valid. */
  validUntil: string;
  frequencyPerDay: number;
  combinedServiceIndicator: boolean;
}

export interface Xs2aConsentCreated {
  consentStatus: Xs2aConsentStatus;
  consentId: string;
  _links: Record<string, Xs2aHref>;
}

export interface Xs2aConsentInformation {
  access: Xs2aAccountAccess;
  recurringIndicator: boolean;
  validUntil: string;
  frequencyPerDay: number;
  lastActionDate: string;
  consentStatus: Xs2aConsentStatus;
  _links?: Record<string, Xs2aHref>;
}

export interface Xs2aAccountDetails extends Omit<Xs2aAccountReference, 'pan'> {
  resourceId?: string;
  currency: string;
  name?: string;
  displayName?: string;
  product?: string;
  ownerName?: string;
  /** ISO 20022 ExternalCashAccountType1Code (CACC, SVGS, LOAN, CARD, ...). */
  cashAccountType?: string;
  status?: 'enabled' | 'deleted' | 'blocked';
  usage?: 'PRIV' | 'ORGA';
  _links?: Record<string, Xs2aHref>;
}

export const xs2aBalanceTypes = [
  'closingBooked',
  'expected',
  'openingBooked',
  'interimAvailable',
  'interimBooked',
  'forwardAvailable',
  'nonInvoiced',
] as const;
export type Xs2aBalanceType = (typeof xs2aBalanceTypes)[number];

export interface Xs2aBalance {
  balanceAmount: Xs2aAmount;
  balanceType: Xs2aBalanceType;
  creditLimitIncluded?: boolean;
  lastChangeDateTime?: string;
  referenceDate?: string;
}

export interface Xs2aTransaction {
  transactionId?: string;
  entryReference?: string;
  bookingDate?: string;
  valueDate?: string;
  transactionAmount: Xs2aAmount;
  creditorName?: string;
  creditorAccount?: Xs2aAccountReference;
  debtorName?: string;
  debtorAccount?: Xs2aAccountReference;
  remittanceInformationUnstructured?: string;
  bankTransactionCode?: string;
  merchantCategoryCode?: string;
  balanceAfterTransaction?: Xs2aBalance;
}

export interface Xs2aTransactionsResponse {
  account?: Xs2aAccountReference;
  transactions?: {
    booked?: Xs2aTransaction[];
    pending?: Xs2aTransaction[];
    _links: Record<string, Xs2aHref>;
  };
}

export interface Xs2aTppMessage {
  category: 'ERROR' | 'WARNING';
  code: string;
  path?: string;
  text?: string;
}
