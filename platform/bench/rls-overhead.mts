// What row-level security, the per-request transaction, the audit trail and encryption at rest cost on a
// simple read and write, measured against the same queries as raw SQL that bypasses all of them (and
// against the same SQL with RLS only). A benchmark to run by hand, not a test:
//
//   pnpm --filter @finpersona/platform build && node platform/bench/rls-overhead.mts [iterations]
//
// Uses the PostgreSQL server named by DATABASE_URL (a role that may create roles and databases),
// otherwise starts an embedded one under .local/bench/. Works on a database of its own, dropped after,
// with a key-encryption key of its own (local key file under .local/bench/, removed after).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  dropDatabase,
  ensureDatabase,
  freePort,
  localDir,
  startPostgres,
  stopAll,
  withClient,
} from '@finpersona/deploy';
import {
  createPlatformContext,
  CustomersService,
  FieldEncryptionService,
  migrateDatabase,
  runAsTenant,
  TenancyService,
} from '../dist/index.js';

const iterations = Number(process.argv[2] ?? 2000);
const warmup = Math.min(200, iterations);
const customersPerBank = 1000;
const pageSize = 25;

interface Figures {
  meanMicros: number;
  p50Micros: number;
  p95Micros: number;
  perSecond: number;
}

async function measure(run: (index: number) => Promise<unknown>): Promise<Figures> {
  for (let index = 0; index < warmup; index += 1) await run(index);
  const samples: number[] = [];
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) {
    const start = performance.now();
    await run(index);
    samples.push((performance.now() - start) * 1000);
  }
  const elapsed = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    meanMicros: samples.reduce((sum, value) => sum + value, 0) / samples.length,
    p50Micros: samples[Math.floor(samples.length * 0.5)]!,
    p95Micros: samples[Math.floor(samples.length * 0.95)]!,
    perSecond: (iterations / elapsed) * 1000,
  };
}

function bank(slug: string) {
  return {
    slug,
    name: slug,
    region: 'EU' as const,
    realm: slug,
    branding: { displayName: slug, primaryColor: '#000000', accentColor: '#FFFFFF', logoUrl: null },
  };
}

function customers(domain: string) {
  return Array.from({ length: customersPerBank }, (_, index) => ({
    displayName: `Customer ${index}`,
    email: `customer${index}@${domain}`,
  }));
}

const server = await startPostgres({
  dataDir: join(localDir, 'bench', 'postgres'),
  port: await freePort(),
  logFile: join(localDir, 'bench', 'postgres.log'),
  fresh: true,
});
const databaseName = `fp_bench_${process.pid}`;
const database = await ensureDatabase(server.adminUrl, databaseName);
const rawUrl = new URL(server.adminUrl);
rawUrl.pathname = `/${databaseName}`;
const keyFile = join(localDir, 'bench', `kek-${process.pid}`);

try {
  await migrateDatabase(database.ownerUrl);
  const platform = await createPlatformContext({
    config: {
      database: { appUrl: database.appUrl, poolSize: 2 },
      crypto: { provider: 'local', keyFile, previousKeyFiles: [], createKeyFile: true },
    },
    logger: false,
  });
  try {
    const tenancy = platform.get(TenancyService);
    const service = platform.get(CustomersService);
    const orm = platform.get(MikroORM);
    const measured = await tenancy.upsertTenant(bank('bench-bank'));
    await tenancy.upsertTenant(bank('other-bank'));
    await service.upsertDemoCustomers('bench-bank', customers('bench-bank.example'));
    await service.upsertDemoCustomers('other-bank', customers('other-bank.example'));
    const tenant = { id: measured.id, slug: measured.slug, realm: measured.realm };
    const written = (index: number, subject = 'bench-subject') => ({
      subject,
      displayName: `Written ${index}`,
      email: 'written@bench-bank.example',
    });

    // Service layer: what a request does (one transaction, tenant set, ORM filter, RLS on every row,
    // an audit entry appended to the hash chain, personal fields decrypted / encrypted + blind index).
    // Read as the bank's administrator would: the list is filtered by the caller's abilities.
    const bankAdmin = {
      kind: 'bank' as const,
      subject: 'bench-admin',
      realm: tenant.realm,
      username: undefined,
      displayName: undefined,
      roles: ['bank-admin' as const],
    };
    const serviceRead = await measure(() =>
      runAsTenant(tenant, () => orm.em.transactional(() => service.listVisible({ first: pageSize })), {
        principal: bankAdmin,
      }),
    );
    const serviceWrite = await measure((index) =>
      service.upsertDemoCustomers('bench-bank', [written(index)]),
    );

    // Encryption's own share, inside a tenant transaction (minus the empty transaction measured below):
    // a page's 50 fields decrypted (one data-key look-up, keys from the in-process cache), and what a write
    // adds (the e-mail's blind index and two fields encrypted under the customer's key, key look-ups included).
    const encryption = platform.get(FieldEncryptionService);
    const inTenant = <T,>(work: () => Promise<T>) => runAsTenant(tenant, () => orm.em.transactional(work));
    const page = await inTenant(() =>
      orm.em.execute<{ id: string; display_name: string; email: string }[]>(
        'select id, display_name, email from customer where tenant_id = ? order by created_at, id limit ?',
        [tenant.id, pageSize],
      ),
    );
    const pageFields = page.flatMap((row) => [
      { stored: row.display_name, address: { table: 'customer', column: 'display_name', rowId: row.id } },
      { stored: row.email, address: { table: 'customer', column: 'email', rowId: row.id } },
    ]);
    const emptyTransaction = await measure(() => inTenant(async () => undefined));
    const decryptPage = await measure(() => inTenant(() => encryption.decryptMany(pageFields)));
    const sealOne = await measure((index) =>
      inTenant(async () => {
        const { id } = page[0]!;
        await encryption.blindIndex(
          { table: 'customer', column: 'email' },
          `written${index}@bench-bank.example`,
          'email',
        );
        await encryption.encryptForCustomer(id, [
          {
            address: { table: 'customer', column: 'display_name', rowId: id },
            plaintext: `Written ${index}`,
          },
          {
            address: { table: 'customer', column: 'email', rowId: id },
            plaintext: `written${index}@bench-bank.example`,
          },
        ]);
      }),
    );

    // The same statements as raw SQL on one connection of a superuser: no RLS, no transaction, no ORM.
    // (They write a customer of their own: the service's rows hold ciphertext the raw SQL must not overwrite.)
    const [rawRead, rawWrite] = await withClient(rawUrl.toString(), async (client) => {
      const read = await measure(async () => {
        await client.query(
          `select id, tenant_id, subject, display_name, email, created_at from customer
            where tenant_id = $1 order by created_at asc, id asc limit $2`,
          [tenant.id, pageSize + 1],
        );
        await client.query('select count(*) from customer where tenant_id = $1', [tenant.id]);
      });
      const write = await measure(async (index) => {
        const found = await client.query<{ id: string }>('select id from tenant where slug = $1', [
          'bench-bank',
        ]);
        const { subject, displayName, email } = written(index, 'bench-raw-subject');
        await client.query(
          `insert into customer (tenant_id, subject, display_name, email) values ($1, $2, $3, $4)
           on conflict (tenant_id, subject) where subject is not null
           do update set display_name = excluded.display_name, email = excluded.email`,
          [found.rows[0]!.id, subject, displayName, email],
        );
      });
      return [read, write];
    });

    // The raw statements again, as the application role inside a transaction with the tenant set:
    // the database's share of the cost (transaction round trips + policies), without the ORM.
    const [rlsRead, rlsWrite] = await withClient(database.appUrl, async (client) => {
      const inTenantTransaction = async (work: () => Promise<unknown>) => {
        await client.query('begin');
        await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
        await work();
        await client.query('commit');
      };
      const read = await measure(() =>
        inTenantTransaction(async () => {
          await client.query(
            `select id, tenant_id, subject, display_name, email, created_at from customer
              where tenant_id = $1 order by created_at asc, id asc limit $2`,
            [tenant.id, pageSize + 1],
          );
          await client.query('select count(*) from customer where tenant_id = $1', [tenant.id]);
        }),
      );
      const write = await measure(async (index) => {
        const found = await client.query<{ id: string }>('select id from tenant where slug = $1', [
          'bench-bank',
        ]);
        const { subject, displayName, email } = written(index, 'bench-raw-subject');
        await inTenantTransaction(() =>
          client.query(
            `insert into customer (tenant_id, subject, display_name, email) values ($1, $2, $3, $4)
             on conflict (tenant_id, subject) where subject is not null
             do update set display_name = excluded.display_name, email = excluded.email`,
            [found.rows[0]!.id, subject, displayName, email],
          ),
        );
      });
      return [read, write];
    });

    const micros = (figures: Figures) => `${figures.meanMicros.toFixed(0)} µs`.padStart(9);
    const ratio = (figures: Figures, baseline: Figures) =>
      `x${(figures.meanMicros / baseline.meanMicros).toFixed(2)}`.padStart(7);
    const row = (name: string, raw: Figures, rls: Figures, service: Figures) =>
      `${name.padEnd(32)}${micros(raw)}${micros(rls)}${ratio(rls, raw)}${micros(service)}${ratio(service, raw)}` +
      `   p95 ${raw.p95Micros.toFixed(0)} / ${rls.p95Micros.toFixed(0)} / ${service.p95Micros.toFixed(0)} µs`;
    console.log(
      `\n${iterations} iterations each (after ${warmup} warm-up), ${customersPerBank} customers in each of 2 banks, one caller at a time.`,
    );
    console.log(
      'raw: superuser, no RLS, no transaction. SQL+RLS: app role, transaction + set_config + policies.',
    );
    console.log(
      'service: CustomersService through the ORM, as a request runs it: transaction, tenant set, filter, RLS,\n' +
        '         audit entry (hash chain), personal fields decrypted (read) / encrypted + blind index (write).\n',
    );
    console.log(
      `${'mean per operation'.padEnd(32)}${'raw'.padStart(9)}${'SQL+RLS'.padStart(9)}${'ratio'.padStart(7)}${'service'.padStart(9)}${'ratio'.padStart(7)}`,
    );
    console.log(row(`read: ${pageSize} customers + count`, rawRead, rlsRead, serviceRead));
    console.log(row('write: upsert one customer', rawWrite, rlsWrite, serviceWrite));
    const alone = (name: string, figures: Figures) =>
      `${name.padEnd(58)}${micros(figures)}   p95 ${figures.p95Micros.toFixed(0)} µs`;
    console.log("\nencryption's share (each in its own tenant transaction through the ORM):");
    console.log(alone('empty tenant transaction (begin, set tenant, commit)', emptyTransaction));
    console.log(alone(`decrypt a page: ${pageFields.length} fields, one data-key look-up`, decryptPage));
    console.log(alone("a write's crypto: blind index + 2 fields encrypted, key look-ups", sealOne));
  } finally {
    await platform.close();
  }
} finally {
  await rm(keyFile, { force: true });
  await dropDatabase(server.adminUrl, databaseName).catch(() => undefined);
  await server.stop();
  await stopAll();
}
