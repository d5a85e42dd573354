import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { translator } from '../i18n/i18n.ts';
import { type ImportState, StatementImportView } from './StatementImport.tsx';
import { emptyImportForm, type ImportForm, importProblemLines } from './statement-import.ts';

const noop = () => undefined;
const render = (state: ImportState, form: ImportForm = emptyImportForm) =>
  renderToStaticMarkup(
    <StatementImportView form={form} state={state} onChange={noop} onFile={noop} onSubmit={noop} />,
  );

describe('Import a statement form', () => {
  it('offers a file picker, the three formats and an Import button; no CSV mapping unless CSV is chosen', () => {
    const html = render({ kind: 'idle' });
    expect(html).toContain('Import a statement');
    expect(html).toContain('<input type="file" accept=".xml" name="statement"/>');
    expect(html).toContain('<option value="CAMT053" selected="">ISO 20022 camt.053 (XML)</option>');
    expect(html).toContain('<option value="OFX">');
    expect(html).toContain('<option value="CSV">');
    expect(html).not.toContain('CSV columns');
    expect(html).toContain('>Import</button>');
  });

  it('for CSV: a preset (PKDD’99) or the customer’s own JSON mapping', () => {
    const preset = render({ kind: 'idle' }, { ...emptyImportForm, format: 'CSV' });
    expect(preset).toContain('CSV columns');
    expect(preset).toContain('<option value="pkdd99" selected="">');
    expect(preset).not.toContain('<textarea');
    const custom = render({ kind: 'idle' }, { ...emptyImportForm, format: 'CSV', csvMapping: 'custom' });
    expect(custom).toContain('<textarea name="mappingJson"');
    expect(custom).not.toContain('<option value="pkdd99"');
  });

  it('lists every problem of a refused file, one per line, and says nothing was imported', () => {
    const html = render({
      kind: 'refused',
      problems: ['Line 3, date: "2024-05-32" is not a date', 'Line 4, amount: "1x" is not a number'],
    });
    expect(html).toContain('role="alert"');
    expect(html).toContain('Nothing was imported.');
    expect(html).toContain('<li>Line 3, date: &quot;2024-05-32&quot; is not a date</li>');
    expect(html).toContain('<li>Line 4, amount: &quot;1x&quot; is not a number</li>');
  });

  it('shows the import in progress, the outcome, a repeated import, and the consent it needs', () => {
    expect(render({ kind: 'importing' })).toMatch(/disabled="">Importing…<\/button>/);
    expect(
      render({
        kind: 'imported',
        summary: {
          alreadyImported: false,
          accounts: 2,
          transactions: 5,
          firstBookingDate: '2024-06-01',
          lastBookingDate: '2024-06-02',
        },
      }),
    ).toContain('Imported 5 transactions of 2 accounts (2024-06-01 to 2024-06-02).');
    expect(
      render({
        kind: 'imported',
        summary: {
          alreadyImported: true,
          accounts: 1,
          transactions: 3,
          firstBookingDate: null,
          lastBookingDate: null,
        },
      }),
    ).toContain('This file was imported before; nothing changed.');
    expect(render({ kind: 'needs-consent' })).toContain('needs your consent to aggregate your account data');
  });
});

describe('problems of a refused import', () => {
  it('one line per file problem by line and field, the count of unlisted ones, and the other fields', () => {
    const error = new ApiError('INVALID', 'Invalid input', 'r1', undefined, undefined, {
      fields: [
        { field: 'input.content', problem: 'has 102 problems; nothing was imported' },
        { field: 'input.fileName', problem: 'must be 1-255 characters without control characters' },
      ],
      fileProblems: [
        { line: 14, field: 'amount', message: '"12,3x" is not a number' },
        { field: 'mapping', message: 'a CSV file needs a column mapping' },
        { message: 'The file holds no statement.' },
      ],
      moreFileProblems: 99,
    });
    expect(importProblemLines(error)).toEqual([
      'Line 14, amount: "12,3x" is not a number',
      'mapping: a CSV file needs a column mapping',
      'The file holds no statement.',
      '…and 99 more problems not listed.',
      'The file name must be 1-255 characters without control characters.',
    ]);
  });

  it('field problems alone, a mapping field by name, and other errors by their message', () => {
    const invalid = new ApiError('INVALID', 'Invalid input', undefined, undefined, undefined, {
      fields: [{ field: 'input.mapping.bookingDate', problem: 'is required' }],
      fileProblems: [],
      moreFileProblems: 0,
    });
    expect(importProblemLines(invalid)).toEqual(['The CSV mapping (mapping.bookingDate) is required.']);
    expect(importProblemLines(new ApiError('CONFLICT', 'Your consent is not live.'))).toEqual([
      'Your consent is not live.',
    ]);
  });

  it('in Slovenian: the app’s own words around the API’s problems (which the API wrote in Slovenian)', () => {
    const error = new ApiError('INVALID', 'Invalid input', 'r1', undefined, undefined, {
      fields: [
        { field: 'input.content', problem: 'ima 3 težave; uvoženo ni bilo nič' },
        { field: 'input.fileName', problem: 'mora imeti od 1 do 255 znakov brez kontrolnih znakov' },
        { field: 'input.mapping.bookingDate', problem: 'je obvezen' },
      ],
      fileProblems: [{ line: 14, field: 'amount', message: '"12,3x" is not a number' }],
      moreFileProblems: 2,
    });
    expect(importProblemLines(error, translator('sl'))).toEqual([
      'Vrstica 14, amount: "12,3x" is not a number',
      '…in še 2 težavi, ki nista navedeni.',
      'Ime datoteke: mora imeti od 1 do 255 znakov brez kontrolnih znakov.',
      'Razporeditev stolpcev CSV (mapping.bookingDate): je obvezen.',
    ]);
  });
});
