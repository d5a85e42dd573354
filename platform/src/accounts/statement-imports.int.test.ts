import { createHash } from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CustomersService } from '../customers';
import { maxFileProblemsListed } from '../errors';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { connectionIdsOf, grantAggregationConsent, terminateSyncWorkflows } from '../testing/customer-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { base64Of, statementFixtures } from '../testing/statement-files';
import { rowsAsTenant } from '../testing/tenant-rows';
import { maxStatementBytes, StatementUploads } from './statement-uploads';
import { withRulePack } from '../testing/rule-packs';

const importMutation = `mutation($input: ImportStatementInput!) {
  importStatement(input: $input) {
    alreadyImported
    connection { id status connector consentId }
    summary { accounts transactions firstBookingDate lastBookingDate }
  }
}`;
const disconnectMutation = `mutation($id: ID!) { disconnectConnection(id: $id) { id status } }`;

type ImportData = {
  importStatement: {
    alreadyImported: boolean;
    connection: { id: string; status: string; connector: string; consentId: string };
    summary: {
      accounts: number;
      transactions: number;
      firstBookingDate: string | null;
      lastBookingDate: string | null;
    };
  };
};
type FileProblem = { line?: number; field?: string; message: string };

/** A plain CSV statement written for these tests (not from any dataset). */
const csvMapping = JSON.stringify({
  delimiter: ',',
  quote: '"',
  header: true,
  encoding: 'utf-8',
  dateFormats: ['YYYY-MM-DD'],
  decimalSeparator: '.',
  bookingDate: 'date',
  amount: { kind: 'signed', column: 'amount' },
  currency: { fixed: 'EUR' },
  account: { fixed: 'SI56191000000123438' },
  description: 'text',
});

describe('importing a statement file through the API', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bank: TenantRef;
  let demo: TenantRef;
  let customer: { id: string; token: string };
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  let consentId: string;
  let temporal: { connection: TemporalConnection; client: Client };

  const count = (tenant: TenantRef, table: string) =>
    rowsAsTenant<{ n: string }>(api.database.ownerUrl, tenant.id, `select count(*) as n from ${table}`).then(
      (rows) => Number(rows[0]!.n),
    );
  /** Rows of every table an import writes (and the audit trail), to show that a refusal wrote nothing. */
  const footprint = async (tenant: TenantRef): Promise<Record<string, number>> =>
    Object.fromEntries(
      await Promise.all(
        ['statement_upload', 'connection', 'account', 'account_transaction', 'audit_entry', 'data_key'].map(
          async (table) => [table, await count(tenant, table)] as const,
        ),
      ),
    );
  const importAs = (token: string, input: Record<string, unknown>, options: { tenant?: string } = {}) =>
    api.graphql<ImportData>(importMutation, { token, variables: { input }, ...options });
  const camt = () => ({
    consentId,
    format: 'CAMT053',
    content: base64Of(statementFixtures.camt053()),
    fileName: 'Kontoauszug Juni.xml',
  });
  const problemsOf = (response: Awaited<ReturnType<typeof importAs>>) => {
    expect(response.body.errors?.[0]?.extensions.code).toBe('INVALID');
    return response.body.errors![0]!.extensions as unknown as {
      fields: { field: string; problem: string }[];
      fileProblems?: FileProblem[];
      moreFileProblems?: number;
    };
  };

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    demo = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    // This suite's own bank, one customer; the demo bank's users play the other bank and the wrong roles.
    realm = await createBankRealm('imports', { staffSecondFactor: false, customers: ['importer'] });
    bank = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          region: 'EU',
          slug: realm.realm,
          realm: realm.realm,
          name: 'Import Bank',
        }),
      ),
    );
    await customers.upsertDemoCustomers(realm.realm, [
      {
        subject: realm.customers[0]!.subject,
        displayName: 'Ivana Importer',
        email: `ivana@${realm.realm}.example`,
      },
    ]);
    const [row] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bank.id,
      'select id from customer where subject = $1',
      [realm.customers[0]!.subject],
    );
    customer = { id: row!.id, token: await realm.customers[0]!.token() };
    consentId = await grantAggregationConsent(api.running.app, bank, customer.id);
    tokens = await demoAccessTokens();
    const connection = await TemporalConnection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    // No worker runs sync workflows here: end the ones the imports started.
    await terminateSyncWorkflows(
      temporal?.client,
      await connectionIdsOf(api.database.ownerUrl, [bank.id, demo.id]).catch(() => []),
    );
    await temporal?.connection.close();
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  it('a camt.053 file becomes an active statement-file connection; the file is stored encrypted, audited without personal data', async () => {
    const before = await footprint(bank);
    const response = await importAs(customer.token, camt());

    expect(response.body.errors).toBeUndefined();
    const result = response.body.data!.importStatement;
    expect(result).toMatchObject({
      alreadyImported: false,
      connection: { status: 'ACTIVE', connector: 'statement-file', consentId },
      // The fixture: a savings account over two days (1 and 2 June 2024) and a current account over one.
      summary: { accounts: 2, firstBookingDate: '2024-06-01', lastBookingDate: '2024-06-02' },
    });
    expect(result.summary.transactions).toBeGreaterThan(0);
    const after = await footprint(bank);
    expect(after.statement_upload).toBe(before.statement_upload! + 1);
    expect(after.connection).toBe(before.connection! + 1);
    // Accounts and transactions arrive with the sync (a worker), not with the import.
    expect(after.account).toBe(before.account);

    const [upload] = await rowsAsTenant<Record<string, unknown>>(
      api.database.ownerUrl,
      bank.id,
      'select * from statement_upload where connection_id = $1',
      [result.connection.id],
    );
    const file = statementFixtures.camt053();
    expect(upload).toMatchObject({
      customer_id: customer.id,
      format: 'camt053',
      mapping: null,
      accounts: null,
      size_bytes: file.byteLength,
    });
    const stored = JSON.stringify(upload);
    expect(stored).not.toContain('Kontoauszug');
    expect(stored).not.toContain('DE89370400440532013000');
    expect(stored).not.toContain(base64Of(file).slice(0, 40));
    // No plain hash of the file: the fingerprint is keyed.
    expect(stored).not.toContain(createHash('sha256').update(file).digest('hex'));
    expect(stored).not.toContain(createHash('sha256').update(file).digest('base64url'));
    const read = await runAsTenant(bank, () =>
      api.running.app.get(StatementUploads).load(upload!.id as string),
    );
    expect(Buffer.from(read).equals(file)).toBe(true);

    const audit = await rowsAsTenant<{
      action: string;
      resource_id: string;
      changes: Record<string, unknown>;
    }>(
      api.database.ownerUrl,
      bank.id,
      `select action, resource_id, changes from audit_entry where chain = $1 order by seq desc limit 2`,
      [bank.id],
    );
    expect(audit.map((entry) => entry.action).sort()).toEqual(['connection.create', 'statement.import']);
    expect(audit.every((entry) => entry.resource_id === result.connection.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('Kontoauszug');
  });

  it('importing the same file again changes nothing: same connection, no new upload, account or transaction', async () => {
    const first = await importAs(customer.token, { ...camt(), fileName: 'again.xml' });
    const before = await footprint(bank);

    const again = await importAs(customer.token, { ...camt(), fileName: 'again-renamed.xml' });

    expect(again.body.errors).toBeUndefined();
    expect(again.body.data!.importStatement).toMatchObject({
      alreadyImported: true,
      connection: { id: first.body.data!.importStatement.connection.id, status: 'ACTIVE' },
    });
    const after = await footprint(bank);
    // Only the audit trail records the attempt.
    expect({ ...after, audit_entry: 0 }).toEqual({ ...before, audit_entry: 0 });
    expect(after.audit_entry).toBe(before.audit_entry! + 1);
  });

  it.each([
    [
      'camt.053 with an amount the XSD refuses',
      () => ({
        ...camt(),
        content: base64Of(
          statementFixtures
            .camt053()
            .toString('utf8')
            .replace('<Amt Ccy="EUR">1000.00</Amt>', '<Amt Ccy="EUR">1000,00</Amt>'),
        ),
      }),
      (problems: FileProblem[]) =>
        expect(problems).toContainEqual(
          expect.objectContaining({ line: 34, message: expect.stringMatching(/1000,00/) }),
        ),
    ],
    [
      'OFX with an amount that is not a number',
      () => ({
        consentId,
        format: 'OFX',
        content: base64Of(
          statementFixtures.ofx().toString('latin1').replace('<TRNAMT>-42.17', '<TRNAMT>-42.1x'),
        ),
        fileName: 'march.ofx',
      }),
      (problems: FileProblem[]) =>
        expect(problems).toContainEqual(
          expect.objectContaining({ field: expect.stringMatching(/TRNAMT/), line: expect.any(Number) }),
        ),
    ],
    [
      'CSV with a bad date and a bad amount on two lines',
      () => ({
        consentId,
        format: 'CSV',
        mapping: csvMapping,
        content: base64Of(
          'date,amount,text\n2024-05-01,-12.50,Bakery\n2024-05-32,-3.00,Kiosk\n2024-05-03,1x,Refund\n',
        ),
        fileName: 'may.csv',
      }),
      (problems: FileProblem[]) => {
        expect(problems).toContainEqual(expect.objectContaining({ line: 3, field: 'date' }));
        expect(problems).toContainEqual(expect.objectContaining({ line: 4, field: 'amount' }));
      },
    ],
  ])(
    'a malformed file (%s) is INVALID with every problem by line and field, and nothing is written',
    async (_name, input, check) => {
      const before = await footprint(bank);

      const response = await importAs(customer.token, input());

      const extensions = problemsOf(response);
      expect(extensions.fields).toEqual([
        { field: 'input.content', problem: expect.stringMatching(/problems?; nothing was imported$/) },
      ]);
      check(extensions.fileProblems!);
      expect(extensions.moreFileProblems).toBe(0);
      expect(await footprint(bank)).toEqual(before);
    },
  );

  it('a file with more problems than are listed says how many more', async () => {
    const lines = Array.from(
      { length: 150 },
      (_, index) => `2024-05-${String((index % 28) + 1).padStart(2, '0')},x${index},Bad`,
    );
    const before = await footprint(bank);

    const response = await importAs(customer.token, {
      consentId,
      format: 'CSV',
      mapping: csvMapping,
      content: base64Of(`date,amount,text\n${lines.join('\n')}\n`),
      fileName: 'bad.csv',
    });

    const extensions = problemsOf(response);
    expect(extensions.fileProblems).toHaveLength(maxFileProblemsListed);
    expect(extensions.moreFileProblems).toBe(150 - maxFileProblemsListed);
    expect(await footprint(bank)).toEqual(before);
  });

  it('bad input is INVALID naming each field, before the file is read; nothing is written', async () => {
    const before = await footprint(bank);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...camt(), content: 'not base64!' }, ['input.content']],
      [{ ...camt(), content: '' }, ['input.content']],
      [{ ...camt(), consentId: 'nope', fileName: '' }, ['input.consentId', 'input.fileName']],
      [{ ...camt(), mapping: 'pkdd99' }, ['input.mapping']],
      [{ ...camt(), format: 'CSV' }, ['input.mapping']],
      [{ ...camt(), format: 'CSV', mapping: 'no-such-preset' }, ['input.mapping']],
      [{ ...camt(), format: 'CSV', mapping: '{"delimiter":";"}' }, ['input.mapping.bookingDate']],
      [{ ...camt(), accounts: ['NOT-IN-FILE'] }, ['input.accounts']],
    ];
    for (const [input, fields] of cases) {
      const extensions = problemsOf(await importAs(customer.token, input));
      for (const field of fields) {
        expect(
          extensions.fields.map((problem) => problem.field),
          JSON.stringify(input).slice(0, 80),
        ).toContain(field);
      }
    }
    expect(await footprint(bank)).toEqual(before);
  });

  it('a file over 5 MiB is refused saying the limit; a signed-in caller may send bodies past the anonymous 256 KiB', async () => {
    const before = await footprint(bank);
    const tooLarge = await importAs(customer.token, {
      ...camt(),
      content: base64Of(Buffer.alloc(maxStatementBytes + 1, 0x41)),
    });
    const extensions = problemsOf(tooLarge);
    expect(extensions.fields).toEqual([
      { field: 'input.content', problem: expect.stringContaining('at most 5242880 bytes (5 MiB)') },
    ]);
    expect(await footprint(bank)).toEqual(before);

    // About 1 MB of CSV: past the anonymous body limit, accepted from a signed-in customer.
    const rows = Array.from(
      { length: 30_000 },
      (_, index) =>
        `2023-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')},-${(index % 900) + 1}.25,Purchase number ${index}`,
    );
    const big = await importAs(customer.token, {
      consentId,
      format: 'CSV',
      mapping: csvMapping,
      content: base64Of(`date,amount,text\n${rows.join('\n')}\n`),
      fileName: 'year.csv',
    });
    expect(big.body.errors).toBeUndefined();
    expect(big.body.data!.importStatement.summary).toMatchObject({ accounts: 1, transactions: 30_000 });
    // Anonymous callers are still held to 256 KiB.
    const anonymous = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(300 * 1024) } }),
    });
    expect(anonymous.status).toBe(413);
  });

  it('needs your own live aggregation consent: another purpose INVALID, a revoked one CONFLICT, nothing written', async () => {
    const marketing = await grantAggregationConsent(api.running.app, bank, customer.id, {
      purpose: 'marketing',
    });
    const revoked = await grantAggregationConsent(api.running.app, bank, customer.id, {
      status: 'revoked',
      revokedAt: new Date(),
    });
    const before = await footprint(bank);
    const otherPurpose = await importAs(customer.token, { ...camt(), consentId: marketing });
    expect(otherPurpose.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'consentId', problem: 'must be a consent for the purpose aggregation' }],
    });
    const ended = await importAs(customer.token, {
      ...camt(),
      consentId: revoked,
      content: base64Of(statementFixtures.ofx()),
      format: 'OFX',
    });
    expect(ended.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(await footprint(bank)).toEqual(before);
  });

  it("a customer of another bank gets NOT_FOUND for this bank's consent, and 403 addressing this bank; nothing is written", async () => {
    const before = await footprint(bank);
    const beforeDemo = await footprint(demo);

    const foreign = await importAs(tokens.customer, camt());
    const addressed = await importAs(tokens.customer, camt(), { tenant: bank.slug });

    expect(foreign.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(addressed.status).toBe(403);
    expect(await footprint(bank)).toEqual(before);
    // The refusal in the caller's own bank wrote nothing there but the audit of the refused address.
    expect({ ...(await footprint(demo)), audit_entry: 0 }).toEqual({ ...beforeDemo, audit_entry: 0 });
  });

  it('staff and anonymous callers cannot import (FORBIDDEN / UNAUTHENTICATED); nothing is written', async () => {
    const before = await footprint(demo);
    for (const token of [tokens.bankAdmin, tokens.complianceOfficer]) {
      const response = await importAs(token, camt());
      expect(response.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    const anonymous = await api.graphql(importMutation, { variables: { input: camt() } });
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const after = await footprint(demo);
    expect({ ...after, audit_entry: 0 }).toEqual({ ...before, audit_entry: 0 });
  });

  it('disconnecting a statement connection deletes its stored file', async () => {
    const imported = await importAs(customer.token, {
      consentId,
      format: 'OFX',
      content: base64Of(statementFixtures.ofx()),
      fileName: 'march.ofx',
    });
    const connectionId = imported.body.data!.importStatement.connection.id;
    const uploadsOf = () =>
      rowsAsTenant(
        api.database.ownerUrl,
        bank.id,
        'select id from statement_upload where connection_id = $1',
        [connectionId],
      );
    expect(await uploadsOf()).toHaveLength(1);

    const disconnected = await api.graphql(disconnectMutation, {
      token: customer.token,
      variables: { id: connectionId },
    });

    expect(disconnected.body.errors).toBeUndefined();
    expect(await uploadsOf()).toHaveLength(0);
    // The same file can be imported again afterwards: a new connection.
    const again = await importAs(customer.token, {
      consentId,
      format: 'OFX',
      content: base64Of(statementFixtures.ofx()),
      fileName: 'march.ofx',
    });
    expect(again.body.data!.importStatement).toMatchObject({ alreadyImported: false });
    expect(again.body.data!.importStatement.connection.id).not.toBe(connectionId);
  });
});
