import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { TransactionPage } from '@finpersona/plugin-sdk';
import { ConsentClock, isConsentLive } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { CategorisationService, categorisableTransaction, cleanMerchantName } from '../enrichment';
import { Conflict, NotFound } from '../errors';
import { requireContext } from '../request-context';
import {
  type CheckedBalance,
  checkAccount,
  checkBalance,
  checkBatch,
  checkTransaction,
} from './ingest-validation';
import { type IngestReport, maxRejectionsReported, type Rejection } from './sync-contract';
import { encodeCounterparty, encodeIdentifiers, maskIdentifier } from './transactions.fields';

/** The connection row a write or a source call is checked against (locked while a batch is stored). */
export interface ConnectionState {
  id: string;
  customerId: string;
  connector: string;
  status: string;
  grantEnc: string | null;
  syncCursor: Record<string, string | null>;
  consent: { status: 'granted' | 'revoked' | 'expired'; expiresAt: Date | null; renewalDueAt: Date | null };
}

/** Why processing under a connection may not go on: `null` when it may. */
export function connectionStopReason(state: ConnectionState, now: Date): string | null {
  if (state.status !== 'active') return `connection-${state.status}`;
  if (!isConsentLive(state.consent, now)) return 'consent-not-live';
  return null;
}

interface ConnectionRow {
  id: string;
  customer_id: string;
  connector: string;
  status: string;
  grant_enc: string | null;
  sync_cursor: Record<string, string | null>;
  consent_status: ConnectionState['consent']['status'];
  // Raw SQL (em.execute) returns timestamps as strings.
  expires_at: string | Date | null;
  renewal_due_at: string | Date | null;
  account_id?: string | null;
}

/** Reads (optionally locks) a connection of the current tenant with its consent; row-level security applies. */
export async function readConnection(
  em: EntityManager,
  connectionId: string,
  options: { lock: boolean },
): Promise<ConnectionState | null> {
  const [row] = await em.execute<ConnectionRow[]>(
    `select c.id, c.customer_id, c.connector, c.status, c.grant_enc, c.sync_cursor,
            k.status as consent_status, k.expires_at, k.renewal_due_at
       from connection c join consent k on k.id = c.consent_id
      where c.id = ?${options.lock ? ' for update of c' : ''}`,
    [connectionId],
  );
  return row ? stateOf(row) : null;
}

function dateOrNull(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
}

function stateOf(row: ConnectionRow): ConnectionState {
  return {
    id: row.id,
    customerId: row.customer_id,
    connector: row.connector,
    status: row.status,
    grantEnc: row.grant_enc,
    syncCursor: row.sync_cursor ?? {},
    consent: {
      status: row.consent_status,
      expiresAt: dateOrNull(row.expires_at),
      renewalDueAt: dateOrNull(row.renewal_due_at),
    },
  };
}

/**
 * A fresh pass over an account asks the source for transactions booked since the latest stored booking
 * date minus this many days: pending transactions get booked (and sources correct recent ones) within
 * days, so the overlap is re-read and upserted (unchanged rows cost no write); older history is not.
 */
export const refetchOverlapDays = 10;

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function emptyReport(): IngestReport {
  return { inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejections: [] };
}

function withRejections(
  report: Omit<IngestReport, 'rejected' | 'rejections'>,
  rejections: Rejection[],
): IngestReport {
  return { ...report, rejected: rejections.length, rejections: rejections.slice(0, maxRejectionsReported) };
}

/** The stored account ids of a connection, by source account id. */
export interface StoredAccounts {
  report: IngestReport;
  accounts: {
    sourceAccountId: string;
    accountId: string;
    /** Where the last sync stopped in this account's pages (null: start a fresh pass). */
    cursor: string | null;
    /** For a fresh pass: ask the source from this booking date (latest stored minus `refetchOverlapDays`). */
    fromDate: string | null;
  }[];
}

/**
 * Stores what connectors return for a connection of the current tenant (from the request context or
 * `runAsTenant`): accounts, an account's balances, and one page of transactions at a time.
 *
 * - **Atomic per batch**: each call is one database transaction. A page of transactions is stored
 *   together with that account's cursor in `connection.sync_cursor`, so a crash leaves the page and its
 *   cursor, or neither.
 * - **Idempotent**: rows are upserted by (connection, source id) / (account, source id) with
 *   `insert … on conflict … do update … where <something changed>`: the clear columns are compared and
 *   personal plaintext through its keyed fingerprint (`personal_fingerprint`), so storing the same data
 *   again writes nothing (not even `updated_at`) and is reported `unchanged`. Ciphertext is rewritten only
 *   when the plaintext changed.
 * - **Validated**: records breaking the SDK contract (money, dates, enums, lengths, repeated source ids)
 *   are rejected with field and rule (never their values); the rest of the batch is stored.
 * - **Encrypted**: counterparty, description, identifiers and holder name under the customer's data key,
 *   one key look-up per batch.
 * - **Serialised per connection**: the connection row is locked (`for update`) for the batch, which is
 *   what makes the look-up of existing rows and the upsert consistent (a row id must be known before its
 *   values are encrypted), and a batch is refused (`CONFLICT`) once the connection is not active or its
 *   consent is not live: nothing reaches the tables after a revocation has committed.
 * - A constant number of round trips per batch, whatever its size (lock, key look-ups, existing rows, one
 *   upsert statement that also moves the cursor).
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    /** Liveness is judged at the consents' "now", the time their deadlines are written in. */
    private readonly clock: ConsentClock,
    private readonly categorisation: CategorisationService,
  ) {}

  /** Stores the connection's accounts; returns the account id of each stored one with its saved cursor. */
  async storeAccounts(connectionId: string, accounts: readonly unknown[]): Promise<StoredAccounts> {
    const tenantId = this.tenantId();
    return this.em.transactional(async (em) => {
      const connection = await this.lockedLiveConnection(em, connectionId);
      const { valid, rejections } = checkBatch(accounts, checkAccount);
      if (valid.length === 0) return { report: withRejections(emptyReport(), rejections), accounts: [] };

      const { rows, sealedValue } = await this.planRows(em, {
        customerId: connection.customerId,
        table: 'account',
        parent: { column: 'connection_id', id: connectionId },
        items: valid,
        personal: (account) => ({
          identifiers_enc:
            account.identifiers.length > 0 ? encodeIdentifiers(account.identifiers) : undefined,
          holder_name_enc: account.holderName,
        }),
      });
      const payload = rows.map(({ item: account, id, fingerprint }) => ({
        id,
        source_id: account.sourceId,
        type: account.type,
        currency: account.currency,
        name: account.name ?? null,
        identifiers_enc: sealedValue(id, 'identifiers_enc'),
        masked_identifier: maskIdentifier(account.identifiers),
        holder_name_enc: sealedValue(id, 'holder_name_enc'),
        opened_on: account.openedOn ?? null,
        personal_fingerprint: fingerprint,
      }));
      const [counts] = await em.execute<{ inserted: string; updated: string }[]>(
        `with incoming as (
           select * from jsonb_to_recordset(?::jsonb) as r(
             id uuid, source_id text, type text, currency text, name text, identifiers_enc text,
             masked_identifier text, holder_name_enc text, opened_on date, personal_fingerprint text)
         ), written as (
           insert into account as t (id, tenant_id, customer_id, connection_id, source_id, type, currency, name,
                                     identifiers_enc, masked_identifier, holder_name_enc, opened_on, personal_fingerprint)
           select id, ?, ?, ?, source_id, type, currency, name, identifiers_enc, masked_identifier, holder_name_enc,
                  opened_on, personal_fingerprint
             from incoming
           on conflict (connection_id, source_id) do update set
             type = excluded.type, currency = excluded.currency, name = excluded.name,
             masked_identifier = excluded.masked_identifier, opened_on = excluded.opened_on,
             identifiers_enc = ${keepUnlessPersonalChanged('identifiers_enc')},
             holder_name_enc = ${keepUnlessPersonalChanged('holder_name_enc')},
             personal_fingerprint = excluded.personal_fingerprint, updated_at = now()
           where (t.type, t.currency, t.name, t.masked_identifier, t.opened_on, t.personal_fingerprint)
                 is distinct from
                 (excluded.type, excluded.currency, excluded.name, excluded.masked_identifier, excluded.opened_on,
                  excluded.personal_fingerprint)
           returning (xmax = 0) as inserted
         )
         select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated
           from written`,
        [JSON.stringify(payload), tenantId, connection.customerId, connectionId],
      );
      const inserted = Number(counts!.inserted);
      const updated = Number(counts!.updated);
      const latest = await em.execute<{ account_id: string; from_date: string | null }[]>(
        `select a.id as account_id,
                ((select max(booking_date) from account_transaction t where t.account_id = a.id)
                   - ?::int)::text as from_date
           from account a where a.connection_id = ?`,
        [refetchOverlapDays, connectionId],
      );
      const fromDates = new Map(latest.map((row) => [row.account_id, row.from_date]));
      return {
        report: withRejections(
          { inserted, updated, unchanged: valid.length - inserted - updated },
          rejections,
        ),
        accounts: rows.map(({ item: account, id }) => ({
          sourceAccountId: account.sourceId,
          accountId: id,
          cursor: connection.syncCursor[account.sourceId] ?? null,
          fromDate: fromDates.get(id) ?? null,
        })),
      };
    });
  }

  /** Stores an account's balances, upserted by (account, type, as-of); a balance carries no personal data. */
  async storeBalances(
    connectionId: string,
    sourceAccountId: string,
    balances: readonly unknown[],
  ): Promise<IngestReport> {
    const tenantId = this.tenantId();
    return this.em.transactional(async (em) => {
      const connection = await this.lockedLiveConnection(em, connectionId);
      const accountId = await this.accountIdOf(em, connectionId, sourceAccountId);
      const rejections: Rejection[] = [];
      const valid: CheckedBalance[] = [];
      const seen = new Set<string>();
      balances.forEach((raw, index) => {
        const checked = checkBalance(raw, index, sourceAccountId);
        if (!checked.ok) return void rejections.push(checked.rejection);
        const key = `${checked.value.type}@${checked.value.asOf.toISOString()}`;
        if (seen.has(key)) {
          return void rejections.push({
            sourceId: null,
            index,
            field: 'asOf',
            problem: 'repeats an earlier balance of this type and time',
          });
        }
        seen.add(key);
        valid.push(checked.value);
      });
      if (valid.length === 0) return withRejections(emptyReport(), rejections);
      const payload = valid.map((balance) => ({
        id: randomUUID(),
        type: balance.type,
        amount_minor: balance.amount.minor,
        currency: balance.amount.currency,
        as_of: balance.asOf.toISOString(),
        credit_limit_minor: balance.creditLimit?.minor ?? null,
      }));
      const [counts] = await em.execute<{ inserted: string; updated: string }[]>(
        `with written as (
           insert into balance as t (id, tenant_id, customer_id, account_id, type, amount_minor, currency, as_of,
                                     credit_limit_minor)
           select id, ?, ?, ?, type, amount_minor, currency, as_of, credit_limit_minor
             from jsonb_to_recordset(?::jsonb) as r(id uuid, type text, amount_minor bigint, currency text,
                                                    as_of timestamptz, credit_limit_minor bigint)
           on conflict (account_id, type, as_of) do update set
             amount_minor = excluded.amount_minor, currency = excluded.currency,
             credit_limit_minor = excluded.credit_limit_minor
           where (t.amount_minor, t.currency, t.credit_limit_minor)
                 is distinct from (excluded.amount_minor, excluded.currency, excluded.credit_limit_minor)
           returning (xmax = 0) as inserted
         )
         select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated
           from written`,
        [tenantId, connection.customerId, accountId, JSON.stringify(payload)],
      );
      const inserted = Number(counts!.inserted);
      const updated = Number(counts!.updated);
      return withRejections({ inserted, updated, unchanged: valid.length - inserted - updated }, rejections);
    });
  }

  /**
   * Stores one page of an account's transactions and, in the same transaction, sets the account's cursor
   * in `connection.sync_cursor` to `page.nextCursor` (null once the last page is stored: the next sync
   * starts a fresh pass).
   */
  async storeTransactionPage(
    connectionId: string,
    sourceAccountId: string,
    page: TransactionPage,
  ): Promise<IngestReport> {
    const tenantId = this.tenantId();
    if (page.nextCursor !== null && typeof page.nextCursor !== 'string') {
      throw new TypeError('nextCursor must be a string or null');
    }
    return this.em.transactional(async (em) => {
      const connection = await this.lockedLiveConnection(em, connectionId);
      const accountId = await this.accountIdOf(em, connectionId, sourceAccountId);
      const raws = Array.isArray(page.transactions) ? page.transactions : [];
      const { valid, rejections } = checkBatch(raws, (raw, index) =>
        checkTransaction(raw, index, sourceAccountId),
      );

      const { rows, sealedValue } = await this.planRows(em, {
        customerId: connection.customerId,
        table: 'account_transaction',
        parent: { column: 'account_id', id: accountId },
        items: valid,
        personal: (transaction) => ({
          counterparty_enc: transaction.counterparty
            ? encodeCounterparty(transaction.counterparty)
            : undefined,
          description_enc: transaction.description,
        }),
      });
      // Categorised here, while the personal text is plaintext (it is stored encrypted); the customer's
      // own rules apply over the bank's categoriser.
      const decisions = await this.categorisation.categoriseForCustomer(
        em,
        rows.map(({ item }) => ({ ...categorisableTransaction(item), accountId })),
        connection.customerId,
      );
      const payload = rows.map(({ item: t, id, fingerprint }, index) => ({
        id,
        source_id: t.sourceId,
        amount_minor: t.amount.minor,
        currency: t.amount.currency,
        direction: t.direction,
        status: t.status,
        booking_date: t.bookingDate,
        value_date: t.valueDate ?? null,
        counterparty_enc: sealedValue(id, 'counterparty_enc'),
        description_enc: sealedValue(id, 'description_enc'),
        merchant_name: t.merchant?.name ?? null,
        mcc: t.merchant?.mcc ?? null,
        source_code: t.sourceCode ?? null,
        balance_after_minor: t.balanceAfter?.minor ?? null,
        personal_fingerprint: fingerprint,
        merchant_display_name: t.merchant?.name ? cleanMerchantName(t.merchant.name) || null : null,
        category: decisions[index]?.category ?? null,
        category_source: decisions[index]?.source ?? null,
        category_confidence: decisions[index]?.confidence ?? null,
        category_rule_id: decisions[index]?.ruleId ?? null,
      }));
      // One statement: the upsert and the cursor move (a data-modifying CTE always runs to completion).
      const [counts] = await em.execute<{ inserted: string; updated: string }[]>(
        `with incoming as (
           select * from jsonb_to_recordset(?::jsonb) as r(
             id uuid, source_id text, amount_minor bigint, currency text, direction text, status text,
             booking_date date, value_date date, counterparty_enc text, description_enc text, merchant_name text,
             mcc text, source_code text, balance_after_minor bigint, personal_fingerprint text,
             merchant_display_name text, category text, category_source text, category_confidence real,
             category_rule_id uuid)
         ), written as (
           insert into account_transaction as t (
             id, tenant_id, customer_id, account_id, source_id, amount_minor, currency, direction, status,
             booking_date, value_date, counterparty_enc, description_enc, merchant_name, mcc, source_code,
             balance_after_minor, personal_fingerprint, merchant_display_name, category, category_source,
             category_confidence, category_rule_id)
           select id, ?, ?, ?, source_id, amount_minor, currency, direction, status, booking_date, value_date,
                  counterparty_enc, description_enc, merchant_name, mcc, source_code, balance_after_minor,
                  personal_fingerprint, merchant_display_name, category, category_source, category_confidence,
                  category_rule_id
             from incoming
           on conflict (account_id, source_id) do update set
             amount_minor = excluded.amount_minor, currency = excluded.currency, direction = excluded.direction,
             status = excluded.status, booking_date = excluded.booking_date, value_date = excluded.value_date,
             merchant_name = excluded.merchant_name, mcc = excluded.mcc, source_code = excluded.source_code,
             balance_after_minor = excluded.balance_after_minor,
             counterparty_enc = ${keepUnlessPersonalChanged('counterparty_enc')},
             description_enc = ${keepUnlessPersonalChanged('description_enc')},
             personal_fingerprint = excluded.personal_fingerprint,
             merchant_display_name = excluded.merchant_display_name,
             category = ${unlessCustomerChose('category')},
             category_source = ${unlessCustomerChose('category_source')},
             category_confidence = ${unlessCustomerChose('category_confidence')},
             category_rule_id = ${unlessCustomerChose('category_rule_id')},
             updated_at = now()
           where (t.amount_minor, t.currency, t.direction, t.status, t.booking_date, t.value_date, t.merchant_name,
                  t.mcc, t.source_code, t.balance_after_minor, t.personal_fingerprint, t.merchant_display_name)
                 is distinct from
                 (excluded.amount_minor, excluded.currency, excluded.direction, excluded.status, excluded.booking_date,
                  excluded.value_date, excluded.merchant_name, excluded.mcc, excluded.source_code,
                  excluded.balance_after_minor, excluded.personal_fingerprint, excluded.merchant_display_name)
              or (t.category_source is distinct from 'customer'
                  and (t.category, t.category_source, t.category_confidence, t.category_rule_id)
                      is distinct from (excluded.category, excluded.category_source, excluded.category_confidence,
                                        excluded.category_rule_id))
           returning (xmax = 0) as inserted
         ), cursor_moved as (
           update connection set sync_cursor = jsonb_set(sync_cursor, array[?::text], ?::jsonb)
            where id = ? and sync_cursor -> ? is distinct from ?::jsonb
         )
         select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated
           from written`,
        [
          JSON.stringify(payload),
          tenantId,
          connection.customerId,
          accountId,
          sourceAccountId,
          JSON.stringify(page.nextCursor),
          connectionId,
          sourceAccountId,
          JSON.stringify(page.nextCursor),
        ],
      );
      const inserted = Number(counts!.inserted);
      const updated = Number(counts!.updated);
      return withRejections({ inserted, updated, unchanged: valid.length - inserted - updated }, rejections);
    });
  }

  /** The connection, locked for this batch; CONFLICT when it is not active or its consent is not live. */
  private async lockedLiveConnection(em: EntityManager, connectionId: string): Promise<ConnectionState> {
    const connection = uuidPattern.test(connectionId)
      ? await readConnection(em, connectionId, { lock: true })
      : null;
    if (!connection) throw new NotFound(`No connection with id "${connectionId}".`);
    const stop = connectionStopReason(connection, this.clock.now());
    if (stop) {
      throw new Conflict(
        `Nothing is stored for this connection any more (${stop}); the customer must reconnect.`,
        {
          details: { reason: stop },
        },
      );
    }
    return connection;
  }

  private async accountIdOf(
    em: EntityManager,
    connectionId: string,
    sourceAccountId: string,
  ): Promise<string> {
    const [row] = await em.execute<{ id: string }[]>(
      `select id from account where connection_id = ? and source_id = ?`,
      [connectionId, sourceAccountId],
    );
    if (!row)
      throw new NotFound("No such account on this connection; store the connection's accounts first.");
    return row.id;
  }

  /**
   * Row ids and personal fields of a batch: existing rows (same parent and source id) keep their id, new
   * ones get a fresh one (ciphertext is bound to its row id, so ids come first); the personal plaintext of
   * each item is fingerprinted, and encrypted only where the fingerprint differs from the stored one (new
   * rows, changed plaintext). Two key look-ups and one query, whatever the batch size.
   */
  private async planRows<T extends { sourceId: string }>(
    em: EntityManager,
    batch: {
      customerId: string;
      table: 'account' | 'account_transaction';
      parent: { column: 'connection_id' | 'account_id'; id: string };
      items: readonly T[];
      /** Personal plaintext per ciphertext column (undefined: the column stays null). */
      personal: (item: T) => Record<string, string | undefined>;
    },
  ): Promise<{
    rows: { item: T; id: string; fingerprint: string }[];
    sealedValue: (rowId: string, column: string) => string | null;
  }> {
    if (batch.items.length === 0) return { rows: [], sealedValue: () => null };
    const personal = batch.items.map((item) => batch.personal(item));
    // Canonical: column names sorted, absent values as null.
    const canonical = personal.map((fields) =>
      JSON.stringify(
        Object.keys(fields)
          .sort()
          .map((column) => [column, fields[column] ?? null]),
      ),
    );
    const fingerprints = await this.encryption.fingerprintsForCustomer(
      batch.customerId,
      batch.table,
      canonical,
    );
    const stored = await em.execute<{ id: string; source_id: string; personal_fingerprint: string | null }[]>(
      `select id, source_id, personal_fingerprint from ${batch.table}
        where ${batch.parent.column} = ? and source_id in (select jsonb_array_elements_text(?::jsonb))`,
      [batch.parent.id, JSON.stringify(batch.items.map((item) => item.sourceId))],
    );
    const existing = new Map(stored.map((row) => [row.source_id, row]));
    const rows = batch.items.map((item, index) => ({
      item,
      id: existing.get(item.sourceId)?.id ?? randomUUID(),
      fingerprint: fingerprints[index]!,
    }));
    const values = rows.flatMap(({ item, id, fingerprint }, index) =>
      existing.get(item.sourceId)?.personal_fingerprint === fingerprint
        ? []
        : Object.entries(personal[index]!).flatMap(([column, plaintext]) =>
            plaintext === undefined
              ? []
              : [{ address: { table: batch.table, column, rowId: id }, plaintext }],
          ),
    );
    const sealed =
      values.length === 0 ? [] : await this.encryption.encryptForCustomer(batch.customerId, values);
    const byAddress = new Map(
      values.map(({ address }, index) => [`${address.rowId}:${address.column}`, sealed[index]!]),
    );
    return { rows, sealedValue: (rowId, column) => byAddress.get(`${rowId}:${column}`) ?? null };
  }

  private tenantId(): string {
    const tenant = requireContext().tenant;
    if (!tenant)
      throw new Error('Ingestion needs a tenant: call it in a request for a tenant or runAsTenant()');
    return tenant.id;
  }
}

/** A customer's own category (`category_source = 'customer'`) is kept: no sync or model overwrites it. */
function unlessCustomerChose(column: string): string {
  return `case when t.category_source = 'customer' then t.${column} else excluded.${column} end`;
}

/** Ciphertext is replaced only when the personal plaintext changed (otherwise the incoming value is null). */
function keepUnlessPersonalChanged(column: string): string {
  return `case when t.personal_fingerprint is distinct from excluded.personal_fingerprint
               then excluded.${column} else t.${column} end`;
}
