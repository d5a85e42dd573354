import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { runCli } from '../cli/index';
import { CustomersService } from '../customers';
import { migrateDatabase } from '../database';
import { createRequestContext, runInContext } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { createTestDatabase, withClient } from '../testing/deploy';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { AuditService, chainQuery, entryOf } from './audit.service';
import { type AuditEntry, type BrokenLinkProblem, GENESIS_HASH, hashEntry, verifyEntries } from './chain';
import { temporaryKeyFile } from '../testing/key-file';
import { seededRandom } from '../testing/seeded-random';

type Client = Parameters<Parameters<typeof withClient>[1]>[0];
type Tamper = 'edit' | 'delete' | 'reorder' | 'insert';

const editableFields = [
  'id',
  'seq',
  'occurred_at',
  'actor_subject',
  'actor_realm',
  'actor_roles',
  'actor_client',
  'action',
  'resource_type',
  'resource_id',
  'changes',
  'ip',
  'request_id',
  'outcome',
  'prev_hash',
  'hash',
] as const;

describe('audit trail: tampering is detected and the table is append-only', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: Awaited<ReturnType<typeof createPlatformContext>>;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>>;
  afterAll(() => keyFile?.remove());
  let bank: { id: string; slug: string; realm: string };

  /** The chain as the owner reads it (RLS not forced inside `asOwnerTampering`). */
  const readChain = async (client: Client): Promise<AuditEntry[]> =>
    (await client.query(chainQuery, [bank.id])).rows.map(entryOf as never);

  beforeAll(async () => {
    database = await createTestDatabase('platform_audit_tamper');
    await migrateDatabase(database.ownerUrl);
    context = await createPlatformContext({
      config: {
        database: { appUrl: database.appUrl, poolSize: 4 },
        crypto: (keyFile = await temporaryKeyFile()).crypto,
      },
      logger: false,
    });
    const tenancy = context.get(TenancyService);
    const tenant = await tenancy.upsertTenant(demoBank);
    await tenancy.upsertTenant(otherBank);
    bank = tenantRef(tenant);
    const customers = context.get(CustomersService);
    // Realistic entries: creates, then updates, plus staff reads and refusals with real-looking actors.
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers.slice(0, 10));
    const audit = context.get(AuditService);
    for (let i = 0; i < 10; i++) {
      const request = createRequestContext({ requestId: `req-${i}`, clientIp: `198.51.100.${i}` });
      request.tenant = bank;
      request.principal = {
        kind: 'bank',
        subject: `staff-${i % 3}`,
        realm: bank.realm,
        username: undefined,
        displayName: undefined,
        roles: i % 2 ? ['compliance-officer'] : ['bank-admin'],
        client: 'finpersona-admin',
      };
      await runInContext(request, () =>
        i % 4 === 3
          ? audit.recordDenied(request, [
              {
                action: 'read the audit trail',
                tenant: bank,
                principal: request.principal,
                code: 'FORBIDDEN',
              },
            ])
          : audit.record({ action: 'customer.list', resourceType: 'customer', changes: { returned: 25 } }),
      );
    }
  });
  afterAll(async () => {
    await context?.close();
    await database?.drop();
  });

  it('the untouched chains verify, through the service and the CLI (exit 0)', async () => {
    const audit = context.get(AuditService);
    const bankChain = await audit.verify({ tenant: bank });
    expect(bankChain).toMatchObject({ intact: true, checked: 45, headSeq: 45 });
    expect(await audit.verify('platform')).toMatchObject({ intact: true, checked: 2 });
    for (const args of [
      ['audit', 'verify', '--tenant', 'demo-bank'],
      ['audit', 'verify', '--platform'],
    ]) {
      const out: string[] = [];
      const code = await runCli(args, {
        env: { APP_DATABASE_URL: database.appUrl, CRYPTO_LOCAL_KEY_FILE: keyFile.path },
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      });
      expect(code, out.join('\n')).toBe(0);
      expect(out[0]).toMatch(/is intact: \d+ entries/);
    }
  });

  it('1,000 random trials of edit (any field), delete, reorder and insert: 100% detected, at the right first broken link', async () => {
    const random = seededRandom(20261124);
    const results: Record<Tamper, { trials: number; detected: number }> = {
      edit: { trials: 0, detected: 0 },
      delete: { trials: 0, detected: 0 },
      reorder: { trials: 0, detected: 0 },
      insert: { trials: 0, detected: 0 },
    };
    const wrong: string[] = [];
    await withClient(database.ownerUrl, async (client) => {
      await client.query('begin');
      try {
        // The tamperer is the table owner: it lifts the forced RLS and the append-only trigger first.
        await client.query('alter table audit_entry no force row level security');
        await client.query('alter table audit_entry disable trigger user');
        const original = await readChain(client);
        const n = original.length;
        const anchor = { seq: n, hash: original[n - 1]!.hash };
        expect(verifyEntries(bank.id, original, { anchor }).intact).toBe(true);

        for (let trial = 0; trial < 1000; trial++) {
          const kind = (['edit', 'delete', 'reorder', 'insert'] as const)[random.int(0, 3)]!;
          let expected: { seq: number; problem: BrokenLinkProblem };
          let description: string;
          await client.query('savepoint trial');
          if (kind === 'edit') {
            const seq = random.int(1, n);
            const field = editableFields[random.int(0, editableFields.length - 1)]!;
            const token = `${trial}-${random.int(0, 1e9)}`;
            const set: Record<(typeof editableFields)[number], string> = {
              id: 'id = gen_random_uuid()',
              seq: `seq = ${n + 1 + random.int(0, 1000)}`,
              occurred_at: `occurred_at = occurred_at + interval '${random.int(1, 86_400_000)} milliseconds'`,
              actor_subject: `actor_subject = 'forged-${token}'`,
              actor_realm: `actor_realm = 'forged-${token}'`,
              actor_roles: `actor_roles = actor_roles || 'platform-operator'::text`,
              actor_client: `actor_client = 'forged-${token}'`,
              action: `action = 'forged.${token}'`,
              resource_type: `resource_type = 'forged-${token}'`,
              resource_id: `resource_id = 'forged-${token}'`,
              changes: `changes = changes || '{"email": "ana@forged.example"}'::jsonb`,
              ip: `ip = '203.0.113.${random.int(1, 254)}'`,
              request_id: `request_id = 'forged-${token}'`,
              outcome: `outcome = case outcome when 'allowed' then 'denied' else 'allowed' end`,
              prev_hash: `prev_hash = encode(sha256('${token}'::bytea), 'hex')`,
              hash: `hash = encode(sha256('${token}'::bytea), 'hex')`,
            };
            await client.query(`update audit_entry set ${set[field]} where chain = $1 and seq = $2`, [
              bank.id,
              seq,
            ]);
            expected = {
              seq,
              problem: field === 'seq' ? 'GAP' : field === 'prev_hash' ? 'PREV_LINK' : 'HASH_MISMATCH',
            };
            description = `edit ${field} of ${seq}`;
          } else if (kind === 'delete') {
            const seq = random.int(1, n);
            await client.query('delete from audit_entry where chain = $1 and seq = $2', [bank.id, seq]);
            expected = { seq, problem: seq === n ? 'TRUNCATED' : 'GAP' };
            description = `delete ${seq}`;
          } else if (kind === 'reorder') {
            const first = random.int(1, n - 1);
            const second = random.int(first + 1, n);
            const move = (from: number, to: number) =>
              client.query('update audit_entry set seq = $3 where chain = $1 and seq = $2', [
                bank.id,
                from,
                to,
              ]);
            await move(first, 1_000_000_000);
            await move(second, first);
            await move(1_000_000_000, second);
            expected = { seq: first, problem: 'REORDER' };
            description = `swap ${first} and ${second}`;
          } else {
            // The strongest forger: a well-formed entry with a correct hash, linked to its predecessor.
            const seq = random.int(1, n);
            await client.query(
              'update audit_entry set seq = seq + 1000000000 where chain = $1 and seq >= $2',
              [bank.id, seq],
            );
            await client.query(
              'update audit_entry set seq = seq - 1000000000 + 1 where chain = $1 and seq >= 1000000000',
              [bank.id],
            );
            const template = original[random.int(0, n - 1)]!;
            const unhashed = {
              ...template,
              id: crypto.randomUUID(),
              seq,
              occurredAt: new Date(original[seq - 1]!.occurredAt.getTime() - 1),
              action: 'customer.export',
              prevHash: seq === 1 ? GENESIS_HASH : original[seq - 2]!.hash,
            };
            const forged = { ...unhashed, hash: hashEntry(unhashed) };
            await client.query(
              `insert into audit_entry (id, tenant_id, seq, occurred_at, actor_subject, actor_realm, actor_roles,
                 actor_client, action, resource_type, resource_id, changes, ip, request_id, outcome, prev_hash, hash)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
              [
                forged.id,
                forged.tenantId,
                forged.seq,
                forged.occurredAt,
                forged.actor.subject,
                forged.actor.realm,
                forged.actor.roles,
                forged.actor.client,
                forged.action,
                forged.resourceType,
                forged.resourceId,
                JSON.stringify(forged.changes),
                forged.ip,
                forged.requestId,
                forged.outcome,
                forged.prevHash,
                forged.hash,
              ],
            );
            // The forged entry itself verifies; the link breaks at the displaced entry after it.
            expected = { seq: seq + 1, problem: 'PREV_LINK' };
            description = `insert at ${seq}`;
          }
          const verification = verifyEntries(bank.id, await readChain(client), { anchor });
          await client.query('rollback to savepoint trial');

          results[kind].trials += 1;
          if (!verification.intact) results[kind].detected += 1;
          const found = verification.firstBroken;
          if (found?.seq !== expected.seq || found.problem !== expected.problem) {
            wrong.push(
              `trial ${trial} (${description}): expected ${JSON.stringify(expected)}, got ${JSON.stringify(found)}`,
            );
          }
        }
      } finally {
        await client.query('rollback');
      }
    });
    const total = Object.values(results).reduce((sum, r) => sum + r.trials, 0);
    expect(total).toBe(1000);
    for (const [kind, result] of Object.entries(results)) {
      expect(result.trials, kind).toBeGreaterThan(150);
      expect(result.detected, kind).toBe(result.trials);
    }
    expect(wrong).toEqual([]);
  });

  it('the application role can neither UPDATE, DELETE nor TRUNCATE audit entries (privileges)', async () => {
    for (const statement of [
      `update audit_entry set action = 'x'`,
      'delete from audit_entry',
      'truncate audit_entry',
    ]) {
      await expect(
        withClient(database.appUrl, async (client) => {
          await client.query('begin');
          try {
            await client.query(`select set_config('app.tenant_id', $1, true)`, [bank.id]);
            await client.query(statement);
          } finally {
            await client.query('rollback');
          }
        }),
        statement,
      ).rejects.toThrow(/permission denied/);
    }
  });

  it('even the owner is stopped by the trigger (UPDATE, DELETE, TRUNCATE)', async () => {
    for (const statement of [
      `update audit_entry set action = 'x'`,
      'delete from audit_entry',
      'truncate audit_entry',
    ]) {
      await expect(
        withClient(database.ownerUrl, async (client) => {
          await client.query('begin');
          try {
            await client.query('alter table audit_entry no force row level security');
            await client.query(statement);
          } finally {
            await client.query('rollback');
          }
        }),
        statement,
      ).rejects.toThrow(/append-only/);
    }
  });

  it('a committed edit is reported by the CLI with the first broken link (exit 1)', async () => {
    await withClient(database.ownerUrl, async (client) => {
      await client.query('begin');
      await client.query('alter table audit_entry no force row level security');
      await client.query('alter table audit_entry disable trigger user');
      await client.query(`update audit_entry set resource_id = 'someone-else' where chain = $1 and seq = 7`, [
        bank.id,
      ]);
      await client.query('alter table audit_entry enable trigger user');
      await client.query('alter table audit_entry force row level security');
      await client.query('commit');
    });
    const err: string[] = [];
    const code = await runCli(['audit', 'verify', '--tenant', 'demo-bank'], {
      env: { APP_DATABASE_URL: database.appUrl, CRYPTO_LOCAL_KEY_FILE: keyFile.path },
      out: () => undefined,
      err: (line) => err.push(line),
    });
    expect(code).toBe(1);
    expect(err).toEqual([
      'Audit chain of tenant demo-bank is BROKEN at entry 7: HASH_MISMATCH (entry 7 does not match its hash: a field was changed).',
    ]);
    expect((await context.get(AuditService).verify({ tenant: bank })).firstBroken).toMatchObject({
      seq: 7,
      problem: 'HASH_MISMATCH',
    });
  });
});
