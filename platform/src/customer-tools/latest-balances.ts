import type { EntityManager } from '@mikro-orm/postgresql';

export interface LatestBalance {
  id: string;
  accountId: string;
  amountMinor: bigint;
  currency: string;
}

/**
 * The latest balance of each account, of the best kind the source reports: `booked`/`closing` first, then
 * `interim`, `expected`, `available` (which may include an overdraft); the newest of that kind. Current
 * tenant (the condition names it; row-level security holds it too).
 */
export async function latestBalances(
  em: EntityManager,
  tenantId: string,
  accountIds: readonly string[],
): Promise<Map<string, LatestBalance>> {
  if (accountIds.length === 0) return new Map();
  const rows = await em.execute<{ id: string; account_id: string; amount_minor: string; currency: string }[]>(
    `select distinct on (account_id) id, account_id, amount_minor::text as amount_minor, currency
       from balance
      where tenant_id = ? and account_id in (${accountIds.map(() => '?').join(', ')})
      order by account_id,
               case type when 'booked' then 0 when 'closing' then 0 when 'interim' then 1
                         when 'expected' then 2 else 3 end,
               as_of desc, id desc`,
    [tenantId, ...accountIds],
  );
  return new Map(
    rows.map((row) => [
      row.account_id,
      {
        id: row.id,
        accountId: row.account_id,
        amountMinor: BigInt(row.amount_minor),
        currency: row.currency,
      },
    ]),
  );
}
