/**
 * The data-connector extension point: how account data enters FinPersona from a source (an Open
 * Banking API, a statement file, the sandbox bank). A connector only fetches and normalises; the
 * platform owns storage, encryption, idempotency, scheduling, retries and consent checks, so a
 * connector never sees a database and is called only while the customer's consent is live.
 *
 * Versioned (semver, from the connector's side): a change that breaks a connector written against an
 * earlier version raises the major; what a connector may use but need not (a new context member, a new
 * optional field) raises the minor. History:
 * - 1.1.0: `ConnectorContext.saveGrant` (persist refreshed credentials) and `ConnectorContext.customer`
 *   (whether the customer is present, with their IP address). Added members of the context the platform
 *   hands in: a 1.0 connector runs unchanged on a 1.1 platform; a connector that uses them needs 1.1.
 * - 1.0.0: the first contract.
 */
import type { Money } from './money';

export const connectorContractVersion = '1.1.0';

/** Kinds of account the platform distinguishes (sources map theirs onto these). */
export const accountTypes = [
  'current',
  'savings',
  'credit-card',
  'loan',
  'mortgage',
  'investment',
  'other',
] as const;
export type AccountType = (typeof accountTypes)[number];

/** Identifier schemes for accounts (Open Banking UK `SchemeName`s and Berlin Group reference fields). */
export const accountIdentifierSchemes = ['IBAN', 'BBAN', 'SortCodeAccountNumber', 'PAN', 'Other'] as const;
export type AccountIdentifierScheme = (typeof accountIdentifierSchemes)[number];

export interface AccountIdentifier {
  readonly scheme: AccountIdentifierScheme;
  /** The identifier in full. The platform stores it encrypted and shows only a masked form. */
  readonly value: string;
}

/** An account as the source describes it. `sourceId` is the source's stable id for it. */
export interface SourceAccount {
  readonly sourceId: string;
  readonly type: AccountType;
  /** ISO 4217 code of the account's currency. */
  readonly currency: string;
  /** Product or nickname shown to the customer ("Classic current account"); not personal data. */
  readonly name?: string;
  readonly identifiers: readonly AccountIdentifier[];
  /** The account holder's name as the source gives it (personal data: stored encrypted). */
  readonly holderName?: string;
  /** ISO date (YYYY-MM-DD) the account was opened, when known. */
  readonly openedOn?: string;
}

export const balanceTypes = ['booked', 'available', 'closing', 'expected', 'interim'] as const;
export type BalanceType = (typeof balanceTypes)[number];

export interface SourceBalance {
  readonly sourceAccountId: string;
  readonly type: BalanceType;
  /** Signed: negative means the account is overdrawn (or, for a card, the amount owed). */
  readonly amount: Money;
  /** ISO 8601 instant the balance refers to. */
  readonly asOf: string;
  /** Agreed overdraft or credit limit, when the source reports one. */
  readonly creditLimit?: Money;
}

export type TransactionDirection = 'credit' | 'debit';
export type TransactionStatus = 'booked' | 'pending';

/**
 * A transaction as the source describes it. `sourceId` must be stable across fetches and unique within
 * the account: the platform upserts by it, which is what makes a repeated or resumed sync change nothing.
 * Sources without ids derive one with `deriveSourceId`.
 */
export interface SourceTransaction {
  readonly sourceId: string;
  readonly sourceAccountId: string;
  /** Always positive; `direction` says which way it went. */
  readonly amount: Money;
  readonly direction: TransactionDirection;
  readonly status: TransactionStatus;
  /** ISO date (YYYY-MM-DD) the bank booked it. */
  readonly bookingDate: string;
  /** ISO date the value moved, when the source distinguishes it. */
  readonly valueDate?: string;
  /** The other party (personal data: stored encrypted). */
  readonly counterparty?: { readonly name?: string; readonly account?: string };
  /** Merchant details for card payments; `mcc` is the ISO 18245 merchant category code (4 digits). */
  readonly merchant?: { readonly name?: string; readonly mcc?: string };
  /** Free text from the statement (personal data: stored encrypted). */
  readonly description?: string;
  /** The source's own transaction code or type label (e.g. ISO 20022 bank transaction code, PKDD'99 k_symbol). */
  readonly sourceCode?: string;
  /** Balance after this transaction, when the source reports it. */
  readonly balanceAfter?: Money;
}

/** One page of transactions. `nextCursor` is opaque to the platform; null means no more pages. */
export interface TransactionPage {
  readonly transactions: readonly SourceTransaction[];
  readonly nextCursor: string | null;
}

/**
 * What a connector holds after the customer authorised it: opaque to the platform, stored encrypted
 * under the customer's key, and handed back on every call. Must be JSON-serialisable.
 */
export interface ConnectionGrant {
  /** The source's id for the consent (Open Banking `ConsentId`, Berlin Group `consentId`), if any. */
  readonly sourceConsentId?: string;
  /** ISO 8601 instant the source's consent stops being valid, if it expires. */
  readonly expiresAt?: string;
  readonly credentials: Readonly<Record<string, unknown>>;
}

export type BeginConnectionResult =
  /** The customer must authorise at the source: send them to `authorisationUrl`. */
  | {
      readonly kind: 'redirect';
      readonly authorisationUrl: string;
      readonly pending: Readonly<Record<string, unknown>>;
    }
  /** No customer step needed (statement file, sandbox): the grant is ready. */
  | { readonly kind: 'ready'; readonly grant: ConnectionGrant };

export interface BeginConnectionRequest {
  /** Where the source sends the customer back after authorisation. */
  readonly redirectUri: string;
  /** Opaque anti-forgery value the platform checks on return; connectors pass it through to the source. */
  readonly state: string;
  /** Latest instant the consent may last, already capped by the tenant's region rules. */
  readonly validUntil: string;
  /** Whether the connector may read transactions from before the consent (the full history the source allows). */
  readonly includeHistory: boolean;
}

export interface CompleteConnectionRequest {
  /** The `pending` value `beginConnection` returned. */
  readonly pending: Readonly<Record<string, unknown>>;
  /** Query parameters of the redirect back (`code`, `state`, `error`, ...). */
  readonly callback: Readonly<Record<string, string>>;
  readonly redirectUri: string;
}

export type SourceConsentStatus = 'valid' | 'pending' | 'expired' | 'revoked' | 'rejected';

/**
 * Whether the customer is taking part in this call. Under PSD2 an account-information request the customer
 * actively made is not counted against the 4 unattended refreshes a day, and must carry their IP address
 * (UK Open Banking `x-fapi-customer-ip-address`, Berlin Group `PSU-IP-Address`); one without the customer
 * must not. `present` is true only for calls made on the customer's own request to the platform (connect,
 * complete, disconnect); scheduled syncs are `{ present: false }`.
 */
export type CustomerPresence =
  | {
      readonly present: true;
      /**
       * The customer's IP address as the platform's API saw it (IPv4 or IPv6, as text): the address of
       * the connection that reached the API, or, when the platform is configured to trust a proxy, the
       * address that proxy reported. Never taken from a header the customer's device could set itself.
       */
      readonly ipAddress: string;
    }
  | { readonly present: false };

/** What a connector may use while it runs. Given by the platform per call; connectors keep no globals. */
export interface ConnectorContext {
  /** Aborted when the platform stops the call (revocation, shutdown, time-out): stop promptly. */
  readonly signal: AbortSignal;
  /** Call while working through long pages so the platform knows the call is alive. */
  heartbeat(progress?: { readonly page?: number; readonly transactions?: number }): void;
  /** HTTP for the connector's declared hosts only. */
  readonly fetch: typeof globalThis.fetch;
  /** The platform's clock (time-skipping tests move it). */
  now(): Date;
  /** Whether the customer is present (and their IP address): send the source's presence header only then. Since 1.1. */
  readonly customer: CustomerPresence;
  /**
   * Stores `grant` as the connection's new grant (encrypted, like the first one), replacing the one this
   * call was given, for sources that rotate credentials (a refresh token that is single-use, a renewed
   * access token). Since 1.1.
   *
   * - Durable when it resolves: committed before the promise settles. Await it BEFORE relying on the new
   *   credentials (before the next request that uses a rotated token), so a crash after that request
   *   cannot leave the platform holding only credentials the source no longer accepts.
   * - Idempotent: saving the same grant again changes nothing, so a retried call may save again.
   * - The grant must keep the `sourceConsentId` of the one it replaces (it is the same consent) and be
   *   JSON-serialisable; otherwise it rejects with `ConnectorError('INVALID_REQUEST')` and stores nothing.
   * - Refused when the connection ended meanwhile (disconnected, revoked, expired, its consent no longer
   *   live) or there is no stored connection to save to (`beginConnection`, `completeConnection` — return
   *   the grant instead — and calls made while the customer disconnects): nothing is stored, `signal` is
   *   aborted and it rejects with `ConnectorError('CONSENT_REVOKED')`. Stop and let the error propagate;
   *   the platform knows why and does not treat it as the source revoking the consent.
   */
  saveGrant(grant: ConnectionGrant): Promise<void>;
}

export interface TransactionQuery {
  /** The cursor from the previous page, or null for the first page. */
  readonly cursor: string | null;
  /** Fetch transactions booked on or after this ISO date, when the source can filter. */
  readonly fromDate?: string;
}

/** A data connector. Every method may throw `ConnectorError`; anything else is treated as a bug. */
export interface DataConnector {
  /** Stable id of the connector kind: `'open-banking-uk'`, `'berlin-group'`, `'statement-csv'`, `'sandbox'`. */
  readonly id: string;
  beginConnection(request: BeginConnectionRequest, context: ConnectorContext): Promise<BeginConnectionResult>;
  /** Exchanges the authorisation callback for a grant. Connectors that never redirect may throw UNSUPPORTED. */
  completeConnection(request: CompleteConnectionRequest, context: ConnectorContext): Promise<ConnectionGrant>;
  consentStatus(grant: ConnectionGrant, context: ConnectorContext): Promise<SourceConsentStatus>;
  listAccounts(grant: ConnectionGrant, context: ConnectorContext): Promise<readonly SourceAccount[]>;
  listBalances(
    grant: ConnectionGrant,
    sourceAccountId: string,
    context: ConnectorContext,
  ): Promise<readonly SourceBalance[]>;
  listTransactions(
    grant: ConnectionGrant,
    sourceAccountId: string,
    query: TransactionQuery,
    context: ConnectorContext,
  ): Promise<TransactionPage>;
  /** Withdraws the consent at the source, where the source supports it. Must succeed if already gone. */
  revoke(grant: ConnectionGrant, context: ConnectorContext): Promise<void>;
}

export const connectorErrorCodes = [
  /** The source asked us to slow down; `retryAfterMs` says for how long when it said so. */
  'RATE_LIMITED',
  /** The source failed or could not be reached (5xx, network); worth retrying later. */
  'SOURCE_UNAVAILABLE',
  /** The consent at the source has expired: the customer must re-authorise. */
  'CONSENT_EXPIRED',
  /** The consent was revoked at the source (or never authorised): stop syncing. */
  'CONSENT_REVOKED',
  /** The source answered with data that breaks its own specification. */
  'BAD_SOURCE_DATA',
  /** The request to the connector was wrong (bad callback, unknown account). */
  'INVALID_REQUEST',
  /** The connector cannot do this (e.g. revoke on a statement file). */
  'UNSUPPORTED',
] as const;
export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

const retryableCodes: ReadonlySet<ConnectorErrorCode> = new Set(['RATE_LIMITED', 'SOURCE_UNAVAILABLE']);

/** The one error type connectors throw. `retryable` tells the platform whether backing off can help. */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly retryable: boolean;

  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.retryable = retryableCodes.has(code);
  }
}
