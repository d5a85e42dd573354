/**
 * The statement-file `DataConnector`: imports go through the same sync path as live sources. The
 * platform stores the uploaded file; the grant only references it (`{uploadId, format, mapping,
 * accounts}`, small JSON), and the connector reads it back through the `loadUpload` function it was
 * created with, parses it whole, and pages accounts, balances and transactions out of the result.
 */
import {
  type BeginConnectionResult,
  type ConnectionGrant,
  ConnectorError,
  type ConnectorContext,
  type DataConnector,
  type ParsedStatement,
  type SourceAccount,
  type SourceBalance,
  type StatementFileError,
  type StatementParseResult,
  type TransactionPage,
} from '@finpersona/plugin-sdk';
import { parseCamt053 } from './camt/parse';
import { type CamtSchemas, loadCamtSchemas } from './camt/schemas';
import { type CsvMapping, validateCsvMapping } from './csv/mapping';
import { parseCsvStatement } from './csv/parse';
import { parseOfx } from './ofx/parse';
import { pkdd99TransactionsMapping } from './pkdd99/preset';

/** The connector id statement-file connections carry. */
export const statementConnectorId = 'statement-file';
export const statementFormats = ['csv', 'ofx', 'camt053'] as const;
export type StatementFormat = (typeof statementFormats)[number];

/** Named mappings a grant may use instead of spelling one out. */
export const csvMappingPresets: Readonly<Record<string, CsvMapping>> = { pkdd99: pkdd99TransactionsMapping };

/** What the grant's `credentials` hold: a reference to the stored upload and how to read it. */
export interface StatementUpload {
  /** The platform's id of the stored file. */
  readonly uploadId: string;
  readonly format: StatementFormat;
  /** CSV only: the column mapping, or the name of a preset (`'pkdd99'`). */
  readonly mapping?: CsvMapping | string;
  /** Only these accounts of the file belong to this connection (a multi-account file shared by several customers). */
  readonly accounts?: readonly string[];
}

export interface StatementConnectorOptions {
  /** Reads a stored upload's bytes. */
  loadUpload(uploadId: string, signal: AbortSignal): Promise<Uint8Array>;
  /** For a new connection: the upload to check and reference in the grant (see `beginConnection`). */
  readonly upload?: StatementUpload;
  /** The camt.053 schemas; default `loadCamtSchemas` (fetched once into the FinPersona cache). */
  readonly camtSchemas?: () => Promise<CamtSchemas>;
  /** Transactions per page, default 500. */
  readonly pageSize?: number;
}

/** A file that failed to parse: `errors` lists every problem (line, field, message) for the customer. */
export class StatementFileRejected extends ConnectorError {
  constructor(readonly errors: readonly StatementFileError[]) {
    super(
      'BAD_SOURCE_DATA',
      `The statement file has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}; nothing was imported. ${errors[0]?.message ?? ''}`.trim(),
    );
  }
}

/** Parses a statement file of any supported format. */
export async function parseStatementFile(
  bytes: Uint8Array,
  format: StatementFormat,
  mapping: CsvMapping | string | undefined,
  camtSchemas: () => Promise<CamtSchemas> = loadCamtSchemas,
): Promise<StatementParseResult> {
  if (format === 'ofx') return parseOfx(bytes);
  if (format === 'camt053') return parseCamt053(bytes, { schemas: await camtSchemas() });
  const resolved = typeof mapping === 'string' ? csvMappingPresets[mapping] : mapping;
  if (!resolved) {
    return {
      ok: false,
      errors: [
        {
          field: 'mapping',
          message: `a CSV file needs a column mapping or a preset (${Object.keys(csvMappingPresets).join(', ')})`,
        },
      ],
    };
  }
  return parseCsvStatement(bytes, resolved);
}

/** Checks a grant's credentials (JSON from storage) and returns the upload they reference. */
export function uploadFromGrant(grant: ConnectionGrant): StatementUpload {
  const { uploadId, format, mapping, accounts } = grant.credentials as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof uploadId !== 'string' || uploadId === '' || uploadId.length > 200)
    problems.push('uploadId must be a non-empty string');
  if (!statementFormats.includes(format as StatementFormat))
    problems.push(`format must be one of ${statementFormats.join(', ')}`);
  if (format === 'csv') {
    if (typeof mapping === 'string') {
      if (!csvMappingPresets[mapping]) problems.push(`mapping preset "${mapping}" is unknown`);
    } else {
      const validation = validateCsvMapping(mapping);
      if (!validation.ok)
        problems.push(...validation.errors.map((error) => `${error.field} ${error.message}`));
    }
  } else if (mapping !== undefined) problems.push('mapping applies to CSV files only');
  if (
    accounts !== undefined &&
    !(Array.isArray(accounts) && accounts.every((account) => typeof account === 'string'))
  ) {
    problems.push('accounts must be a list of account ids');
  }
  if (problems.length > 0)
    throw new ConnectorError('INVALID_REQUEST', `The statement grant is invalid: ${problems.join('; ')}.`);
  return grant.credentials as unknown as StatementUpload;
}

/** Creates the statement-file connector (id `statement-file`). */
export function createStatementConnector(options: StatementConnectorOptions): DataConnector {
  const pageSize = options.pageSize ?? 500;
  const camtSchemas = options.camtSchemas ?? loadCamtSchemas;
  // Parsed files by upload, so one sync's accounts, balances and pages parse the file once.
  const parsed = new Map<string, Promise<readonly ParsedStatement[]>>();

  const statementsOf = (
    upload: StatementUpload,
    context: ConnectorContext,
  ): Promise<readonly ParsedStatement[]> => {
    const key = JSON.stringify([upload.uploadId, upload.format, upload.mapping]);
    let statements = parsed.get(key);
    if (!statements) {
      statements = (async () => {
        context.signal.throwIfAborted();
        const bytes = await options.loadUpload(upload.uploadId, context.signal);
        context.signal.throwIfAborted();
        const result = await parseStatementFile(bytes, upload.format, upload.mapping, camtSchemas);
        if (!result.ok) throw new StatementFileRejected(result.errors);
        const wanted = upload.accounts && new Set(upload.accounts);
        return wanted
          ? result.statements.filter((statement) => wanted.has(statement.account.sourceId))
          : result.statements;
      })();
      statements.catch(() => parsed.delete(key));
      // A few recent uploads are enough: a sync works through one connection at a time.
      if (parsed.size >= 8) parsed.delete(parsed.keys().next().value!);
      parsed.set(key, statements);
    }
    return statements;
  };
  const statementFor = async (
    grant: ConnectionGrant,
    accountId: string,
    context: ConnectorContext,
  ): Promise<ParsedStatement> => {
    const statement = (await statementsOf(uploadFromGrant(grant), context)).find(
      (s) => s.account.sourceId === accountId,
    );
    if (!statement)
      throw new ConnectorError(
        'INVALID_REQUEST',
        `Account ${accountId} is not in this statement connection.`,
      );
    return statement;
  };

  return {
    id: statementConnectorId,

    /**
     * Checks the upload given to the factory (`options.upload`) by parsing it whole; a bad file throws
     * `StatementFileRejected` listing every problem, so no connection is made for it. The grant is
     * ready at once and holds only the reference.
     */
    async beginConnection(_request, context): Promise<BeginConnectionResult> {
      if (!options.upload) {
        throw new ConnectorError(
          'INVALID_REQUEST',
          'No statement upload was given: create the connector with the upload to connect.',
        );
      }
      const grant: ConnectionGrant = { credentials: { ...options.upload } };
      const upload = uploadFromGrant(grant);
      const statements = await statementsOf(upload, context);
      if (statements.length === 0) {
        throw new StatementFileRejected([
          { message: 'The file holds none of the accounts this connection is for.' },
        ]);
      }
      return { kind: 'ready', grant };
    },

    async completeConnection(): Promise<ConnectionGrant> {
      throw new ConnectorError('UNSUPPORTED', 'Statement files need no authorisation step.');
    },

    // A file carries no consent that could expire or be withdrawn at a source.
    async consentStatus(grant) {
      uploadFromGrant(grant);
      return 'valid';
    },

    async listAccounts(grant, context): Promise<readonly SourceAccount[]> {
      return (await statementsOf(uploadFromGrant(grant), context)).map((statement) => statement.account);
    },

    async listBalances(grant, sourceAccountId, context): Promise<readonly SourceBalance[]> {
      return (await statementFor(grant, sourceAccountId, context)).balances;
    },

    async listTransactions(grant, sourceAccountId, query, context): Promise<TransactionPage> {
      const statement = await statementFor(grant, sourceAccountId, context);
      const offset = query.cursor === null ? 0 : Number(/^o(\d+)$/.exec(query.cursor)?.[1] ?? NaN);
      if (!Number.isSafeInteger(offset))
        throw new ConnectorError(
          'INVALID_REQUEST',
          `Cursor ${JSON.stringify(query.cursor)} is not one this connector issued.`,
        );
      const matching = query.fromDate
        ? statement.transactions.filter((transaction) => transaction.bookingDate >= query.fromDate!)
        : statement.transactions;
      const transactions = matching.slice(offset, offset + pageSize);
      context.heartbeat({
        page: Math.floor(offset / pageSize) + 1,
        transactions: offset + transactions.length,
      });
      const next = offset + transactions.length;
      return { transactions, nextCursor: next < matching.length ? `o${next}` : null };
    },

    // Nothing to withdraw at a source; the platform deletes the stored upload.
    async revoke() {},
  };
}
