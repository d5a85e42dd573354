// The accounts feature's calls to the API: connections, accounts with balances, transactions, connecting.
import type { ApiClient } from '../api/client.ts';

export interface Money {
  /** Integer minor units as a decimal string (may be signed). */
  minor: string;
  currency: string;
}

export interface AccountBalance {
  type: string;
  amount: Money;
  asOf: string;
  creditLimit: Money | null;
}

export interface Account {
  id: string;
  connectionId: string;
  type: string;
  currency: string;
  name: string | null;
  maskedIdentifier: string | null;
  balances: AccountBalance[];
}

export interface Transaction {
  id: string;
  accountId: string;
  amount: Money;
  direction: 'CREDIT' | 'DEBIT';
  status: 'BOOKED' | 'PENDING';
  bookingDate: string;
  counterparty: { name: string | null; account: string | null } | null;
  description: string | null;
  merchantName: string | null;
  /** A category id of the taxonomy (see `categories`); null until enrichment has placed it. */
  category: string | null;
  /** Who chose `category`: the customer's own choice is never overwritten by a sync or a model. */
  categorySource: 'MCC' | 'RULE' | 'MODEL' | 'CUSTOMER' | null;
}

/** The API's `TransactionFilter` (amounts in minor units, dates YYYY-MM-DD). */
export interface TransactionFilter {
  accountId?: string;
  bookedFrom?: string;
  bookedTo?: string;
  direction?: 'CREDIT' | 'DEBIT';
  minAmountMinor?: string;
  maxAmountMinor?: string;
  status?: 'BOOKED' | 'PENDING';
}

export interface TransactionPage {
  transactions: Transaction[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export const transactionPageSize = 20;

export async function fetchAccounts(api: ApiClient, token: string): Promise<Account[]> {
  const data = await api.graphql<{ accounts: Account[] }>(
    `query Accounts {
      accounts { id connectionId type currency name maskedIdentifier
        balances { type amount { minor currency } asOf creditLimit { minor currency } } }
    }`,
    {},
    token,
  );
  return data.accounts;
}

export async function fetchTransactions(
  api: ApiClient,
  token: string,
  filter: TransactionFilter,
  after: string | null,
): Promise<TransactionPage> {
  const data = await api.graphql<{
    transactions: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: Transaction }[];
    };
  }>(
    `query Transactions($filter: TransactionFilter, $first: Int, $after: String) {
      transactions(filter: $filter, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { id accountId amount { minor currency } direction status bookingDate
          counterparty { name account } description merchantName category categorySource } }
      }
    }`,
    { filter, first: transactionPageSize, after },
    token,
  );
  return {
    transactions: data.transactions.edges.map((edge) => edge.node),
    hasNextPage: data.transactions.pageInfo.hasNextPage,
    endCursor: data.transactions.pageInfo.endCursor,
  };
}

/** Puts one of the customer's transactions in a category (`categoriseTransaction`); the API returns the new one. */
export async function categoriseTransaction(
  api: ApiClient,
  token: string,
  transactionId: string,
  category: string,
): Promise<{ category: string; categorySource: 'CUSTOMER' }> {
  const data = await api.graphql<{ categoriseTransaction: { category: string; categorySource: 'CUSTOMER' } }>(
    `mutation Categorise($transactionId: ID!, $category: String!) {
      categoriseTransaction(transactionId: $transactionId, category: $category) { category categorySource }
    }`,
    { transactionId, category },
    token,
  );
  return data.categoriseTransaction;
}

/** Starts connecting a source; the customer is then sent to the returned URL (null: already connected). */
export async function connectSource(
  api: ApiClient,
  token: string,
  input: { connector: string; consentId: string; redirectUri: string },
): Promise<string | null> {
  const data = await api.graphql<{ connectSource: { authorisationUrl: string | null } }>(
    `mutation ConnectSource($input: ConnectSourceInput!) {
      connectSource(input: $input) { authorisationUrl connection { id status } }
    }`,
    { input },
    token,
  );
  return data.connectSource.authorisationUrl;
}

/** Completes a connection with every query parameter of the source's redirect back. */
export async function completeConnection(
  api: ApiClient,
  token: string,
  parameters: URLSearchParams,
): Promise<{ status: string; errorCode: string | null }> {
  const callback = [...parameters.entries()].map(([name, value]) => ({ name, value }));
  const data = await api.graphql<{ completeConnection: { status: string; errorCode: string | null } }>(
    `mutation CompleteConnection($input: CompleteConnectionInput!) {
      completeConnection(input: $input) { id status errorCode }
    }`,
    { input: { state: parameters.get('state') ?? '', callback } },
    token,
  );
  return data.completeConnection;
}
