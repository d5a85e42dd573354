import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { strToU8, zipSync } from 'fflate';
import type { ExportCategory } from './personal-data-registry';

/** Where the published JSON Schema of the export lives (a file of this package: `platform/schemas/`). */
export const exportSchemaPath = join(__dirname, '..', '..', 'schemas', 'personal-data-export-v1.schema.json');
export const EXPORT_SCHEMA_VERSION = '1.3.0';

type Row = Record<string, unknown>;

/** The export document: `personal-data-export-v1.schema.json` describes every field. */
export interface PersonalDataExport {
  schemaVersion: typeof EXPORT_SCHEMA_VERSION;
  generatedAt: string;
  bank: { id: string; name: string };
  person: Row;
  categories: Record<ExportCategory, Row[]>;
}

interface JsonSchemaObject {
  properties?: Record<string, unknown>;
  $defs?: Record<string, { properties?: Record<string, unknown> }>;
}

let compiled: { schema: JsonSchemaObject; validate: ValidateFunction } | undefined;

function compiledSchema(): { schema: JsonSchemaObject; validate: ValidateFunction } {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(exportSchemaPath, 'utf8')) as JsonSchemaObject;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    compiled = { schema, validate: ajv.compile(schema) };
  }
  return compiled;
}

/** The published schema, read once. */
export function exportSchema(): JsonSchemaObject {
  return compiledSchema().schema;
}

/**
 * Checks a document against the published schema; the problems (JSON pointers and messages, no values)
 * when it does not match. An export that does not match its published schema is never delivered.
 */
export function exportSchemaProblems(document: unknown): string[] {
  const { validate } = compiledSchema();
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}

/** The column order of a category's CSV file: the schema's property order, so empty files have a header. */
export function csvColumnsOf(category: ExportCategory): string[] {
  return Object.keys(exportSchema().$defs?.[category]?.properties ?? {});
}

/**
 * RFC 4180 CSV: CRLF line ends, every field quoted (quotes doubled); objects and arrays as JSON, null as
 * an empty field. Values are not formula-escaped: open the files as text in a spreadsheet.
 */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const field = (value: unknown) => {
    const text =
      value === null || value === undefined
        ? ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value as string | number | boolean);
    return `"${text.replace(/"/g, '""')}"`;
  };
  return [columns, ...rows.map((row) => columns.map((column) => row[column]))]
    .map((values) => `${values.map(field).join(',')}\r\n`)
    .join('');
}

/**
 * The archive the customer downloads: a ZIP with `export.json` (the document), one CSV per category
 * (`<category>.csv`, plus `person.csv`) and `README.txt` naming the schema.
 */
export function exportArchive(document: PersonalDataExport): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'README.txt': strToU8(
      [
        'Your personal data, as held by this bank on FinPersona.',
        `export.json follows the JSON Schema "personal-data-export" version ${document.schemaVersion} (personal-data-export-v1.schema.json).`,
        'The CSV files hold the same data, one file per category (RFC 4180, UTF-8).',
        '',
      ].join('\r\n'),
    ),
    'export.json': strToU8(JSON.stringify(document, null, 2)),
    'person.csv': strToU8(toCsv(Object.keys(document.person), [document.person])),
  };
  for (const [category, rows] of Object.entries(document.categories)) {
    files[`${category}.csv`] = strToU8(toCsv(csvColumnsOf(category as ExportCategory), rows));
  }
  // A fixed time for every entry, so the same document always gives the same bytes.
  return zipSync(files, { level: 6, mtime: new Date(document.generatedAt) });
}
