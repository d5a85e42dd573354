import { describe, expect, it } from 'vitest';
import { Invalid, maxFileProblemsListed } from '../errors';
import { checkImportInput, decodeBase64 } from './statement-imports.service';
import { maxStatementBytes } from './statement-uploads';

const consentId = '0b5e6a3c-1d2e-4f50-8a6b-7c8d9e0f1a2b';
const ofx = {
  consentId,
  format: 'ofx',
  content: Buffer.from('OFXHEADER:100').toString('base64'),
  fileName: 'a.ofx',
};

describe('statement import input', () => {
  it('decodes strict, canonical base64 only (line breaks allowed)', () => {
    expect(Buffer.from(decodeBase64('aGVs\nbG8=')!).toString()).toBe('hello');
    expect(decodeBase64('aGVsbG8')).toBeNull(); // unpadded
    expect(decodeBase64('aGVsbG9=')).toBeNull(); // non-canonical padding bits
    expect(decodeBase64('aGV$bG8=')).toBeNull();
    expect(decodeBase64('aGVsbG8-')).toBeNull(); // base64url is not accepted
    expect(decodeBase64('')).toEqual(new Uint8Array());
  });

  it('accepts a well-formed OFX input and a CSV input with a preset or a valid mapping', () => {
    expect(checkImportInput(ofx)).toMatchObject({ format: 'ofx', mapping: undefined });
    expect(checkImportInput({ ...ofx, format: 'csv', mapping: 'pkdd99' })).toMatchObject({
      mapping: 'pkdd99',
    });
  });

  it('names every bad field at once', () => {
    const result = checkImportInput({
      consentId: 'x',
      format: 'mt940',
      content: 'ä',
      fileName: 'bad\u0007name',
      accounts: [],
    });
    expect('problems' in result && result.problems.map((problem) => problem.field)).toEqual([
      'input.consentId',
      'input.format',
      'input.content',
      'input.fileName',
      'input.accounts',
    ]);
  });

  it('a mapping only for CSV, required there, checked field by field', () => {
    const problemsOf = (input: Parameters<typeof checkImportInput>[0]) => {
      const result = checkImportInput(input);
      return 'problems' in result ? result.problems : [];
    };
    expect(problemsOf({ ...ofx, mapping: 'pkdd99' })).toEqual([
      { field: 'input.mapping', problem: 'applies to CSV files only; leave it out' },
    ]);
    expect(problemsOf({ ...ofx, format: 'csv' })[0]?.field).toBe('input.mapping');
    expect(problemsOf({ ...ofx, format: 'csv', mapping: '{not json' })).toEqual([
      { field: 'input.mapping', problem: 'is not valid JSON' },
    ]);
    expect(problemsOf({ ...ofx, format: 'csv', mapping: '{"delimiter":";"}' }).map((p) => p.field)).toContain(
      'input.mapping.bookingDate',
    );
  });

  it('a file over 5 MiB is refused with the limit in the message', () => {
    const result = checkImportInput({
      ...ofx,
      content: Buffer.alloc(maxStatementBytes + 1).toString('base64'),
    });
    expect('problems' in result && result.problems[0]?.problem).toContain('at most 5242880 bytes (5 MiB)');
  });
});

describe('INVALID for a file', () => {
  it('names the input field once, lists the first problems with line and field, and counts the rest', () => {
    const problems = Array.from({ length: maxFileProblemsListed + 7 }, (_, index) => ({
      line: index + 2,
      field: 'amount',
      message: `"x${index}" is not a number`,
    }));
    const error = Invalid.file('input.content', problems);
    expect(error.code).toBe('INVALID');
    expect(error.message).toBe(
      `Invalid input: input.content has ${maxFileProblemsListed + 7} problems; nothing was imported. First: line 2, amount: "x0" is not a number`,
    );
    expect(error.details).toEqual({
      fields: [
        {
          field: 'input.content',
          problem: `has ${maxFileProblemsListed + 7} problems; nothing was imported`,
        },
      ],
      fileProblems: problems.slice(0, maxFileProblemsListed),
      moreFileProblems: 7,
    });
  });
});
