import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { TransactionDirection, TransactionStatus } from '@finpersona/plugin-sdk';
import { callerIsBankStaff } from '../access';
import { AuditService } from '../audit';
import { FieldEncryptionService } from '../crypto';
import { callerCustomerId } from '../customers';
import { type FieldProblem, Invalid } from '../errors';
import { afterDayCursorDescending, type DayCursor, decodeDayCursor, encodeDayCursor } from '../pagination';
import { requireContext } from '../request-context';
import { AccountTransaction } from './account-transaction.entity';
import { uuidPattern } from './ingest.service';
import { decodeCounterparty, personalField } from './transactions.fields';

export const maxTransactionPageSize = 100;

export interface TransactionFilter {
  accountId?: string | null;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  bookedFrom?: string | null;
  bookedTo?: string | null;
  direction?: TransactionDirection | null;
  /** Non-negative integer minor units as decimal strings, inclusive. */
  minAmountMinor?: string | null;
  maxAmountMinor?: string | null;
  status?: TransactionStatus | null;
}

/** A transaction with its personal fields decrypted: what the API hands out, never stored as is. */
export interface TransactionRecord {
  id: string;
  accountId: string;
  amountMinor: string;
  currency: string;
  direction: TransactionDirection;
  status: TransactionStatus;
  bookingDate: string;
  valueDate: string | null;
  counterparty: { name: string | null; account: string | null } | null;
  description: string | null;
  merchantName: string | null;
  /** The merchant's name cleaned for display. */
  merchantDisplayName: string | null;
  mcc: string | null;
  /** Enrichment: the category id, who decided it and how sure (`enrichment/`). */
  category: string | null;
  categorySource: string | null;
  categoryConfidence: number | null;
}

export interface TransactionPage {
  edges: { cursor: string; node: TransactionRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const minorUnits = /^(0|[1-9][0-9]{0,17})$/;

/**
 * The transactions of the customer the caller may see, newest booking date first, filtered and paged with
 * an opaque (booking date, id) cursor: the order is total, so pages neither overlap nor skip rows, and
 * rows added while paging appear in later pages only when they sort after the cursor. Counterparty and
 * description are decrypted with the customer's key (one key look-up per page).
 */
@Injectable()
export class TransactionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
  ) {}

  async listVisible(options: {
    customerId?: string | null;
    filter?: TransactionFilter | null;
    first: number;
    after?: string | null;
  }): Promise<TransactionPage> {
    const filter = options.filter ?? {};
    const problems = filterProblems(filter);
    if (!Number.isInteger(options.first) || options.first < 1 || options.first > maxTransactionPageSize) {
      problems.push({ field: 'first', problem: `must be between 1 and ${maxTransactionPageSize}` });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    const after: DayCursor | undefined = options.after ? decodeDayCursor(options.after) : undefined;
    const em = this.em.getContext() as EntityManager;
    const customerId = await callerCustomerId(em, { named: options.customerId });
    const tenant = requireContext().tenant!;
    const where: FilterQuery<AccountTransaction> = {
      $and: [
        { tenantId: tenant.id, customerId },
        filter.accountId ? { accountId: filter.accountId } : {},
        filter.direction ? { direction: filter.direction } : {},
        filter.status ? { status: filter.status } : {},
        filter.bookedFrom ? { bookingDate: { $gte: filter.bookedFrom } } : {},
        filter.bookedTo ? { bookingDate: { $lte: filter.bookedTo } } : {},
        filter.minAmountMinor ? { amountMinor: { $gte: filter.minAmountMinor } } : {},
        filter.maxAmountMinor ? { amountMinor: { $lte: filter.maxAmountMinor } } : {},
        afterDayCursorDescending('bookingDate', after),
      ],
    } as FilterQuery<AccountTransaction>;
    const rows = await em.find(AccountTransaction, where, {
      orderBy: { bookingDate: 'desc', id: 'desc' },
      limit: options.first + 1,
    });
    const page = rows.slice(0, options.first);
    const records = await this.readable(page);
    if (callerIsBankStaff()) {
      await this.audit.record({
        action: 'transaction.list',
        resourceType: 'customer',
        resourceId: customerId,
        changes: { returned: records.length },
      });
    }
    const edges = records.map((node) => ({
      cursor: encodeDayCursor({ day: node.bookingDate, id: node.id }),
      node,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > options.first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  private async readable(rows: readonly AccountTransaction[]): Promise<TransactionRecord[]> {
    const counterpartyColumn = { table: 'account_transaction', column: 'counterparty_enc' } as const;
    const descriptionColumn = { table: 'account_transaction', column: 'description_enc' } as const;
    const sealed = rows.flatMap((row) => [
      ...(row.counterpartyEnc === null
        ? []
        : [{ stored: row.counterpartyEnc, address: personalField(counterpartyColumn, row.id) }]),
      ...(row.descriptionEnc === null
        ? []
        : [{ stored: row.descriptionEnc, address: personalField(descriptionColumn, row.id) }]),
    ]);
    const plaintexts = (await this.encryption.decryptMany(sealed)).values();
    const next = () => plaintexts.next().value as string;
    return rows.map((row) => {
      const counterparty = row.counterpartyEnc === null ? null : decodeCounterparty(next());
      const description = row.descriptionEnc === null ? null : next();
      return {
        id: row.id,
        accountId: row.accountId,
        amountMinor: String(row.amountMinor),
        currency: row.currency,
        direction: row.direction,
        status: row.status,
        bookingDate: dayOf(row.bookingDate),
        valueDate: row.valueDate === null ? null : dayOf(row.valueDate),
        counterparty,
        description,
        merchantName: row.merchantName,
        merchantDisplayName: row.merchantDisplayName,
        mcc: row.mcc,
        category: row.category,
        categorySource: row.categorySource,
        categoryConfidence: row.categoryConfidence,
      };
    });
  }
}

/** A `date` column as `YYYY-MM-DD` whether the driver hands it out as text or as a Date. */
function dayOf(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** Every problem of a filter, by field name (`filter.bookedFrom`, …); nothing is read when there is one. */
export function filterProblems(filter: TransactionFilter): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const field = (name: string) => `filter.${name}`;
  if (filter.accountId != null && !uuidPattern.test(filter.accountId)) {
    problems.push({ field: field('accountId'), problem: 'must be an account id (UUID)' });
  }
  for (const name of ['bookedFrom', 'bookedTo'] as const) {
    const value = filter[name];
    if (value != null && !isCalendarDay(value)) {
      problems.push({ field: field(name), problem: 'must be a date YYYY-MM-DD' });
    }
  }
  if (
    filter.bookedFrom != null &&
    filter.bookedTo != null &&
    isCalendarDay(filter.bookedFrom) &&
    isCalendarDay(filter.bookedTo) &&
    filter.bookedFrom > filter.bookedTo
  ) {
    problems.push({ field: field('bookedTo'), problem: 'must not be before bookedFrom' });
  }
  for (const name of ['minAmountMinor', 'maxAmountMinor'] as const) {
    const value = filter[name];
    if (value != null && !minorUnits.test(value)) {
      problems.push({
        field: field(name),
        problem: 'must be a non-negative whole number of minor units (e.g. "1250" for 12.50)',
      });
    }
  }
  if (
    filter.minAmountMinor != null &&
    filter.maxAmountMinor != null &&
    minorUnits.test(filter.minAmountMinor) &&
    minorUnits.test(filter.maxAmountMinor) &&
    BigInt(filter.minAmountMinor) > BigInt(filter.maxAmountMinor)
  ) {
    problems.push({ field: field('maxAmountMinor'), problem: 'must not be below minAmountMinor' });
  }
  return problems;
}

function isCalendarDay(value: string): boolean {
  if (!isoDay.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
