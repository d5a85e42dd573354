// End to end: the demo customer imports statement files through the real API (`importStatement`); the
// sync workflow runs on the Temporal CLI dev server, served by this package's worker, and stores the
// file's accounts and transactions through the same ingest as a live source's; the customer reads them
// back through `transactions`. The files are the statement package's own test fixtures, parsed here
// independently to know what must arrive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, passwordGrant } from '@finpersona/deploy';
import { parseStatementFile } from '@finpersona/connector-statements';
import type { ParsedStatement } from '@finpersona/plugin-sdk';
import {
  consentLifecycleWorkflowId,
  CustomersService,
  currentConsentText,
  syncScheduleId,
  TenancyService,
  tenantRef,
  type RunningApi,
} from '@finpersona/platform';
import { demoBankCustomers, demoBankTenant, installRegionRulePack } from '@finpersona/platform/testing';
import { type ApiAndWorker, startApiAndWorker } from '../../test/api-and-worker';

const fixtures = join(__dirname, '..', '..', '..', 'plugins', 'connector-statements', 'src');
const files = {
  camt053: readFileSync(join(fixtures, 'camt', 'fixtures', 'statement-v08.xml')),
  ofx: readFileSync(join(fixtures, 'ofx', 'fixtures', 'checking-v102.ofx')),
};

let stack: ApiAndWorker;
let sql: pg.Pool;
let api: RunningApi;
let temporal: ApiAndWorker['temporal'];
let token: string;
let consentId: string;

beforeAll(async () => {
  stack = await startApiAndWorker('workflows_import');
  ({ sql, api, temporal } = stack);
  const demo = await api.app.get(TenancyService).upsertTenant(demoBankTenant, { initialStatus: 'ACTIVE' });
  await installRegionRulePack(api.app, tenantRef(demo), demoBankTenant.region);
  await api.app.get(CustomersService).upsertDemoCustomers(demoBankTenant.slug, demoBankCustomers);

  const customer = DEMO.bank.customer;
  ({ access_token: token } = await passwordGrant({
    realm: DEMO.bank.realm,
    username: customer.username,
    password: customer.password,
  }));
  const granted = await graphql<{ grantConsent: { id: string } }>(
    `
      mutation ($input: GrantConsentInput!) {
        grantConsent(input: $input) {
          id
        }
      }
    `,
    { input: { purpose: 'AGGREGATION', textVersion: currentConsentText('aggregation', 'en').version } },
  );
  consentId = granted.grantConsent.id;
});

afterAll(async () => {
  await temporal?.client.workflow
    .getHandle(consentLifecycleWorkflowId(consentId))
    .terminate('test finished')
    .catch(() => undefined);
  await stack?.close();
});

const importMutation = `mutation($input: ImportStatementInput!) {
  importStatement(input: $input) {
    alreadyImported
    connection { id status connector }
    summary { accounts transactions firstBookingDate lastBookingDate }
  }
}`;

interface TransactionNode {
  accountId: string;
  amount: { minor: string; currency: string };
  direction: 'CREDIT' | 'DEBIT';
  status: string;
  bookingDate: string;
  valueDate: string | null;
  counterparty: { name: string | null; account: string | null } | null;
  description: string | null;
  merchantName: string | null;
  mcc: string | null;
}

describe('importing statement files end to end (API, dev server, worker, PostgreSQL)', () => {
  it.each([
    ['camt.053', 'camt053' as const, 'CAMT053', 'Kontoauszug.xml'],
    ['OFX', 'ofx' as const, 'OFX', 'checking.ofx'],
  ])(
    'a %s file imports: the sync stores exactly its accounts and transactions, readable through `transactions`; importing it again changes nothing',
    async (_name, format, formatValue, fileName) => {
      const expected = await expectedOf(format);
      const before = await counts();

      const first = await importFile(formatValue, format, fileName);

      expect(first).toMatchObject({
        alreadyImported: false,
        connection: { status: 'ACTIVE', connector: 'statement-file' },
        summary: { accounts: expected.accounts, transactions: expected.transactions.length },
      });
      const connectionId = first.connection.id;
      await syncedOnce(connectionId);
      const accounts = await accountsOf(connectionId);
      expect(accounts).toHaveLength(expected.accounts);
      const stored = await transactionsOf(accounts.map((account) => account.id));
      expect(stored.map(comparable).sort()).toEqual(expected.transactions.map(comparable).sort());
      const afterFirst = await counts();
      expect(afterFirst).toEqual({
        statement_upload: before.statement_upload + 1,
        connection: before.connection + 1,
        account: before.account + expected.accounts,
        account_transaction: before.account_transaction + expected.transactions.length,
      });
      // A file never changes: its connection keeps no refresh schedule.
      await expect(
        temporal.client.schedule.getHandle(syncScheduleId(connectionId)).describe(),
      ).rejects.toBeInstanceOf(ScheduleNotFoundError);

      const again = await importFile(formatValue, format, `again-${fileName}`);
      expect(again).toMatchObject({ alreadyImported: true, connection: { id: connectionId } });
      // And syncing it again (the customer's "sync now") stores nothing new.
      await graphql(
        `
          mutation ($id: ID!) {
            syncConnection(id: $id) {
              id
            }
          }
        `,
        { id: connectionId },
      );
      await syncedOnce(connectionId, 2);
      expect(await counts()).toEqual(afterFirst);
      expect(await transactionsOf(accounts.map((account) => account.id))).toEqual(stored);
    },
  );

  it('amounts arrive in minor units with their direction and dates, personal fields decrypted for the customer', async () => {
    const all = await transactionsOf();
    // camt.053: 1000.00 EUR credited on 1 June 2024 by Jonas Becker, "Sparen Juni".
    expect(all).toContainEqual(
      expect.objectContaining({
        amount: { minor: '100000', currency: 'EUR' },
        direction: 'CREDIT',
        bookingDate: '2024-06-01',
        counterparty: expect.objectContaining({ name: 'Jonas Becker' }),
        description: 'Sparen Juni',
      }),
    );
    // OFX: -42.17 USD at WHOLE FOODS #123 (SIC 5411), posted 2 March 2024, used on 1 March.
    expect(all).toContainEqual(
      expect.objectContaining({
        amount: { minor: '4217', currency: 'USD' },
        direction: 'DEBIT',
        bookingDate: '2024-03-02',
        valueDate: '2024-03-01',
        merchantName: 'WHOLE FOODS #123',
        mcc: '5411',
      }),
    );
    // What the table holds in clear: amounts and dates; the texts are ciphertext.
    const { rows } = await sql.query<{ description_enc: string | null }>(
      `select description_enc from account_transaction where amount_minor = 100000 and currency = 'EUR'`,
    );
    expect(rows[0]!.description_enc).not.toContain('Sparen');
  });
});

async function importFile(formatValue: string, format: keyof typeof files, fileName: string) {
  const { importStatement } = await graphql<{
    importStatement: {
      alreadyImported: boolean;
      connection: { id: string; status: string; connector: string };
      summary: { accounts: number; transactions: number };
    };
  }>(importMutation, {
    input: { consentId, format: formatValue, content: files[format].toString('base64'), fileName },
  });
  return importStatement;
}

/** What the package's parser reads from the file: the statement-file connector reads the same. */
async function expectedOf(format: keyof typeof files) {
  const parsed = await parseStatementFile(files[format], format, undefined);
  if (!parsed.ok) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.errors)}`);
  const statements: readonly ParsedStatement[] = parsed.statements;
  return {
    accounts: statements.length,
    transactions: statements.flatMap((statement) =>
      statement.transactions.map((transaction) => ({
        amount: transaction.amount,
        direction: transaction.direction.toUpperCase(),
        status: transaction.status.toUpperCase(),
        bookingDate: transaction.bookingDate,
        description: transaction.description ?? null,
      })),
    ),
  };
}

function comparable(transaction: {
  amount: { minor: string; currency: string };
  direction: string;
  status: string;
  bookingDate: string;
  description: string | null;
}): string {
  const { amount, direction, status, bookingDate, description } = transaction;
  return JSON.stringify([bookingDate, amount.minor, amount.currency, direction, status, description]);
}

/** Waits until the connection's `runs`-th sync run has finished, and checks that it succeeded. */
async function syncedOnce(connectionId: string, runs = 1): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await sql.query<{ status: string }>(
      `select status from sync_run where connection_id = $1 and finished_at is not null order by started_at`,
      [connectionId],
    );
    if (rows.length >= runs) {
      // No need to wait for the workflow to close: a "sync now" during its derived work (behaviour, alerts,
      // insights) leads to a follow-up run, so the next run comes either way.
      expect(rows.map((row) => row.status)).toEqual(Array.from({ length: runs }, () => 'succeeded'));
      return;
    }
    if (Date.now() > deadline) throw new Error(`sync ${runs} of ${connectionId} did not finish in 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function accountsOf(connectionId: string): Promise<{ id: string; maskedIdentifier: string | null }[]> {
  const { accounts } = await graphql<{ accounts: { id: string; maskedIdentifier: string | null }[] }>(
    `
      query ($connectionId: ID) {
        accounts(connectionId: $connectionId) {
          id
          maskedIdentifier
        }
      }
    `,
    { connectionId },
  );
  return accounts;
}

/** Every transaction of the customer (of these accounts when given), newest first, through the API. */
async function transactionsOf(accountIds?: string[]): Promise<TransactionNode[]> {
  const nodes: TransactionNode[] = [];
  for (const accountId of accountIds ?? [null]) {
    let after: string | null = null;
    do {
      const page: {
        transactions: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: TransactionNode }[];
        };
      } = await graphql(
        `
          query ($filter: TransactionFilter, $after: String) {
            transactions(filter: $filter, first: 50, after: $after) {
              pageInfo {
                hasNextPage
                endCursor
              }
              edges {
                node {
                  accountId
                  amount {
                    minor
                    currency
                  }
                  direction
                  status
                  bookingDate
                  valueDate
                  counterparty {
                    name
                    account
                  }
                  description
                  merchantName
                  mcc
                }
              }
            }
          }
        `,
        { filter: accountId ? { accountId } : null, after },
      );
      nodes.push(...page.transactions.edges.map((edge) => edge.node));
      after = page.transactions.pageInfo.hasNextPage ? page.transactions.pageInfo.endCursor : null;
    } while (after);
  }
  return nodes;
}

async function counts(): Promise<
  Record<'statement_upload' | 'connection' | 'account' | 'account_transaction', number>
> {
  const { rows } = await sql.query<Record<string, string>>(
    `select (select count(*) from statement_upload) as statement_upload,
            (select count(*) from connection) as connection,
            (select count(*) from account) as account,
            (select count(*) from account_transaction) as account_transaction`,
  );
  const row = rows[0]!;
  return {
    statement_upload: Number(row.statement_upload),
    connection: Number(row.connection),
    account: Number(row.account),
    account_transaction: Number(row.account_transaction),
  };
}

function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  return stack.graphql<T>(token, query, variables);
}
