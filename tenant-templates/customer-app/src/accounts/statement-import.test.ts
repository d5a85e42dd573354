import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { type LoopbackApi, startLoopbackApi } from '../api/loopback-api.ts';
import {
  base64Of,
  emptyImportForm,
  formProblems,
  importStatement,
  maxStatementBytes,
} from './statement-import.ts';

let loopback: LoopbackApi;
beforeAll(async () => {
  loopback = await startLoopbackApi();
});
afterAll(() => loopback.close());

const summary = {
  accounts: 1,
  transactions: 2,
  firstBookingDate: '2024-03-01',
  lastBookingDate: '2024-03-15',
};

describe('importing a statement', () => {
  it('sends the file in base64 with its format and name; a CSV preset by name, a custom mapping as its JSON', async () => {
    loopback.answer = {
      data: {
        importStatement: { alreadyImported: false, connection: { id: 'c', status: 'ACTIVE' }, summary },
      },
    };
    loopback.received.length = 0;
    const bytes = new TextEncoder().encode('date,amount\n2024-03-01,-1.00\n');
    const result = await importStatement(loopback.api, 'token', {
      consentId: 'consent-1',
      form: { ...emptyImportForm, format: 'CSV', csvMapping: 'preset', preset: 'pkdd99' },
      fileName: 'march.csv',
      bytes,
    });
    expect(result).toEqual({ alreadyImported: false, ...summary });
    expect(loopback.received[0]!.body.variables).toEqual({
      input: {
        consentId: 'consent-1',
        format: 'CSV',
        content: Buffer.from(bytes).toString('base64'),
        fileName: 'march.csv',
        mapping: 'pkdd99',
      },
    });
    await importStatement(loopback.api, 'token', {
      consentId: 'consent-1',
      form: { ...emptyImportForm, format: 'CSV', csvMapping: 'custom', mappingJson: '{"delimiter":","}' },
      fileName: 'march.csv',
      bytes,
    });
    expect((loopback.received[1]!.body.variables.input as Record<string, unknown>).mapping).toBe(
      '{"delimiter":","}',
    );
    await importStatement(loopback.api, 'token', {
      consentId: 'consent-1',
      form: emptyImportForm,
      fileName: 'a.xml',
      bytes,
    });
    expect(loopback.received[2]!.body.variables.input).not.toHaveProperty('mapping');
  });

  it('a refused file comes back as INVALID with its problems by line and field', async () => {
    loopback.answer = {
      data: null,
      errors: [
        {
          message: 'Invalid input: input.content has 1 problem; nothing was imported.',
          extensions: {
            code: 'INVALID',
            requestId: 'r',
            fields: [{ field: 'input.content', problem: 'has 1 problem; nothing was imported' }],
            fileProblems: [{ line: 7, field: 'TRNAMT', message: '"-42.1x" is not an amount' }],
            moreFileProblems: 0,
          },
        },
      ],
    };
    const refused = await importStatement(loopback.api, 'token', {
      consentId: 'consent-1',
      form: { ...emptyImportForm, format: 'OFX' },
      fileName: 'a.ofx',
      bytes: new Uint8Array([1]),
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).invalid).toEqual({
      fields: [{ field: 'input.content', problem: 'has 1 problem; nothing was imported' }],
      fileProblems: [{ line: 7, field: 'TRNAMT', message: '"-42.1x" is not an amount' }],
      moreFileProblems: 0,
    });
  });

  it('base64 of any bytes equals the platform’s (Node’s) encoding, large files included', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, index) => (index * 31) % 256);
    expect(base64Of(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64Of(new Uint8Array())).toBe('');
  });

  it('checks the file and the mapping before sending anything', () => {
    expect(formProblems(emptyImportForm, null)).toEqual(['Choose a statement file.']);
    expect(formProblems(emptyImportForm, { name: 'a.xml', size: 0 })).toEqual(['The file is empty.']);
    expect(formProblems(emptyImportForm, { name: 'a.xml', size: maxStatementBytes + 1 })).toEqual([
      'The file is larger than 5 MiB: export a shorter period and import each part.',
    ]);
    expect(
      formProblems({ ...emptyImportForm, format: 'CSV', csvMapping: 'custom' }, { name: 'a.csv', size: 10 }),
    ).toEqual(['A CSV file needs its column mapping (JSON), or choose a preset.']);
    expect(formProblems(emptyImportForm, { name: 'a.xml', size: 10 })).toEqual([]);
  });
});
