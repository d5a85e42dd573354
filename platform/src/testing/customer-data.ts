import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { SourceAccount, SourceBalance, SourceTransaction } from '@finpersona/plugin-sdk';
import { createHash, randomUUID } from 'node:crypto';
import {
  Account,
  AccountTransaction,
  Balance,
  Connection,
  ConnectionsService,
  ConnectorRegistry,
  encodeCounterparty,
  SYNC_WORKFLOW,
  syncWorkflowId,
  encodeIdentifiers,
  maskIdentifier,
  personalField,
} from '../accounts';
import { Consent } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { type Principal, runAsTenant, type TenantRef } from '../request-context';
import { FixtureConnector } from './fixture-connector';
import { rowsAsTenant } from './tenant-rows';
import type { Client } from '@temporalio/client';

/**
 * Test-only writers of a customer's source data, straight through the entities with the platform's real
 * field encryption (the same addresses and plaintext layout as `accounts/transactions.fields.ts`). The
 * sync side's ingest service is the production writer; these exist so the read API and the customer
 * app can be tested before and independently of it.
 */
export async function grantAggregationConsent(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  overrides: Partial<
    Pick<Consent, 'purpose' | 'status' | 'expiresAt' | 'renewalDueAt' | 'revokedAt' | 'expiredAt'>
  > = {},
): Promise<string> {
  const em = app.get(EntityManager);
  return runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      const consent = new Consent();
      Object.assign(consent, {
        tenantId: tenant.id,
        customerId,
        purpose: 'aggregation',
        textVersion: 'test-1',
        textHash: createHash('sha256').update('test consent text').digest('hex'),
        status: 'granted',
        channel: 'customer-app',
        proof: { by: 'test fixture' },
        grantedAt: new Date(),
        expiresAt: new Date(Date.now() + 90 * 86_400_000),
        renewalDueAt: new Date(Date.now() + 90 * 86_400_000),
        ...overrides,
      });
      tx.persist(consent);
      await tx.flush();
      return consent.id;
    }),
  );
}

/** Two accounts of a customer as a source describes them (a current account and savings), for tests and demos. */
export const sampleAccounts: SourceAccount[] = [
  {
    sourceId: 'acc-current',
    type: 'current',
    currency: 'EUR',
    name: 'Classic current account',
    identifiers: [{ scheme: 'IBAN', value: 'SI56 1910 0000 0123 438' }],
    holderName: 'Ana Novak',
  },
  {
    sourceId: 'acc-savings',
    type: 'savings',
    currency: 'EUR',
    name: 'Rainy day savings',
    identifiers: [{ scheme: 'IBAN', value: 'SI56 1910 0000 0999 911' }],
  },
];

export interface SeededSourceData {
  connectionId: string;
  accountIds: string[];
  transactionIds: string[];
}

/**
 * An active connection of `customerId` under `consentId` with accounts, balances and transactions, personal
 * fields encrypted under the customer's key. Transactions name their account by `sourceAccountId`.
 */
export async function seedSourceData(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  consentId: string,
  data: {
    connector?: string;
    accounts: SourceAccount[];
    balances?: SourceBalance[];
    transactions: SourceTransaction[];
  },
): Promise<SeededSourceData> {
  const em = app.get(EntityManager);
  const encryption = app.get(FieldEncryptionService);
  return runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      const connection = new Connection();
      Object.assign(connection, {
        tenantId: tenant.id,
        customerId,
        consentId,
        connector: data.connector ?? 'fixture-source',
        status: 'active',
        lastSyncAt: new Date(),
        lastSyncStatus: 'succeeded',
      });
      tx.persist(connection);
      await tx.flush();
      const accountIds = new Map<string, string>();
      for (const source of data.accounts) {
        const account = new Account();
        const id = randomUUID();
        const [identifiers, holder] = await encryption.encryptForCustomer(customerId, [
          {
            address: personalField({ table: 'account', column: 'identifiers_enc' }, id),
            plaintext: encodeIdentifiers(source.identifiers),
          },
          {
            address: personalField({ table: 'account', column: 'holder_name_enc' }, id),
            plaintext: source.holderName ?? '',
          },
        ]);
        Object.assign(account, {
          id,
          tenantId: tenant.id,
          customerId,
          connectionId: connection.id,
          sourceId: source.sourceId,
          type: source.type,
          currency: source.currency,
          name: source.name ?? null,
          identifiersEnc: identifiers,
          maskedIdentifier: maskIdentifier(source.identifiers),
          holderNameEnc: source.holderName === undefined ? null : holder,
        });
        tx.persist(account);
        accountIds.set(source.sourceId, id);
      }
      // The entities declare no relations, so the ORM cannot order inserts by foreign key: flush parents first.
      await tx.flush();
      for (const source of data.balances ?? []) {
        const balance = new Balance();
        Object.assign(balance, {
          tenantId: tenant.id,
          customerId,
          accountId: accountIds.get(source.sourceAccountId)!,
          type: source.type,
          amountMinor: source.amount.minor,
          currency: source.amount.currency,
          asOf: new Date(source.asOf),
          creditLimitMinor: source.creditLimit?.minor ?? null,
        });
        tx.persist(balance);
      }
      const transactionIds: string[] = [];
      for (const source of data.transactions) {
        const id = randomUUID();
        const sealed = await encryption.encryptForCustomer(customerId, [
          ...(source.counterparty
            ? [
                {
                  address: personalField({ table: 'account_transaction', column: 'counterparty_enc' }, id),
                  plaintext: encodeCounterparty(source.counterparty),
                },
              ]
            : []),
          ...(source.description !== undefined
            ? [
                {
                  address: personalField({ table: 'account_transaction', column: 'description_enc' }, id),
                  plaintext: source.description,
                },
              ]
            : []),
        ]);
        const transaction = new AccountTransaction();
        Object.assign(transaction, {
          id,
          tenantId: tenant.id,
          customerId,
          accountId: accountIds.get(source.sourceAccountId)!,
          sourceId: source.sourceId,
          amountMinor: source.amount.minor,
          currency: source.amount.currency,
          direction: source.direction,
          status: source.status,
          bookingDate: source.bookingDate,
          valueDate: source.valueDate ?? null,
          counterpartyEnc: source.counterparty ? sealed[0]! : null,
          descriptionEnc: source.description !== undefined ? sealed[source.counterparty ? 1 : 0]! : null,
          merchantName: source.merchant?.name ?? null,
          mcc: source.merchant?.mcc ?? null,
        });
        tx.persist(transaction);
        transactionIds.push(id);
      }
      await tx.flush();
      return { connectionId: connection.id, accountIds: [...accountIds.values()], transactionIds };
    }),
  );
}

/** What the generated access suites aim source-data operations at (see `operation-generator.ts`). */
export interface SourceWorld {
  connector: string;
  consentId: string;
  redirectUri: string;
  /** An active connection (read, synced). */
  connectionId: string;
  /** Another active connection, for `disconnectConnection` (so the others still find theirs active). */
  disconnectableConnectionId: string;
  /** A pending connection's state and the source's redirect back, for `completeConnection`. */
  pendingState: string;
  pendingCallback: { name: string; value: string }[];
}

/**
 * Builds a customer's source world through the real service, as that customer (a principal of the bank's
 * realm with role `customer`): a live aggregation consent, two active connections through `connector`
 * (which needs no customer step) with one account and a transaction, and a pending one through
 * `redirecting`, already authorised at the fixture source.
 */
export async function prepareSourceWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  customer: { id: string; subject: string },
  options: {
    connectors?: { ready: FixtureConnector; redirecting: FixtureConnector };
    /** Must be on the tenant's customer app origins (the demo bank's include localhost:15174). */
    redirectUri?: string;
  } = {},
): Promise<SourceWorld> {
  const connectors = options.connectors ?? {
    ready: new FixtureConnector({ id: 'fixture-ready', mode: 'ready' }),
    redirecting: new FixtureConnector({ id: 'fixture-redirect', mode: 'redirect' }),
  };
  const redirectUri = options.redirectUri ?? 'http://localhost:15174/connections/callback';
  const registry = app.get(ConnectorRegistry);
  registry.register(connectors.ready.id, () => connectors.ready);
  registry.register(connectors.redirecting.id, () => connectors.redirecting);
  const consentId = await grantAggregationConsent(app, tenant, customer.id);
  const seeded = await seedSourceData(app, tenant, customer.id, consentId, {
    connector: connectors.ready.id,
    accounts: [
      {
        sourceId: 'acc-1',
        type: 'current',
        currency: 'EUR',
        identifiers: [{ scheme: 'IBAN', value: 'SI56191000000123438' }],
      },
    ],
    balances: [
      {
        sourceAccountId: 'acc-1',
        type: 'booked',
        amount: { minor: '1250', currency: 'EUR' },
        asOf: new Date().toISOString(),
      },
    ],
    transactions: [
      {
        sourceId: 'tx-1',
        sourceAccountId: 'acc-1',
        amount: { minor: '1250', currency: 'EUR' },
        direction: 'debit',
        status: 'booked',
        bookingDate: '2026-11-01',
        counterparty: { name: 'Generated Shop' },
        description: 'Generated purchase',
      },
    ],
  });
  const disconnectable = await seedSourceData(app, tenant, customer.id, consentId, {
    connector: connectors.ready.id,
    accounts: [],
    transactions: [],
  });
  const em = app.get(EntityManager);
  const principal: Principal = {
    kind: 'bank',
    subject: customer.subject,
    realm: tenant.realm,
    username: undefined,
    displayName: undefined,
    roles: ['customer'],
  };
  const pending = await runAsTenant(
    tenant,
    () =>
      em.transactional(() =>
        app.get(ConnectionsService).connect({ connector: connectors.redirecting.id, consentId, redirectUri }),
      ),
    { principal },
  );
  const callback = connectors.redirecting.authorise(pending.authorisationUrl!);
  return {
    connector: connectors.ready.id,
    consentId,
    redirectUri,
    connectionId: seeded.connectionId,
    disconnectableConnectionId: disconnectable.connectionId,
    pendingState: callback.state!,
    pendingCallback: Object.entries(callback).map(([name, value]) => ({ name, value })),
  };
}

/**
 * Ends the running `syncConnection` workflows of these connections (no worker runs them in the API
 * suites). Only this suite's: other suites may run sync workflows on the same Temporal at the same time.
 */
export async function terminateSyncWorkflows(
  client: Client | undefined,
  connectionIds: readonly string[],
): Promise<void> {
  if (!client || connectionIds.length === 0) return;
  for await (const workflow of client.workflow.list({
    query: `WorkflowType = '${SYNC_WORKFLOW}' AND ExecutionStatus = 'Running'`,
  })) {
    // The requested run (`sync-<id>`) and the scheduled ones (`sync-<id>-schedule-<time>`).
    const ours = (id: string) =>
      workflow.workflowId === syncWorkflowId(id) || workflow.workflowId.startsWith(`${syncWorkflowId(id)}-`);
    if (!connectionIds.some(ours)) continue;
    await client.workflow
      .getHandle(workflow.workflowId)
      .terminate('test finished')
      .catch(() => undefined);
  }
}

/** Ids of every connection of these tenants in a suite's database (read as the owner, per tenant). */
export async function connectionIdsOf(ownerUrl: string, tenantIds: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const tenantId of tenantIds) {
    const rows = await rowsAsTenant<{ id: string }>(ownerUrl, tenantId, 'select id from connection');
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}
