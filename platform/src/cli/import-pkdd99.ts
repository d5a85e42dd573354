// `cli.js import-pkdd99`: the PKDD'99 Czech bank dataset imported as a whole test tenant, through the
// platform's own services: customers without a login, a consent the bank records on import, and one
// statement upload + `statement-file` connection per owned account, synced by the ordinary sync path.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  type Pkdd99Customer,
  parseStatementFile,
  pkdd99Directory,
  Pkdd99DataError,
  readPkdd99Customers,
  splitPkdd99Transactions,
} from '@finpersona/connector-statements';
import { maxStatementBytes, StatementImportsService, SyncService } from '../accounts';
import { createBankImportContext } from '../api';
import { AuditService } from '../audit';
import { loadBankImportConfig } from '../config';
import { ConsentsService } from '../consents';
import { CustomersService, SourceRecordErased } from '../customers';
import { EntityManagerScope } from '../database';
import { createRequestContext, runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import type { CliIo } from './run-cli';

/** The files the import reads, in the dataset's folder. */
export const pkdd99Files = ['client.asc', 'disp.asc', 'account.asc', 'trans.asc'] as const;

/** Attribution the dataset's README asks for wherever it is used; kept in every consent's proof. */
export const pkdd99Dataset =
  "PKDD'99 Discovery Challenge financial data (a Czech bank, 1993-1998), prepared by Petr Berka and Marta Sochorova";

export interface ImportPkdd99Options {
  tenant: string;
  /** The folder holding the PKDD'99 files; default `pkdd99Directory()` (`FINPERSONA_SHARED_DATA`, else `../shared/data`). */
  dataDir: string | undefined;
  /** Only the first N owners (clients owning at least one account), in `client.asc` order. */
  limit: number | undefined;
  /** Wait until the first sync of every connection made by this run has finished (default true). */
  wait: boolean;
}

/** How long the wait for syncs may see no progress before it gives up (no worker polling, say). */
export const syncStallSeconds = 300;

/** The command line's options, or the problem with them (exit 2). */
export function parseImportPkdd99Args(args: readonly string[]): ImportPkdd99Options | { problem: string } {
  const options: ImportPkdd99Options = { tenant: '', dataDir: undefined, limit: undefined, wait: true };
  for (let index = 0; index < args.length; index += 1) {
    const name = args[index]!;
    if (name === '--no-wait') {
      options.wait = false;
      continue;
    }
    if (name !== '--tenant' && name !== '--data-dir' && name !== '--limit') {
      return { problem: `does not take "${name}"` };
    }
    const value = args[index + 1];
    if (value === undefined || value === '' || value.startsWith('--')) {
      return { problem: `${name} needs a value` };
    }
    index += 1;
    if (name === '--tenant') options.tenant = value;
    else if (name === '--data-dir') options.dataDir = value;
    else {
      if (!/^[1-9][0-9]{0,8}$/.test(value)) {
        return { problem: `--limit must be a whole number of customers, at least 1 (got "${value}")` };
      }
      options.limit = Number(value);
    }
  }
  if (options.tenant === '') return { problem: 'needs --tenant <slug>' };
  return options;
}

/** One owner to import, with the statement file of each owned account that has lines in `trans.asc`. */
interface PlannedCustomer {
  clientId: string;
  accounts: { accountId: string; file: Uint8Array; lines: number }[];
  /** Owned accounts without a line in this copy of `trans.asc`: no statement to import. */
  accountsWithoutLines: number;
}

/**
 * Reads and checks the whole selection before anything is written: every file present, every owner's
 * account file parsed by the `pkdd99` preset with no problem and within the statement size limit. Throws
 * `Pkdd99DataError` with what is wrong.
 */
export async function planPkdd99Import(
  directory: string,
  limit: number | undefined,
): Promise<PlannedCustomer[]> {
  const missing = pkdd99Files.filter((file) => !existsSync(join(directory, file)));
  if (missing.length > 0) {
    throw new Pkdd99DataError(
      `The PKDD'99 data at ${directory} is incomplete: ${missing.join(', ')} missing. Pass --data-dir <folder holding ${pkdd99Files.join(', ')}>, or set FINPERSONA_SHARED_DATA to the folder holding pkdd99/.`,
    );
  }
  const owners = readPkdd99Customers(directory).filter((customer) => customer.ownedAccounts.length > 0);
  const selected: Pkdd99Customer[] = limit === undefined ? owners : owners.slice(0, limit);
  const accountIds = new Set(selected.flatMap((customer) => customer.ownedAccounts.map((a) => a.accountId)));
  const files = splitPkdd99Transactions(readFileSync(join(directory, 'trans.asc')), accountIds);
  const plan: PlannedCustomer[] = [];
  for (const customer of selected) {
    const accounts: PlannedCustomer['accounts'] = [];
    for (const account of customer.ownedAccounts) {
      const file = files.get(account.accountId);
      if (!file) continue;
      if (file.byteLength > maxStatementBytes) {
        throw new Pkdd99DataError(
          `trans.asc: account ${account.accountId} has ${file.byteLength} bytes of lines, over the ${maxStatementBytes}-byte statement limit.`,
        );
      }
      const parsed = await parseStatementFile(file, 'csv', 'pkdd99');
      if (!parsed.ok) {
        const first = parsed.errors[0]!;
        throw new Pkdd99DataError(
          `trans.asc: the lines of account ${account.accountId} do not parse with the pkdd99 preset (${parsed.errors.length} problem(s); first: line ${first.line ?? '?'} of that account's file, ${first.field ?? 'line'}: ${first.message}).`,
        );
      }
      const lines = parsed.statements.reduce((sum, statement) => sum + statement.transactions.length, 0);
      accounts.push({ accountId: account.accountId, file, lines });
    }
    plan.push({
      clientId: customer.client.clientId,
      accounts,
      accountsWithoutLines: customer.ownedAccounts.length - accounts.length,
    });
  }
  return plan;
}

interface Tally {
  customersCreated: number;
  customersExisting: number;
  /** Clients erased at their request (GDPR Art. 17): not imported, nothing written for them. */
  customersErased: number;
  consentsRecorded: number;
  consentsLive: number;
  accountsConnected: number;
  accountsAlreadyImported: number;
  accountsWithoutLines: number;
  lines: number;
}

/**
 * Imports the PKDD'99 owners into `--tenant` (see `platform/README.md`, "Command line"). Every check of
 * the input (options, files, every account's file, configuration, the tenant) runs before the first
 * write, so bad input changes nothing. Each customer is one unit of work (customer, consent, account
 * files) committed as a whole, after which its syncs start. Progress on stderr, the summary on stdout.
 */
export async function importPkdd99(args: readonly string[], io: CliIo, usage: string): Promise<number> {
  const options = parseImportPkdd99Args(args);
  if ('problem' in options) {
    io.err(`import-pkdd99 ${options.problem}\n\n${usage}`);
    return 2;
  }
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  let directory: string;
  let plan: PlannedCustomer[];
  try {
    directory = options.dataDir ?? pkdd99Directory();
    plan = await planPkdd99Import(directory, options.limit);
  } catch (error) {
    if (!(error instanceof Pkdd99DataError)) throw error;
    io.err(`import-pkdd99 failed: ${error.message} Nothing was imported.`);
    return 1;
  }
  const accountsPlanned = plan.reduce((sum, customer) => sum + customer.accounts.length, 0);
  io.err(
    `Read ${directory}: ${plan.length} customer(s) owning ${accountsPlanned} account(s) with lines in trans.asc (${elapsed()}).`,
  );

  const context = await createBankImportContext({ config: loadBankImportConfig(io.env), logger: ['error'] });
  try {
    const found = await context.get(TenancyService).findBySlug(options.tenant);
    if (!found) {
      io.err(`import-pkdd99 failed: no tenant with slug "${options.tenant}". Nothing was imported.`);
      return 1;
    }
    if (found.status !== 'ACTIVE') {
      io.err(
        `import-pkdd99 failed: tenant "${options.tenant}" is ${found.status}; only an active bank's syncs run. Nothing was imported.`,
      );
      return 1;
    }
    const tenant = tenantRef(found);
    const runId = randomUUID();
    const scope = context.get(EntityManagerScope);
    const customers = context.get(CustomersService);
    const consents = context.get(ConsentsService);
    const statements = context.get(StatementImportsService);
    const command = `import-pkdd99 --tenant ${options.tenant}${options.limit ? ` --limit ${options.limit}` : ''}`;
    const tally: Tally = {
      customersCreated: 0,
      customersExisting: 0,
      customersErased: 0,
      consentsRecorded: 0,
      consentsLive: 0,
      accountsConnected: 0,
      accountsAlreadyImported: 0,
      accountsWithoutLines: 0,
      lines: 0,
    };
    const connected: string[] = [];
    let accountsOfErased = 0;
    let lastProgress = performance.now();
    for (const [index, planned] of plan.entries()) {
      // A request-like unit per customer (system actor, request id of the run): committed as a whole,
      // then the ordinary after-commit work starts its syncs. The client number stays out of ids and logs.
      // A client erased at their request is refused before anything is written: the unit rolls back empty.
      const imported = await scope
        .run(unitOfWork(`cli-import-pkdd99-${runId}-${index + 1}`, tenant), async () => {
          const customer = await customers.upsertBankImported({
            sourceRef: `pkdd99:client:${planned.clientId}`,
            displayName: `PKDD'99 client ${planned.clientId}`,
          });
          tally[customer.created ? 'customersCreated' : 'customersExisting'] += 1;
          const { consent, created } = await consents.recordBankImport(customer.id, {
            dataset: pkdd99Dataset,
            files: [...pkdd99Files],
            records: "this client's OWNER dispositions (disp.asc) and their accounts' lines (trans.asc)",
            command,
            runId,
          });
          tally[created ? 'consentsRecorded' : 'consentsLive'] += 1;
          for (const account of planned.accounts) {
            const result = await statements.importForCustomer(customer.id, {
              consentId: consent.id,
              format: 'csv',
              mapping: 'pkdd99',
              fileName: `trans-account-${account.accountId}.asc`,
              content: Buffer.from(account.file).toString('base64'),
            });
            if (result.alreadyImported) tally.accountsAlreadyImported += 1;
            else {
              tally.accountsConnected += 1;
              connected.push(result.connection.id);
            }
            tally.lines += account.lines;
          }
          tally.accountsWithoutLines += planned.accountsWithoutLines;
          return true;
        })
        .catch((error: unknown) => {
          if (error instanceof SourceRecordErased) return false;
          throw error;
        });
      if (!imported) {
        tally.customersErased += 1;
        accountsOfErased += planned.accounts.length;
      }
      if (performance.now() - lastProgress > 5000 || index + 1 === plan.length) {
        lastProgress = performance.now();
        const accountsDone = tally.accountsConnected + tally.accountsAlreadyImported + accountsOfErased;
        io.err(
          `  customers ${index + 1}/${plan.length}, accounts ${accountsDone}/${accountsPlanned}, ${elapsed()}`,
        );
      }
    }
    const importSeconds = (performance.now() - started) / 1000;
    await scope.run(unitOfWork(`cli-import-pkdd99-${runId}`, tenant), () =>
      context.get(AuditService).record({
        action: 'bank-import.pkdd99',
        resourceType: 'tenant',
        resourceId: tenant.id,
        changes: { dataset: 'PKDD99', limit: options.limit ?? null, runId, ...tally },
      }),
    );

    let synced: Awaited<ReturnType<SyncService['progressOf']>> | null = null;
    if (options.wait && connected.length > 0) {
      synced = await waitForSyncs(context.get(SyncService), tenant, connected, io, elapsed);
    }
    const seconds = (performance.now() - started) / 1000;
    io.out(
      [
        `Imported PKDD'99 into tenant ${options.tenant} in ${seconds.toFixed(1)} s (${pkdd99Dataset}):`,
        `  customers: ${plan.length} (${tally.customersCreated} created, ${tally.customersExisting} already there${tally.customersErased > 0 ? `, ${tally.customersErased} erased` : ''})`,
        ...(tally.customersErased > 0
          ? [
              `  ${tally.customersErased === 1 ? '1 client was erased at their request and was not imported' : `${tally.customersErased} clients were erased at their request and were not imported`} (GDPR Art. 17; ${accountsOfErased} of their account(s) not imported)`,
            ]
          : []),
        `  consents: ${tally.consentsRecorded} bank-import aggregation consent(s) recorded, ${tally.consentsLive} already live`,
        `  accounts: ${accountsPlanned} with lines in trans.asc (${tally.accountsConnected} connected, ${tally.accountsAlreadyImported} already imported); ${tally.accountsWithoutLines} without any line in this copy`,
        `  lines: ${tally.lines} in the accounts' files; import ${importSeconds.toFixed(1)} s, ${rate(plan.length, importSeconds)} customers/s`,
        synced === null
          ? `  syncs: ${connected.length} started${options.wait ? '' : ' (not waited for: --no-wait)'}`
          : `  syncs: ${synced.finished}/${connected.length} finished (${synced.unsuccessful} not succeeded); ${synced.transactions} transactions stored, ${rate(synced.transactions, seconds)} transactions/s end to end`,
      ].join('\n'),
    );
    return synced !== null && (synced.unsuccessful > 0 || synced.finished < connected.length) ? 1 : 0;
  } finally {
    await context.close();
  }
}

/** Waits until every connection has a finished sync run; gives up after `syncStallSeconds` without progress. */
async function waitForSyncs(
  syncs: SyncService,
  tenant: TenantRef,
  connectionIds: readonly string[],
  io: CliIo,
  elapsed: () => string,
): Promise<Awaited<ReturnType<SyncService['progressOf']>>> {
  let progress = await runAsTenant(tenant, () => syncs.progressOf(connectionIds));
  let lastChange = performance.now();
  let lastPrinted = -1;
  while (progress.finished < connectionIds.length) {
    if (progress.finished !== lastPrinted) {
      io.err(
        `  syncs ${progress.finished}/${connectionIds.length}, ${progress.transactions} transactions, ${elapsed()}`,
      );
      lastPrinted = progress.finished;
    }
    if ((performance.now() - lastChange) / 1000 > syncStallSeconds) {
      io.err(
        `import-pkdd99: ${connectionIds.length - progress.finished} sync(s) made no progress for ${syncStallSeconds} s; is a worker polling the task queue (TEMPORAL_TASK_QUEUE)? The imported data is committed; the syncs run when a worker takes them.`,
      );
      return progress;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const next = await runAsTenant(tenant, () => syncs.progressOf(connectionIds));
    if (next.finished !== progress.finished || next.transactions !== progress.transactions) {
      lastChange = performance.now();
    }
    progress = next;
  }
  io.err(
    `  syncs ${progress.finished}/${connectionIds.length}, ${progress.transactions} transactions, ${elapsed()}`,
  );
  return progress;
}

/** A request-like context for one unit of the import: the tenant, no principal (the system acts). */
function unitOfWork(requestId: string, tenant: TenantRef) {
  const context = createRequestContext({ requestId });
  context.tenant = tenant;
  return context;
}

function rate(count: number, seconds: number): string {
  return seconds > 0 ? (count / seconds).toFixed(1) : '-';
}
