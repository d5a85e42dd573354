import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type CsvMapping,
  csvMappingPresets,
  parseStatementFile,
  type StatementFormat,
  statementFormats,
  validateCsvMapping,
} from '@finpersona/connector-statements';
import type { ParsedStatement } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit';
import { callerCustomerId, Customer } from '../customers';
import { localized, requireContext } from '../request-context';
import { type FieldProblem, Forbidden, Invalid, NotFound } from '../errors';
import { Connection } from './connection.entity';
import { uuidPattern } from './ingest.service';
import { ConnectionsService } from './connections.service';
import { maxStatementBytes, StatementUploads } from './statement-uploads';

export interface ImportStatementInput {
  consentId: string;
  format: string;
  /** The file, base64 (RFC 4648, padded; line breaks allowed). */
  content: string;
  fileName: string;
  /** CSV only: a preset's name (`pkdd99`) or a `CsvMapping` as JSON text. */
  mapping?: string | null;
  /** Only these accounts of the file (a multi-account file); all when omitted. */
  accounts?: readonly string[] | null;
}

export interface StatementSummary {
  accounts: number;
  transactions: number;
  /** Earliest and latest booking date in the file (YYYY-MM-DD); null when it holds no transactions. */
  firstBookingDate: string | null;
  lastBookingDate: string | null;
}

export interface StatementImportResult {
  connection: Connection;
  /** The same file (bytes, format, mapping, accounts) was imported before and its connection is active: nothing was stored. */
  alreadyImported: boolean;
  summary: StatementSummary;
}

export const maxFileNameLength = 255;
export const maxImportAccounts = 100;

/**
 * A customer importing a statement file (CSV with a mapping or preset, OFX, camt.053): the file is parsed
 * whole FIRST — a bad file is INVALID listing its problems (line, field, message) and nothing is stored or
 * audited. A good file is stored encrypted (`statement_upload`) and connected through the ordinary
 * connection path (`ConnectionsService.connectUpload`: `statement-file` connection, audit, first sync
 * after commit) under the caller's live aggregation consent (checked for every import, repeated ones too), so its accounts and transactions arrive by the same sync and ingest as a live
 * source's. Importing the same file again while its connection is active changes nothing.
 */
@Injectable()
export class StatementImportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly uploads: StatementUploads,
    private readonly audit: AuditService,
  ) {}

  async import(input: ImportStatementInput): Promise<StatementImportResult> {
    return this.importFile(input, (em) => callerCustomerId(em));
  }

  /**
   * System work for a bank importing statements it holds itself (`cli.js import-pkdd99`: a unit of work
   * without a principal) for one of its customers, under that customer's live aggregation consent (the
   * bank records it: `ConsentsService.recordBankImport`). Everything else is `import`: the same checks,
   * parse, same-file recognition, storage, connection, audit and first sync after commit. Anyone signed in
   * is FORBIDDEN (customers import their own files through `import`); an erased or unknown customer is
   * NOT_FOUND.
   */
  async importForCustomer(customerId: string, input: ImportStatementInput): Promise<StatementImportResult> {
    if (requireContext().principal) {
      throw new Forbidden("Only the bank's own import (a system job) imports statements for a customer.");
    }
    return this.importFile(input, async (em) => {
      const found = uuidPattern.test(customerId)
        ? await em.findOne(Customer, { id: customerId, erasedAt: null }, { fields: ['id'] })
        : null;
      if (!found) throw new NotFound(`No customer "${customerId}" in this bank.`);
      return found.id;
    });
  }

  /** Imports `input` for the customer `owner` names, once the file is known to be good. */
  private async importFile(
    input: ImportStatementInput,
    owner: (em: EntityManager) => Promise<string>,
  ): Promise<StatementImportResult> {
    const checked = checkImportInput(input);
    if ('problems' in checked) throw Invalid.fields(checked.problems);
    const { format, content, mapping, accounts } = checked;
    const parsed = await parseStatementFile(content, format, mapping);
    if (!parsed.ok) throw Invalid.file('input.content', parsed.errors);
    const statements = accounts
      ? parsed.statements.filter((statement) => accounts.includes(statement.account.sourceId))
      : parsed.statements;
    if (statements.length === 0) {
      throw Invalid.fields([
        {
          field: accounts ? 'input.accounts' : 'input.content',
          problem: accounts
            ? localized({
                en: 'names none of the accounts in the file',
                sl: 'ne navaja nobenega od računov v datoteki',
              })
            : localized({ en: 'holds no account statement', sl: 'ne vsebuje nobenega izpiska računa' }),
        },
      ]);
    }
    const summary = summarise(statements);
    const em = this.em.getContext() as EntityManager;
    const customerId = await owner(em);
    const consent = await this.connections.liveAggregationConsent(input.consentId, customerId);
    // One import per customer at a time, so the same file sent twice at once is recognised, not stored twice.
    await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
      `finpersona.statement-import:${customerId}`,
    ]);
    const fingerprint = await this.uploads.fingerprint(customerId, {
      format,
      mapping: mapping ?? null,
      accounts: accounts ?? null,
      content,
    });
    const same = await this.uploads.findSame(customerId, fingerprint);
    if (same?.connectionStatus === 'active') {
      const connection = await em.findOneOrFail(Connection, { id: same.connectionId });
      await this.recordImport(connection.id, format, content.byteLength, summary, true);
      return { connection, alreadyImported: true, summary };
    }
    // The same file under an ended connection: that upload is stale; this import starts afresh.
    if (same) await this.uploads.delete(same.id);
    const connection = await this.connections.connectUpload(consent, (owner) =>
      this.uploads.store({
        id: randomUUID(),
        customerId: owner.customerId,
        connectionId: owner.connectionId,
        format,
        mapping: mapping ?? null,
        accounts: accounts ?? null,
        fileName: input.fileName,
        content,
        fingerprint,
      }),
    );
    await this.recordImport(connection.id, format, content.byteLength, summary, false);
    return { connection, alreadyImported: false, summary };
  }

  private recordImport(
    connectionId: string,
    format: StatementFormat,
    sizeBytes: number,
    summary: StatementSummary,
    alreadyImported: boolean,
  ): Promise<unknown> {
    // Counts and format only: never the file name, accounts or contents.
    return this.audit.record({
      action: 'statement.import',
      resourceType: 'connection',
      resourceId: connectionId,
      changes: {
        format,
        sizeBytes,
        accounts: summary.accounts,
        transactions: summary.transactions,
        alreadyImported,
      },
    });
  }
}

type CheckedInput =
  | {
      format: StatementFormat;
      content: Uint8Array;
      mapping: CsvMapping | string | undefined;
      accounts: readonly string[] | undefined;
    }
  | { problems: FieldProblem[] };

/** Every problem of the input besides the file's own (those come from parsing), field by field. */
export function checkImportInput(input: ImportStatementInput): CheckedInput {
  const problems: FieldProblem[] = [];
  if (!uuidPattern.test(input.consentId)) {
    problems.push({
      field: 'input.consentId',
      problem: localized({ en: 'must be a consent id (UUID)', sl: 'mora biti id privolitve (UUID)' }),
    });
  }
  const format = statementFormats.find((known) => known === input.format);
  if (!format) {
    problems.push({
      field: 'input.format',
      problem: localized({
        en: `must be one of ${statementFormats.join(', ')}`,
        sl: `mora biti ena od ${statementFormats.join(', ')}`,
      }),
    });
  }
  const content = decodeBase64(input.content);
  if (content === null) {
    problems.push({
      field: 'input.content',
      problem: localized({
        en: 'must be the file in base64 (RFC 4648)',
        sl: 'mora biti datoteka v base64 (RFC 4648)',
      }),
    });
  } else if (content.byteLength === 0) {
    problems.push({
      field: 'input.content',
      problem: localized({ en: 'is an empty file', sl: 'je prazna datoteka' }),
    });
  } else if (content.byteLength > maxStatementBytes) {
    problems.push({
      field: 'input.content',
      problem: localized({
        en: `is ${content.byteLength} bytes; a statement file may have at most ${maxStatementBytes} bytes (5 MiB): split it by period`,
        sl: `ima ${content.byteLength} bajtov; datoteka z izpiskom ima lahko največ ${maxStatementBytes} bajtov (5 MiB): razdelite jo po obdobjih`,
      }),
    });
  }
  if (
    input.fileName.length < 1 ||
    input.fileName.length > maxFileNameLength ||
    [...input.fileName].some((character) => character.charCodeAt(0) < 0x20 || character === '\u007f')
  ) {
    problems.push({
      field: 'input.fileName',
      problem: localized({
        en: `must be 1-${maxFileNameLength} characters without control characters`,
        sl: `mora imeti od 1 do ${maxFileNameLength} znakov brez kontrolnih znakov`,
      }),
    });
  }
  const mapping = mappingOf(input, format, problems);
  const accounts = input.accounts ?? undefined;
  if (accounts !== undefined) {
    if (accounts.length < 1 || accounts.length > maxImportAccounts) {
      problems.push({
        field: 'input.accounts',
        problem: localized({
          en: `must list 1-${maxImportAccounts} account ids`,
          sl: `mora navajati od 1 do ${maxImportAccounts} id-jev računov`,
        }),
      });
    }
    accounts.forEach((account, index) => {
      if (account.length < 1 || account.length > 256) {
        problems.push({
          field: `input.accounts[${index}]`,
          problem: localized({ en: 'must be 1-256 characters', sl: 'mora imeti od 1 do 256 znakov' }),
        });
      }
    });
  }
  if (problems.length > 0 || !format || !content) return { problems };
  return { format, content, mapping, accounts };
}

/** The CSV mapping: a preset's name or a mapping as JSON; none for other formats. */
function mappingOf(
  input: ImportStatementInput,
  format: StatementFormat | undefined,
  problems: FieldProblem[],
): CsvMapping | string | undefined {
  const text = input.mapping ?? undefined;
  if (format !== 'csv') {
    if (text !== undefined && format) {
      problems.push({
        field: 'input.mapping',
        problem: localized({
          en: 'applies to CSV files only; leave it out',
          sl: 'velja samo za datoteke CSV; izpustite ga',
        }),
      });
    }
    return undefined;
  }
  const presets = Object.keys(csvMappingPresets).join(', ');
  if (text === undefined || text.trim() === '') {
    problems.push({
      field: 'input.mapping',
      problem: localized({
        en: `is required for CSV: a preset (${presets}) or a column mapping as JSON`,
        sl: `je obvezen za CSV: prednastavitev (${presets}) ali razporeditev stolpcev v JSON`,
      }),
    });
    return undefined;
  }
  if (!text.trimStart().startsWith('{')) {
    if (csvMappingPresets[text]) return text;
    problems.push({
      field: 'input.mapping',
      problem: localized({
        en: `must be a preset (${presets}) or a column mapping as JSON`,
        sl: `mora biti prednastavitev (${presets}) ali razporeditev stolpcev v JSON`,
      }),
    });
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    problems.push({
      field: 'input.mapping',
      problem: localized({ en: 'is not valid JSON', sl: 'ni veljaven JSON' }),
    });
    return undefined;
  }
  const validation = validateCsvMapping(value);
  if (!validation.ok) {
    problems.push(
      ...validation.errors.map((error) => ({
        field: error.field.startsWith('mapping') ? `input.${error.field}` : `input.mapping.${error.field}`,
        problem: error.message,
      })),
    );
    return undefined;
  }
  return validation.mapping;
}

/** Strict base64 (standard alphabet, padded); line breaks and spaces are ignored. Null when malformed. */
export function decodeBase64(text: string): Uint8Array | null {
  const compact = text.replace(/[\r\n\t ]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  const bytes = Buffer.from(compact, 'base64');
  // Non-canonical encodings (stray bits in the padding) are refused: what is stored is exactly what was sent.
  if (bytes.toString('base64') !== compact) return null;
  return new Uint8Array(bytes);
}

function summarise(statements: readonly ParsedStatement[]): StatementSummary {
  const dates = statements.flatMap((statement) => statement.transactions.map((t) => t.bookingDate)).sort();
  return {
    accounts: statements.length,
    transactions: dates.length,
    firstBookingDate: dates[0] ?? null,
    lastBookingDate: dates.at(-1) ?? null,
  };
}
