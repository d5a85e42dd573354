// End to end: the platform's CLI imports a slice of the real PKDD'99 data (../shared/data, see its README;
// "prepared by Petr Berka and Marta Sochorova for the PKDD'99 Discovery Challenge") into the demo bank as
// the bank's own data (`import-pkdd99 --limit 30`); the syncs it starts run on the Temporal CLI dev server,
// served by this package's worker; a bank administrator reads the customers' transactions back through the
// API. What must arrive is computed here from trans.asc's own lines, without the statement package's
// preset: per account the count and the signed sum in hellers (CZK minor units).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, passwordGrant, totpNow } from '@finpersona/deploy';
import { pkdd99Directory } from '@finpersona/connector-statements';
import { consentLifecycleWorkflowId, runCli, TenancyService, tenantRef } from '@finpersona/platform';
import { demoBankTenant, installRegionRulePack } from '@finpersona/platform/testing';
import { type ApiAndWorker, startApiAndWorker } from '../../test/api-and-worker';

const limit = 30;
const dataDir = pkdd99Directory();

/** Rows of a `;`-separated, quoted PKDD'99 file as objects keyed by its header. */
function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(dataDir, file), 'latin1')
    .split('\n')
    .filter((line) => line.trim());
  const names = header!.split(';').map((name) => name.trim().replace(/^"|"$/g, ''));
  return lines.map((line) =>
    Object.fromEntries(
      line.split(';').map((value, index) => [names[index], value.trim().replace(/^"|"$/g, '')]),
    ),
  );
}

/** "1234.50" CZK → 123450 hellers, exactly (no floating point). */
function hellers(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`not an amount: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** The first `limit` owners (client.asc order) and, per owned account with lines, its count and signed sum. */
function expectedSlice() {
  const owned = new Map<string, string[]>();
  for (const row of table('disp.asc')) {
    if (row.type === 'OWNER')
      owned.set(row.client_id!, [...(owned.get(row.client_id!) ?? []), row.account_id!]);
  }
  const owners = table('client.asc')
    .map((row) => row.client_id!)
    .filter((clientId) => owned.has(clientId))
    .slice(0, limit);
  const accounts = new Map<string, { count: number; sum: bigint }>();
  const wanted = new Set(owners.flatMap((clientId) => owned.get(clientId)!));
  for (const row of table('trans.asc')) {
    if (!wanted.has(row.account_id!)) continue;
    // PRIJEM is a credit; VYDAJ (debit) and VYBER (withdrawal) take money out.
    const signed = row.type === 'PRIJEM' ? hellers(row.amount!) : -hellers(row.amount!);
    const tally = accounts.get(row.account_id!) ?? { count: 0, sum: 0n };
    accounts.set(row.account_id!, { count: tally.count + 1, sum: tally.sum + signed });
  }
  return { owners, owned, accounts };
}

let stack: ApiAndWorker;
let staffToken: string;

beforeAll(async () => {
  stack = await startApiAndWorker('workflows_pkdd99');
  const demo = await stack.api.app
    .get(TenancyService)
    .upsertTenant(demoBankTenant, { initialStatus: 'ACTIVE' });
  await installRegionRulePack(stack.api.app, tenantRef(demo), demoBankTenant.region);
  // Staff read a named customer's transactions only with a recent second factor (step-up).
  const admin = DEMO.bank.admin;
  ({ access_token: staffToken } = await passwordGrant({
    realm: DEMO.bank.realm,
    username: admin.username,
    password: admin.password,
    totp: totpNow(DEMO.otpSecret),
  }));
});

afterAll(async () => {
  if (stack) {
    const { rows } = await stack.sql.query<{ id: string }>('select id from consent');
    for (const row of rows) {
      await stack.temporal.client.workflow
        .getHandle(consentLifecycleWorkflowId(row.id))
        .terminate('test finished')
        .catch(() => undefined);
    }
  }
  await stack?.close();
});

async function importSlice() {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['import-pkdd99', '--tenant', demoBankTenant.slug, '--limit', String(limit)], {
    env: process.env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Rows of every table the import and its syncs write (the audit trail aside). */
async function footprint(): Promise<Record<string, number>> {
  const tables = [
    'customer',
    'consent',
    'connection',
    'statement_upload',
    'account',
    'account_transaction',
    'balance',
    'sync_run',
    'data_key',
  ];
  const { rows } = await stack.sql.query<Record<string, string>>(
    `select ${tables.map((name) => `(select count(*) from ${name}) as ${name}`).join(', ')}`,
  );
  return Object.fromEntries(tables.map((name) => [name, Number(rows[0]![name])]));
}

interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

/** Every node of a paged staff query (`first` 100). */
async function everything<T>(field: string, query: string, variables: Record<string, unknown>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = (
      await stack.graphql<Record<string, Page<T>>>(staffToken, query, { ...variables, after })
    )[field]!;
    nodes.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

describe("the PKDD'99 dataset as a test tenant (CLI, dev server, worker, API)", () => {
  const expected = expectedSlice();

  it(`imports the first ${limit} owners; the synced transactions are exactly their accounts' lines (count and sum per account, CZK)`, async () => {
    expect(expected.accounts.size).toBeGreaterThan(5);
    const lines = [...expected.accounts.values()].reduce((sum, account) => sum + account.count, 0);

    const result = await importSlice();

    expect(result.err).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`customers: ${limit} \\(${limit} created, 0 already there\\)`));
    expect(result.out).toMatch(
      new RegExp(
        `accounts: ${expected.accounts.size} with lines in trans\\.asc \\(${expected.accounts.size} connected`,
      ),
    );
    expect(result.out).toMatch(
      new RegExp(
        `syncs: ${expected.accounts.size}/${expected.accounts.size} finished \\(0 not succeeded\\); ${lines} transactions stored`,
      ),
    );

    // Read back as the bank's administrator: every imported customer, their account, its transactions.
    const customers = await everything<{ id: string; displayName: string }>(
      'customers',
      `query ($after: String) {
        customers(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { id displayName } }
        }
      }`,
      {},
    );
    const imported = customers.filter((customer) => customer.displayName.startsWith("PKDD'99 client "));
    expect(imported.map((customer) => customer.displayName.slice("PKDD'99 client ".length)).sort()).toEqual(
      [...expected.owners].sort(),
    );
    const seen = new Map<string, { count: number; sum: bigint; currencies: Set<string> }>();
    for (const customer of imported) {
      const clientId = customer.displayName.slice("PKDD'99 client ".length);
      const { accounts } = await stack.graphql<{ accounts: { id: string; currency: string }[] }>(
        staffToken,
        `query ($customerId: ID) { accounts(customerId: $customerId) { id currency } }`,
        { customerId: customer.id },
      );
      const withLines = expected.owned.get(clientId)!.filter((accountId) => expected.accounts.has(accountId));
      // In this dataset every client owns one account; an account without a line in the copy has no statement.
      expect(accounts).toHaveLength(withLines.length);
      if (withLines.length === 0) continue;
      expect(accounts[0]!.currency).toBe('CZK');
      const transactions = await everything<{
        amount: { minor: string; currency: string };
        direction: string;
      }>(
        'transactions',
        `query ($customerId: ID, $filter: TransactionFilter, $after: String) {
          transactions(customerId: $customerId, filter: $filter, first: 100, after: $after) {
            pageInfo { hasNextPage endCursor }
            edges { node { amount { minor currency } direction } }
          }
        }`,
        { customerId: customer.id, filter: { accountId: accounts[0]!.id } },
      );
      seen.set(withLines[0]!, {
        count: transactions.length,
        sum: transactions.reduce(
          (sum, t) => sum + (t.direction === 'CREDIT' ? BigInt(t.amount.minor) : -BigInt(t.amount.minor)),
          0n,
        ),
        currencies: new Set(transactions.map((t) => t.amount.currency)),
      });
    }
    expect(
      Object.fromEntries(
        [...seen].map(([account, tally]) => [account, { count: tally.count, sum: tally.sum }]),
      ),
    ).toEqual(Object.fromEntries(expected.accounts));
    expect(new Set([...seen.values()].flatMap((tally) => [...tally.currencies]))).toEqual(new Set(['CZK']));
  });

  it('a second run changes no row: nothing created, nothing synced again', async () => {
    const before = await footprint();
    expect(before.account_transaction).toBe(
      [...expected.accounts.values()].reduce((sum, account) => sum + account.count, 0),
    );

    const result = await importSlice();

    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`customers: ${limit} \\(0 created, ${limit} already there\\)`));
    expect(result.out).toMatch(/consents: 0 bank-import aggregation consent\(s\) recorded/);
    expect(result.out).toMatch(new RegExp(`\\(0 connected, ${expected.accounts.size} already imported\\)`));
    expect(result.out).toMatch(/syncs: 0 started/);
    expect(await footprint()).toEqual(before);
  });

  it('a compliance officer records the erasure a client asked for by letter: the worker erases them, the next import refuses them', async () => {
    // The client has no login, so cannot ask in the app: the bank records what reached it on paper.
    const { rows: customers } = await stack.sql.query<{ id: string }>(
      'select id from customer where subject is null and erased_at is null order by created_at, id limit 1',
    );
    const customerId = customers[0]!.id;
    const officer = DEMO.bank.complianceOfficer;
    const { access_token: officerToken } = await passwordGrant({
      realm: DEMO.bank.realm,
      username: officer.username,
      password: officer.password,
      totp: totpNow(DEMO.otpSecret),
    });
    const { recordErasureRequest } = await stack.graphql<{ recordErasureRequest: { id: string } }>(
      officerToken,
      `mutation($customerId: ID!) {
        recordErasureRequest(customerId: $customerId, receivedVia: LETTER, identityVerified: true, note: "Signed letter") { id }
      }`,
      { customerId },
    );
    const requestId = recordErasureRequest.id;
    let request: { status: string; certificate: { suppressionMarker: unknown } | null } | undefined;
    for (let waited = 0; waited < 120_000 && request?.status !== 'completed'; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ({
        rows: [request],
      } = await stack.sql.query<{ status: string; certificate: { suppressionMarker: unknown } | null }>(
        'select status, certificate from data_subject_request where id = $1',
        [requestId],
      ));
    }
    expect(request?.status).toBe('completed');
    expect(request!.certificate!.suppressionMarker).not.toBeNull();
    const { rows: tombstone } = await stack.sql.query(
      'select display_name, source_ref_index, erased_at is not null as erased from customer where id = $1',
      [customerId],
    );
    expect(tombstone).toEqual([{ display_name: '', source_ref_index: null, erased: true }]);
    const { rows: markers } = await stack.sql.query(
      'select 1 from erasure_suppression where request_id = $1',
      [requestId],
    );
    expect(markers).toHaveLength(1);

    const result = await importSlice();
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/1 client was erased at their request and was not imported/);
  });
});
