import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { DataCategory } from '@finpersona/plugin-sdk';
import { Account, AccountTransaction, Balance } from '../accounts';
import type { JsonValue } from '../audit';
import {
  afterCursor,
  afterDayCursorDescending,
  decodeCursor,
  decodeDayCursor,
  encodeCursor,
  encodeDayCursor,
} from '../pagination';
import { type HostFunction, PluginDenied } from '../plugin-isolation';
import { requireContext } from '../request-context';

/** Most rows one data call returns (a plugin pages with `cursor` for more). */
export const maxPluginPageSize = 100;
const defaultPageSize = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The host functions of each data category (`ctx.call(name, args)`); all read-only and paged. */
const functionsByCategory: Partial<Record<DataCategory, readonly string[]>> = {
  accounts: ['accounts.list'],
  balances: ['balances.list'],
  transactions: ['transactions.list'],
};

/** Every data host function there is, with the category that grants it. */
export const pluginDataFunctions: Readonly<Record<string, DataCategory>> = Object.fromEntries(
  Object.entries(functionsByCategory).flatMap(([category, names]) =>
    (names ?? []).map((name) => [name, category as DataCategory]),
  ),
);

type Args = { [key: string]: JsonValue };

/**
 * The capability-scoped data a plugin's `ctx.call` reaches: read-only, paged (at most 100 rows a call,
 * opaque cursors) host functions over the calling bank's data, never a database handle. Each runs in the
 * ambient request (or `runAsTenant`) context of the call — the tenant is never an argument — inside a
 * transaction, so PostgreSQL row-level security admits only that bank's rows; a `tenantId` argument naming
 * another bank is refused (`PluginDenied`), as is any function of a category the manifest's
 * `permissions.data` does not grant (refused by name, not silently absent, so the refusal is audited as
 * `denied` with its reason).
 *
 * Personal fields (holder names, identifiers, counterparties, descriptions) are never handed out: they are
 * stored encrypted under the customer's key and a plugin gets only what it needs to compute with (types,
 * currencies, amounts, dates, merchant category codes).
 */
@Injectable()
export class PluginData {
  constructor(private readonly em: EntityManager) {}

  /** The data host functions for a plugin granted `granted`: every function, refusing ungranted categories. */
  hostFunctionsFor(granted: readonly DataCategory[]): Record<string, HostFunction> {
    const functions: Record<string, HostFunction> = {};
    for (const [name, category] of Object.entries(pluginDataFunctions)) {
      functions[name] = (args) => {
        if (!granted.includes(category)) {
          throw new PluginDenied(
            `the plugin's permissions do not grant the data category "${category}" (${name})`,
          );
        }
        return this.read(name, argsOf(args));
      };
    }
    return functions;
  }

  private read(name: string, args: Args): Promise<JsonValue> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new PluginDenied('plugin data is read only for the bank of the call');
    if (args.tenantId !== undefined && args.tenantId !== tenant.id) {
      throw new PluginDenied('a plugin reads only the data of the bank it serves');
    }
    const customerId = args.customerId;
    if (typeof customerId !== 'string' || !uuid.test(customerId)) {
      throw new PluginDenied(`${name} needs a customerId (a customer id of this bank)`);
    }
    const limit = pageSize(args.limit);
    const cursor = typeof args.cursor === 'string' ? args.cursor : undefined;
    if (args.accountId !== undefined && (typeof args.accountId !== 'string' || !uuid.test(args.accountId))) {
      throw new PluginDenied(`${name} takes an accountId of this bank or none`);
    }
    // A transaction of its own (or the request's): the tenant setting, and so RLS, applies to it.
    return this.em.transactional(async (em) => {
      const owned = { tenantId: tenant.id, customerId };
      if (name === 'accounts.list') {
        const after = cursor ? cursorOf(decodeCursor, cursor) : undefined;
        const rows = await em.find(Account, { $and: [owned, afterCursor(after)] } as FilterQuery<Account>, {
          orderBy: { createdAt: 'asc', id: 'asc' },
          limit: limit + 1,
        });
        return page(
          rows,
          limit,
          (row) => encodeCursor(row),
          (row) => ({
            id: row.id,
            type: row.type,
            currency: row.currency,
            name: row.name,
            openedOn: row.openedOn,
          }),
        );
      }
      if (name === 'balances.list') {
        const after = cursor ? cursorOf(decodeCursor, cursor) : undefined;
        const rows = await em.find(
          Balance,
          {
            $and: [owned, args.accountId ? { accountId: String(args.accountId) } : {}, afterCursor(after)],
          } as FilterQuery<Balance>,
          { orderBy: { createdAt: 'asc', id: 'asc' }, limit: limit + 1 },
        );
        return page(
          rows,
          limit,
          (row) => encodeCursor(row),
          (row) => ({
            accountId: row.accountId,
            type: row.type,
            amountMinor: String(row.amountMinor),
            currency: row.currency,
            asOf: new Date(row.asOf).toISOString(),
          }),
        );
      }
      const after = cursor ? cursorOf(decodeDayCursor, cursor) : undefined;
      const rows = await em.find(
        AccountTransaction,
        {
          $and: [
            owned,
            args.accountId ? { accountId: String(args.accountId) } : {},
            afterDayCursorDescending('bookingDate', after),
          ],
        } as FilterQuery<AccountTransaction>,
        { orderBy: { bookingDate: 'desc', id: 'desc' }, limit: limit + 1 },
      );
      return page(
        rows,
        limit,
        (row) => encodeDayCursor({ day: dayOf(row.bookingDate), id: row.id }),
        (row) => ({
          id: row.id,
          accountId: row.accountId,
          amountMinor: String(row.amountMinor),
          currency: row.currency,
          direction: row.direction,
          status: row.status,
          bookingDate: dayOf(row.bookingDate),
          merchantName: row.merchantName,
          mcc: row.mcc,
        }),
      );
    });
  }
}

/** A cursor this host handed out, or a refusal (never a database error) for anything else. */
function cursorOf<Cursor>(decode: (value: string) => Cursor, value: string): Cursor {
  try {
    return decode(value);
  } catch {
    throw new PluginDenied('cursor must be a nextCursor this function returned');
  }
}

function argsOf(args: JsonValue): Args {
  return args !== null && typeof args === 'object' && !Array.isArray(args) ? args : {};
}

function pageSize(value: JsonValue | undefined): number {
  if (value === undefined || value === null) return defaultPageSize;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxPluginPageSize) {
    throw new PluginDenied(`limit must be an integer from 1 to ${maxPluginPageSize}`);
  }
  return value;
}

function page<Row>(
  rows: readonly Row[],
  limit: number,
  cursorOf: (row: Row) => string,
  view: (row: Row) => { [key: string]: JsonValue },
): JsonValue {
  const kept = rows.slice(0, limit);
  return {
    items: kept.map(view),
    nextCursor: rows.length > limit && kept.length > 0 ? cursorOf(kept.at(-1)!) : null,
  };
}

function dayOf(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
