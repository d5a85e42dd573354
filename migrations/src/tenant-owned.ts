/** What the application role (`finpersona_app`) may do with a tenant-owned table's rows. */
export type AppRight = 'select' | 'insert' | 'update' | 'delete';

/**
 * The statements that make `table` tenant-owned — how every table holding one bank's rows is protected:
 * row-level security enabled and **forced** (so the owner role the migrations run as is held to it too),
 * one policy admitting only rows of the tenant the transaction set (`app_current_tenant_id()`, migration
 * `RowLevelSecurity`) for reads and writes alike, and the application role's data rights (no DDL): all four
 * by default, or exactly `appRights` (the default privileges of the first migration granted more, so they are
 * revoked first — e.g. an append-only table: `['select', 'insert']`). The table needs a `tenant_id` column.
 * `platform/src/tenancy/tenancy.int.test.ts` checks every tenant table is so.
 *
 * Use: `for (const sql of tenantOwnedTable('my_table')) this.addSql(sql);`
 */
export function tenantOwnedTable(
  table: string,
  appRights: readonly AppRight[] = ['select', 'insert', 'update', 'delete'],
): string[] {
  if (!/^[a-z][a-z0-9_]*$/.test(table)) throw new Error(`Not a table name: ${table}`);
  if (appRights.length === 0) throw new Error(`The application role needs at least one right on ${table}`);
  const allRights = appRights.length === 4 && new Set(appRights).size === 4;
  return [
    `alter table ${table} enable row level security;`,
    `alter table ${table} force row level security;`,
    `create policy ${table}_tenant_isolation on ${table}
       using (tenant_id = app_current_tenant_id())
       with check (tenant_id = app_current_tenant_id());`,
    ...(allRights ? [] : [`revoke all on table ${table} from finpersona_app;`]),
    `grant ${appRights.join(', ')} on table ${table} to finpersona_app;`,
  ];
}
