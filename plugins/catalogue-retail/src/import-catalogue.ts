/**
 * A bank's own catalogue, imported from a JSON or CSV document (the plugin's `catalogue` setting). Either
 * the whole document is valid and every product is returned, or every problem is, each located the way the
 * bank's administrator can find it: a line and a column of the CSV file, or a JSON path (and, for syntax
 * errors, the line) of the JSON document.
 */
import { readCsvRecords } from '@finpersona/connector-statements';
import {
  MoneyFormatError,
  type DisclosureDocument,
  type Money,
  moneyFromDecimal,
  type Product,
  type ProductFee,
  type ProductRate,
  validateProducts,
} from '@finpersona/plugin-sdk';

export const catalogueFormats = ['json', 'csv'] as const;
export type CatalogueFormat = (typeof catalogueFormats)[number];

/** Where a problem is: `line` (1-based) and `column` for CSV; `path` (a JSON path) for JSON. */
export interface CatalogueProblem {
  readonly line?: number;
  readonly column?: string;
  readonly path?: string;
  readonly message: string;
}

export type CatalogueImport =
  | { readonly ok: true; readonly products: readonly Product[] }
  | { readonly ok: false; readonly problems: readonly CatalogueProblem[] };

/** Reads a catalogue document; see README.md for both layouts. */
export function importCatalogue(text: string, format: CatalogueFormat): CatalogueImport {
  return format === 'json' ? importJson(text) : importCsv(text);
}

/** One problem as a sentence, for messages and the settings error (`line 3, column fees: …`). */
export function describeLocation(problem: CatalogueProblem): string {
  if (problem.path !== undefined) return `at ${problem.path}${problem.line ? ` (line ${problem.line})` : ''}`;
  if (problem.line !== undefined)
    return `line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}`;
  return 'document';
}

const noProducts = 'has no products; leave the catalogue setting out to use the default retail catalogue';

function importJson(text: string): CatalogueImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/ in JSON at position \d+ \(line \d+ column \d+\)$/, '');
    return {
      ok: false,
      problems: [{ path: '$', line: syntaxErrorLine(text), message: `is not valid JSON: ${message}` }],
    };
  }
  if (Array.isArray(value) && value.length === 0)
    return { ok: false, problems: [{ path: '$', message: noProducts }] };
  const result = validateProducts(value);
  return result.ok
    ? result
    : { ok: false, problems: result.problems.map(({ path, message }) => ({ path, message })) };
}

/**
 * The line of the first syntax error of `text` (which JSON.parse refused). V8 names the position for some
 * errors only ("Unexpected token" has none), so: the shortest prefix that fails for a reason other than
 * being cut short ends at the error; every longer prefix fails the same way, so a binary search finds it.
 */
function syntaxErrorLine(text: string): number {
  const failsBeforeTheEnd = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      // A prefix cut short fails at its end ("Unexpected end of JSON input", or "at position <length>").
      const message = (error as Error).message;
      const position = /at position (\d+)/.exec(message)?.[1];
      return !message.includes('end of JSON input') && (position === undefined || Number(position) < length);
    }
  };
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsBeforeTheEnd(middle)) high = middle;
    else low = middle + 1;
  }
  return text.slice(0, low).split('\n').length;
}

/** The CSV columns, in the order the README documents them. */
export const csvColumns = [
  'id',
  'name',
  'type',
  'currency',
  'regions',
  'summary',
  'fees',
  'rates',
  'min_amount',
  'max_amount',
  'min_term_months',
  'max_term_months',
  'min_age',
  'max_age',
  'residency',
  'min_annual_income',
  'credit_check',
  'max_ltv_percent',
  'eligibility_notes',
  'disclosures',
  'illustrative',
] as const;
type CsvColumn = (typeof csvColumns)[number];
const requiredColumns: readonly CsvColumn[] = ['id', 'name', 'type', 'currency', 'regions', 'credit_check'];

/** Where a product attribute comes from in the CSV layout (JSON path after `$[i]` → column). */
const columnOfPath: readonly [RegExp, CsvColumn][] = [
  [/^\.limits\.amount\.min/, 'min_amount'],
  [/^\.limits\.amount\.max/, 'max_amount'],
  [/^\.limits\.termMonths\.min/, 'min_term_months'],
  [/^\.limits\.termMonths\.max/, 'max_term_months'],
  [/^\.eligibility\.minAge/, 'min_age'],
  [/^\.eligibility\.maxAge/, 'max_age'],
  [/^\.eligibility\.residency/, 'residency'],
  [/^\.eligibility\.minAnnualIncome/, 'min_annual_income'],
  [/^\.eligibility\.creditCheck/, 'credit_check'],
  [/^\.eligibility\.maxLoanToValueBasisPoints/, 'max_ltv_percent'],
  [/^\.eligibility\.notes/, 'eligibility_notes'],
];

/** Separates the items of a list cell (`EU;UK`) and the parts of an item (`annual|annually|39.00`). */
const itemSeparator = ';';
const partSeparator = '|';

function importCsv(text: string): CatalogueImport {
  const { records, errors } = readCsvRecords(text.replace(/^\uFEFF/, ''), ',', '"');
  const problems: CatalogueProblem[] = errors.map(({ line, message }) => ({ line, message }));
  if (problems.length > 0) return { ok: false, problems };
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: [{ line: 1, message: `the document ${noProducts}` }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  columns.forEach((name, index) => {
    if (!(csvColumns as readonly string[]).includes(name)) {
      problems.push({
        line: header.line,
        column: name || `#${index + 1}`,
        message: `is not a column of the catalogue layout (${csvColumns.join(', ')})`,
      });
    } else if (columns.indexOf(name) !== index) {
      problems.push({ line: header.line, column: name, message: 'appears twice in the header' });
    }
  });
  for (const name of requiredColumns) {
    if (!columns.includes(name))
      problems.push({ line: header.line, column: name, message: 'is a required column' });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0)
    return { ok: false, problems: [{ line: header.line, message: `the document ${noProducts}` }] };

  const products: Product[] = [];
  const cellProblems: CatalogueProblem[] = [];
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      cellProblems.push({
        line: row.line,
        message: `has ${row.fields.length} fields; the header has ${columns.length} (quote cells that contain commas)`,
      });
      continue;
    }
    const cells = Object.fromEntries(
      columns.map((name, index) => [name, row.fields[index]!.trim()]),
    ) as Partial<Record<CsvColumn, string>>;
    const reader = new RowReader(row.line, cells, cellProblems);
    products.push(reader.product());
  }
  // Products whose row could not be split into cells are missing, so validation paths are by product, not row.
  const lines = rows.filter((row) => row.fields.length === columns.length).map((row) => row.line);
  const validation = validateProducts(products);
  if (!validation.ok) {
    for (const { path, message } of validation.problems) {
      const { line, column, item } = csvLocation(path, lines);
      // A cell that could not be read is reported once, by the reader.
      if (cellProblems.some((problem) => problem.line === line && problem.column === column)) continue;
      cellProblems.push({
        ...(line ? { line } : {}),
        ...(column ? { column } : {}),
        message: `${item}${message}`,
      });
    }
  }
  if (cellProblems.length > 0) {
    // By line, then in the layout's column order (the order a reader scans the row in).
    const order = (problem: CatalogueProblem) =>
      (csvColumns as readonly string[]).indexOf(problem.column ?? '');
    return {
      ok: false,
      problems: cellProblems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || order(a) - order(b)),
    };
  }
  return { ok: true, products };
}

/**
 * Where a validation problem (`$[2].fees[0].amount`) is in the CSV: the line of product 2's row, the column
 * its attribute comes from, and (as a message prefix) the item of a list cell with what is inside it.
 */
function csvLocation(
  path: string,
  lines: readonly number[],
): { line: number | undefined; column: CsvColumn | undefined; item: string } {
  const match = /^\$\[(\d+)\](.*)$/.exec(path);
  const line = match ? lines[Number(match[1])] : undefined;
  const attribute = match?.[2] ?? '';
  const column =
    columnOfPath.find(([pattern]) => pattern.test(attribute))?.[1] ??
    (/^\.(\w+)/.exec(attribute)?.[1] as CsvColumn | undefined);
  const inCell = /^\[(\d+)\](.*)$/.exec(attribute.replace(/^\.\w+/, ''));
  const item = inCell ? `item ${Number(inCell[1]) + 1}${inCell[2]}: ` : '';
  return { line, column, item };
}

/** Reads one row's cells into a product, noting each cell it cannot read (and leaving that attribute out). */
class RowReader {
  private readonly currency: string;

  constructor(
    private readonly line: number,
    private readonly cells: Partial<Record<CsvColumn, string>>,
    private readonly problems: CatalogueProblem[],
  ) {
    this.currency = (cells.currency ?? '').toUpperCase();
  }

  product(): Product {
    const { cells } = this;
    const amount = { min: this.money('min_amount'), max: this.money('max_amount') };
    const termMonths = { min: this.integer('min_term_months'), max: this.integer('max_term_months') };
    const eligibility = {
      minAge: this.integer('min_age'),
      maxAge: this.integer('max_age'),
      residency: this.list('residency'),
      minAnnualIncome: this.money('min_annual_income'),
      creditCheck: cells.credit_check,
      maxLoanToValueBasisPoints: this.percent('max_ltv_percent', cells.max_ltv_percent),
      notes: this.list('eligibility_notes'),
    };
    return withoutUndefined({
      id: cells.id,
      name: cells.name,
      type: cells.type,
      summary: cells.summary || undefined,
      currency: this.currency,
      regions: this.list('regions') ?? [],
      fees: this.items('fees', (parts) => this.fee(parts)),
      rates: this.items('rates', (parts) => this.rate(parts)),
      limits: withoutUndefined({
        amount: amount.min || amount.max ? withoutUndefined(amount) : undefined,
        termMonths:
          termMonths.min !== undefined || termMonths.max !== undefined
            ? withoutUndefined(termMonths)
            : undefined,
      }),
      eligibility: withoutUndefined(eligibility),
      disclosures: this.items('disclosures', (parts) => this.disclosure(parts)),
      illustrative: this.flag('illustrative'),
    }) as unknown as Product;
  }

  private problem(column: CsvColumn, message: string): undefined {
    this.problems.push({ line: this.line, column, message });
    return undefined;
  }

  private list(column: CsvColumn): string[] | undefined {
    const cell = this.cells[column];
    if (!cell) return undefined;
    return cell
      .split(itemSeparator)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** A list cell of `|`-separated items, each read by `read` (which notes its own problems). */
  private items<T>(column: CsvColumn, read: (parts: string[], item: number) => T | string): T[] {
    const values: T[] = [];
    (this.list(column) ?? []).forEach((item, index) => {
      const result = read(
        item.split(partSeparator).map((part) => part.trim()),
        index,
      );
      if (typeof result === 'string') this.problem(column, `item ${index + 1} ("${item}"): ${result}`);
      else values.push(result);
    });
    return values;
  }

  private money(column: CsvColumn, cell = this.cells[column]): Money | undefined {
    if (!cell) return undefined;
    // Without a valid currency no amount can be read; the currency column says so.
    if (!/^[A-Z]{3}$/.test(this.currency)) return undefined;
    try {
      return moneyFromDecimal(cell, this.currency);
    } catch (error) {
      if (error instanceof MoneyFormatError)
        return this.problem(column, `${error.message} Write amounts like 1250.00.`);
      throw error;
    }
  }

  private integer(column: CsvColumn): number | undefined {
    const cell = this.cells[column];
    if (!cell) return undefined;
    if (!/^[0-9]+$/.test(cell)) return this.problem(column, `"${cell}" is not a whole number`);
    return Number(cell);
  }

  private flag(column: CsvColumn): boolean | undefined {
    const cell = this.cells[column]?.toLowerCase();
    if (!cell) return undefined;
    if (cell === 'true' || cell === 'false') return cell === 'true';
    return this.problem(column, `"${this.cells[column]}" is not true or false`);
  }

  /** A percentage with at most two decimals (`4.35` or `4.35%`) in basis points, or a problem. */
  private percent(column: CsvColumn | null, cell: string | undefined): number | undefined {
    if (!cell) return undefined;
    const match = /^(-?\d+)(?:\.(\d{1,2}))?%?$/.exec(cell);
    if (!match) {
      const message = `"${cell}" is not a percentage with at most two decimals (e.g. 4.35)`;
      return column ? this.problem(column, message) : undefined;
    }
    const [, whole = '0', fraction = ''] = match;
    const basisPoints = Math.abs(Number(whole)) * 100 + Number(fraction.padEnd(2, '0'));
    return whole.startsWith('-') ? -basisPoints : basisPoints;
  }

  /** `kind|frequency|amount or percent%[|description]`. */
  private fee(parts: string[]): ProductFee | string {
    const [kind, frequency, value, ...description] = parts;
    if (!kind || !frequency || !value)
      return 'write fees as kind|frequency|amount (or percent%)[|description]';
    const fee = {
      kind,
      frequency,
      ...(description.length ? { description: description.join(partSeparator) } : {}),
    };
    if (value.endsWith('%')) {
      const basisPoints = this.percent(null, value);
      return basisPoints === undefined
        ? `"${value}" is not a percentage with at most two decimals`
        : ({ ...fee, basisPoints } as ProductFee);
    }
    if (!/^[A-Z]{3}$/.test(this.currency)) return fee as ProductFee;
    try {
      return { ...fee, amount: moneyFromDecimal(value, this.currency) } as ProductFee;
    } catch (error) {
      if (error instanceof MoneyFormatError) return error.message;
      throw error;
    }
  }

  /** `kind|fixed or variable|percent[|fixed for months]`. */
  private rate(parts: string[]): ProductRate | string {
    const [kind, type, value, fixedFor] = parts;
    if (!kind || !type || !value) return 'write rates as kind|fixed or variable|percent[|months fixed]';
    const basisPoints = this.percent(null, value);
    if (basisPoints === undefined) return `"${value}" is not a percentage with at most two decimals`;
    if (fixedFor !== undefined && !/^[0-9]+$/.test(fixedFor))
      return `"${fixedFor}" is not a whole number of months`;
    return {
      kind,
      type,
      basisPoints,
      ...(fixedFor ? { fixedForMonths: Number(fixedFor) } : {}),
    } as ProductRate;
  }

  /** `kind|title|url|version|language`. */
  private disclosure(parts: string[]): DisclosureDocument | string {
    if (parts.length !== 5 || parts.some((part) => part === '')) {
      return 'write disclosures as kind|title|url|version|language';
    }
    const [kind, title, url, version, language] = parts as [string, string, string, string, string];
    return { kind, title, url, version, language } as DisclosureDocument;
  }
}

/** The object without its undefined properties (validation treats a present `undefined` as a value). */
function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
