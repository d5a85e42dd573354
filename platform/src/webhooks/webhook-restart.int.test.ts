// The restart test of issue 4's webhook acceptance: "Webhook delivery survives a restart of the platform
// mid-delivery with nothing lost and order kept per tenant; signatures verify with the subscriber's
// secret". The platform runs as a real child process — the built API (`platform/dist/main.js`), whose
// dispatcher delivers the outbox — and is killed with SIGKILL while a delivery is in flight (the
// subscriber holds its answer), several times, then started again. Needs `pnpm -r build` first
// (`./fp test` builds before testing), like the sync crash test in workflows/.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPlatformContext } from '../api';
import { migrateDatabase } from '../database';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { createTestDatabase } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { syncTestBank } from '../testing/sync-fixture';
import { rowsAsTenant } from '../testing/tenant-rows';
import { insertWebhookSubscription } from '../testing/webhook-fixtures';
import { startWebhookSubscriber, waitUntil, type WebhookSubscriber } from '../testing/webhook-subscriber';
import { OutboxService } from './outbox.service';
import { signatureHeader, verifyWebhookSignature } from './webhook-signature';

const platformDir = resolve(__dirname, '../..');
const repositoryDir = resolve(platformDir, '..');
const eventsPerTenant = 200;
/** Kill the platform when the subscriber has received this many requests (all tenants), mid-answer. */
const killAt = [40, 150, 260];
/** The subscriber answers each request after this long: deliveries are in flight most of the time. */
const answerDelayMs = 40;

describe('webhook delivery across kills of the platform process', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let kek: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let platform: INestApplicationContext;
  let subscriber: WebhookSubscriber;
  let processEnv: NodeJS.ProcessEnv;
  let current: ChildProcess | undefined;
  const output: string[] = [];
  const tenants: { ref: TenantRef; path: string; secret: string }[] = [];

  beforeAll(async () => {
    const entry = join(platformDir, 'dist/main.js');
    if (!existsSync(entry)) throw new Error('platform/dist is missing: run `pnpm -r build` before this test');
    for (const file of ['webhook-dispatcher', 'outbox.service', 'webhook-sender']) {
      const built = join(platformDir, `dist/webhooks/${file}.js`);
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(__dirname, `${file}.ts`)).mtimeMs) {
        throw new Error(`platform/dist is older than src/webhooks/${file}.ts: run \`pnpm -r build\` first`);
      }
    }
    database = await createTestDatabase('webhook_restart');
    await migrateDatabase(database.ownerUrl);
    kek = await temporaryKeyFile();
    platform = await createPlatformContext({
      config: { database: { appUrl: database.appUrl, poolSize: 4 }, crypto: kek.crypto },
      logger: false,
    });
    subscriber = await startWebhookSubscriber();
    const tenancy = platform.get(TenancyService);
    for (const label of ['a', 'b']) {
      const bank = syncTestBank(`restart-${label}-${randomBytes(3).toString('hex')}`);
      await tenancy.upsertTenant(bank, { initialStatus: 'ACTIVE' });
      const ref = tenantRef((await tenancy.findBySlug(bank.slug))!);
      const path = `/restart-${label}`;
      const { secret } = await insertWebhookSubscription(platform, ref, {
        url: subscriber.url(path),
        eventTypes: ['plugin.changed'],
      });
      tenants.push({ ref, path, secret });
    }
    const services = inject('services');
    processEnv = {
      PATH: process.env.PATH,
      APP_DATABASE_URL: database.appUrl,
      CRYPTO_LOCAL_KEY_FILE: kek.path,
      KEYCLOAK_URL: services.KEYCLOAK_URL,
      TEMPORAL_ADDRESS: services.TEMPORAL_ADDRESS,
      API_HOST: '127.0.0.1',
      API_PORT: '0',
      WEBHOOK_DISPATCH: 'true',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '1000',
      // The shortest lease the configuration accepts for this timeout: a killed process's subscriptions
      // are taken over 2 s after its last renewal.
      WEBHOOK_LEASE_MS: '2000',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '500',
    };
  });

  afterAll(async () => {
    current?.kill('SIGKILL');
    await subscriber?.close();
    await platform?.close();
    await database?.drop();
    kek?.remove();
  });

  /** Starts the built API and resolves once it listens (it logs a line then). */
  function startPlatform(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(platformDir, 'dist/main.js')], {
      cwd: repositoryDir,
      env: processEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolveStarted, reject) => {
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (chunk.toString().includes('API listening')) resolveStarted(child);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('exit', (code, signal) => {
        if (signal !== 'SIGKILL')
          reject(new Error(`the platform exited (${code}): ${output.join('').slice(-2000)}`));
      });
    });
  }

  async function emit(tenant: TenantRef, count: number): Promise<void> {
    const em = platform.get(EntityManager);
    const outbox = platform.get(OutboxService);
    for (let index = 0; index < count; index += 1) {
      await runAsTenant(tenant, () =>
        em.transactional(() =>
          outbox.record('plugin.changed', {
            installationId: `restart-${index}`,
            pluginId: 'restart-fixture',
            change: 'configure',
            version: '1.0.0',
            fromVersion: null,
            status: 'enabled',
          }),
        ),
      );
    }
  }

  it('every event is delivered, first deliveries in sequence order per tenant, duplicates only from killed attempts', async () => {
    // Half of each bank's events before the platform starts, the other half while it runs and is killed.
    for (const tenant of tenants) await emit(tenant.ref, eventsPerTenant / 2);

    let killed = 0;
    let killedInFlight = 0;
    let pendingKill: Promise<void> | undefined;
    subscriber.respond = () => {
      const count = subscriber.received.length + 1;
      if (killed < killAt.length && count >= killAt[killed]! && current && !pendingKill) {
        // Killed while this request waits for its answer: the platform never learns it was delivered.
        killed += 1;
        killedInFlight += 1;
        const child = current;
        pendingKill = new Promise<void>((resolveKilled) => {
          child.once('exit', () => resolveKilled());
          child.kill('SIGKILL');
        });
      }
      return { status: 200, delayMs: answerDelayMs };
    };

    current = await startPlatform();
    const emitting = Promise.all(tenants.map((tenant) => emit(tenant.ref, eventsPerTenant / 2)));
    const restarts: number[] = [];
    const allDelivered = () =>
      tenants.every(
        (tenant) =>
          new Set(
            subscriber.received
              .filter((request) => request.path === tenant.path && request.status === 200)
              .map((request) => request.event.id),
          ).size === eventsPerTenant,
      );
    const deadline = Date.now() + 180_000;
    while (!allDelivered()) {
      if (Date.now() > deadline) throw new Error(`not all delivered: ${output.join('').slice(-2000)}`);
      if (pendingKill) {
        await pendingKill;
        pendingKill = undefined;
        const stoppedAt = Date.now();
        current = await startPlatform();
        restarts.push(Date.now() - stoppedAt);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    await emitting;
    expect(killed).toBe(killAt.length);

    // Nothing lost: every event in the outbox reached its bank's endpoint, with a valid signature.
    let duplicates = 0;
    for (const tenant of tenants) {
      const events = await rowsAsTenant<{ id: string; sequence: string }>(
        database.ownerUrl,
        tenant.ref.id,
        'select id, sequence from outbox_event order by sequence',
      );
      expect(events).toHaveLength(eventsPerTenant);
      const requests = subscriber.received.filter((request) => request.path === tenant.path);
      const firstDeliveries: string[] = [];
      for (const request of requests) {
        expect(request.event.tenantId).toBe(tenant.ref.id);
        expect(
          verifyWebhookSignature({
            header: request.headers[signatureHeader] as string,
            body: request.body,
            secret: tenant.secret,
          }),
        ).toBe(true);
        if (!firstDeliveries.includes(request.event.id)) firstDeliveries.push(request.event.id);
        else duplicates += 1;
      }
      // Order kept: the first delivery of each event comes in sequence order, and no later event was
      // ever sent before an earlier one was delivered (every request, repeats included, is in order).
      expect(firstDeliveries).toEqual(events.map((event) => event.id));
      const sequences = requests.map((request) => request.event.sequence);
      expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
      // And the platform's log agrees.
      const statuses = await rowsAsTenant<{ status: string; count: string }>(
        database.ownerUrl,
        tenant.ref.id,
        'select status, count(*) as count from webhook_delivery group by status',
      );
      await waitUntil('the last delivery is recorded', async () => {
        const rows = await rowsAsTenant<{ open: string }>(
          database.ownerUrl,
          tenant.ref.id,
          `select count(*) as open from webhook_delivery where status <> 'delivered'`,
        );
        return rows[0]!.open === '0';
      });
      expect(statuses.map((row) => row.status)).not.toContain('dead');
    }
    // At-least-once: a repeat is an attempt whose answer the killed process never got (one per kill
    // at most per subscription in flight), never anything else.
    expect(duplicates).toBeLessThanOrEqual(killedInFlight * tenants.length);
    console.log(
      `webhook restart: ${eventsPerTenant * tenants.length} events, ${subscriber.received.length} requests, ` +
        `${killed} kills (SIGKILL mid-delivery), ${duplicates} duplicate deliveries, ` +
        `restart to listening ${restarts.map((ms) => `${ms} ms`).join(', ')}`,
    );
  }, 240_000);
});
