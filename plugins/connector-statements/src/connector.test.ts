import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ConnectionGrant,
  ConnectorError,
  type ConnectorContext,
  type DataConnector,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { createStatementConnector, StatementFileRejected, type StatementUpload } from './connector';
import type { CsvMapping } from './csv/mapping';
import { parseCsvStatement } from './csv/parse';
import { pkdd99Directory } from './pkdd99/relations';
import { plainEuroMapping } from './testing/results';

const context = (): ConnectorContext & { beats: number } => {
  const state = {
    signal: new AbortController().signal,
    beats: 0,
    heartbeat() {
      state.beats += 1;
    },
    fetch: () => Promise.reject(new Error('statement files never fetch')),
    now: () => new Date('2024-04-01T00:00:00Z'),
    customer: { present: false } as const,
    saveGrant: () => Promise.reject(new Error('statement files never save a grant')),
  };
  return state;
};
const begin = {
  redirectUri: 'https://app.example/cb',
  state: 's',
  validUntil: '2025-01-01T00:00:00Z',
  includeHistory: true,
};

const mapping: CsvMapping = {
  ...plainEuroMapping,
  account: { column: 'account' },
  id: 'id',
  description: 'text',
  balanceAfter: 'balance',
};
const csv = [
  'id,account,date,amount,text,balance',
  '1,A,2024-03-01,100.00,Salary,100.00',
  '2,A,2024-03-02,-10.00,Coffee,90.00',
  '3,B,2024-03-02,5.00,Interest,5.00',
  '4,A,2024-03-05,-20.00,Books,70.00',
  '5,A,2024-03-09,-30.00,Shoes,40.00',
  '6,A,2024-03-12,1.00,Refund,41.00',
].join('\n');

function setup(files: Record<string, string | Uint8Array>, upload?: StatementUpload) {
  const loads: string[] = [];
  const connector = createStatementConnector({
    loadUpload: async (uploadId) => {
      loads.push(uploadId);
      const file = files[uploadId];
      if (file === undefined) throw new Error(`no upload ${uploadId}`);
      return typeof file === 'string' ? new TextEncoder().encode(file) : file;
    },
    pageSize: 2,
    ...(upload ? { upload } : {}),
  });
  return { connector, loads };
}

async function allTransactions(
  connector: DataConnector,
  grant: ConnectionGrant,
  account: string,
  fromDate?: string,
) {
  const pages: (readonly SourceTransaction[])[] = [];
  let cursor: string | null = null;
  do {
    const page = await connector.listTransactions(
      grant,
      account,
      { cursor, ...(fromDate ? { fromDate } : {}) },
      context(),
    );
    pages.push(page.transactions);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

describe('the statement-file connector', () => {
  it('checks the upload and returns a small JSON grant that references it', async () => {
    const upload: StatementUpload = { uploadId: 'u-1', format: 'csv', mapping };
    const { connector } = setup({ 'u-1': csv }, upload);
    const result = await connector.beginConnection(begin, context());
    expect(result).toEqual({ kind: 'ready', grant: { credentials: upload } });
    const grant = (result as { grant: ConnectionGrant }).grant;
    expect(JSON.parse(JSON.stringify(grant))).toEqual(grant);
    expect(JSON.stringify(grant).length).toBeLessThan(1024);
    expect(await connector.consentStatus(grant, context())).toBe('valid');
    await expect(connector.revoke(grant, context())).resolves.toBeUndefined();
  });

  it('rejects a bad file with every problem and makes no grant', async () => {
    const bad = csv.replace('-10.00', '-10.0x').replace('2024-03-05', '2024-13-05');
    const { connector } = setup({ 'u-bad': bad }, { uploadId: 'u-bad', format: 'csv', mapping });
    const error = await connector.beginConnection(begin, context()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StatementFileRejected);
    expect((error as StatementFileRejected).code).toBe('BAD_SOURCE_DATA');
    expect((error as StatementFileRejected).errors.map((problem) => [problem.line, problem.field])).toEqual([
      [3, 'amount'],
      [5, 'date'],
    ]);
  });

  it('pages transactions out of the parsed file, the same ones the parser gives, with heartbeats', async () => {
    const { connector, loads } = setup({ 'u-1': csv });
    const grant: ConnectionGrant = { credentials: { uploadId: 'u-1', format: 'csv', mapping } };
    expect((await connector.listAccounts(grant, context())).map((account) => account.sourceId)).toEqual([
      'A',
      'B',
    ]);
    expect((await connector.listBalances(grant, 'A', context()))[0]!.amount).toEqual({
      minor: '4100',
      currency: 'EUR',
    });
    const pages = await allTransactions(connector, grant, 'A');
    expect(pages.map((page) => page.map((transaction) => transaction.sourceId))).toEqual([
      ['1', '2'],
      ['4', '5'],
      ['6'],
    ]);
    const direct = parseCsvStatement(new TextEncoder().encode(csv), mapping);
    expect(pages.flat()).toEqual(direct.ok && direct.statements[0]!.transactions);
    // The file is read and parsed once for all these calls.
    expect(loads).toEqual(['u-1']);
    const ctx = context();
    await connector.listTransactions(grant, 'A', { cursor: null }, ctx);
    expect(ctx.beats).toBe(1);
  });

  it('filters by booking date and refuses cursors and accounts it did not issue', async () => {
    const { connector } = setup({ 'u-1': csv });
    const grant: ConnectionGrant = { credentials: { uploadId: 'u-1', format: 'csv', mapping } };
    const pages = await allTransactions(connector, grant, 'A', '2024-03-05');
    expect(pages.flat().map((transaction) => transaction.sourceId)).toEqual(['4', '5', '6']);
    await expect(
      connector.listTransactions(grant, 'A', { cursor: 'page-2' }, context()),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(connector.listBalances(grant, 'Z', context())).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(
      connector.completeConnection({ pending: {}, callback: {}, redirectUri: '' }, context()),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('keeps a connection to its own accounts of a shared file', async () => {
    const { connector } = setup({ 'u-1': csv });
    const grant: ConnectionGrant = {
      credentials: { uploadId: 'u-1', format: 'csv', mapping, accounts: ['B'] },
    };
    expect((await connector.listAccounts(grant, context())).map((account) => account.sourceId)).toEqual([
      'B',
    ]);
    await expect(connector.listTransactions(grant, 'A', { cursor: null }, context())).rejects.toBeInstanceOf(
      ConnectorError,
    );
  });

  it('stops before reading the file when the platform aborts the call', async () => {
    const { connector, loads } = setup({ 'u-1': csv });
    const controller = new AbortController();
    controller.abort(new Error('consent revoked'));
    const aborted = { ...context(), signal: controller.signal };
    const grant: ConnectionGrant = { credentials: { uploadId: 'u-1', format: 'csv', mapping } };
    await expect(connector.listAccounts(grant, aborted)).rejects.toThrow('consent revoked');
    expect(loads).toEqual([]);
  });

  it('refuses a grant that is not a valid statement reference', async () => {
    const { connector } = setup({});
    await expect(
      connector.listAccounts({ credentials: { uploadId: '', format: 'pdf' } }, context()),
    ).rejects.toThrow(/uploadId must be a non-empty string; format must be one of csv, ofx, camt053/);
    await expect(
      connector.listAccounts(
        { credentials: { uploadId: 'u', format: 'csv', mapping: { delimiter: ',' } } },
        context(),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('reads OFX uploads the same way', async () => {
    const ofx = readFileSync(join(__dirname, 'ofx', 'fixtures', 'checking-v102.ofx'));
    const { connector } = setup({ 'u-ofx': ofx });
    const grant: ConnectionGrant = { credentials: { uploadId: 'u-ofx', format: 'ofx' } };
    const [account] = await connector.listAccounts(grant, context());
    const pages = await allTransactions(connector, grant, account!.sourceId);
    expect(pages.flat().map((transaction) => transaction.sourceId)).toEqual([
      '202403010001',
      '202403020007',
      '202403150002',
    ]);
  });

  it("imports a PKDD'99 owner's account from the shared trans.asc by preset name", async () => {
    const trans = readFileSync(join(pkdd99Directory(), 'trans.asc'));
    const expected = trans
      .toString('latin1')
      .split(/\r?\n/)
      .filter((line) => line.split(';')[1] === '2378').length;
    const upload: StatementUpload = {
      uploadId: 'pkdd99-trans',
      format: 'csv',
      mapping: 'pkdd99',
      accounts: ['2378'],
    };
    const { connector } = setup({ 'pkdd99-trans': trans }, upload);
    const { grant } = (await connector.beginConnection(begin, context())) as { grant: ConnectionGrant };
    expect(JSON.stringify(grant).length).toBeLessThan(200);
    const pages = await allTransactions(connector, grant, '2378');
    expect(pages.flat()).toHaveLength(expected);
    expect(new Set(pages.flat().map((transaction) => transaction.sourceId)).size).toBe(expected);
  });
});
