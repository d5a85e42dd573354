// Outbox retention against the real PostgreSQL: which events `OutboxRetention` removes (finished and older
// than WEBHOOK_RETENTION_DAYS), which it keeps whatever their age (open deliveries, the bank's newest
// event), that the sequence goes on, that it stays within the bank, and its audit entry.
import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { withClient } from '../testing/deploy';
import { demoBank, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { OutboxRetention } from './outbox-retention';
import { OutboxService } from './outbox.service';

const retentionDays = 30;
const old = `now() - interval '${retentionDays + 5} days'`;
const recent = `now() - interval '${retentionDays - 5} days'`;

describe('outbox retention', () => {
  let api: ApiFixture;
  let bankA: TenantRef;
  let bankB: TenantRef;

  /** Committed SQL as the owner with the bank set (its tables force row-level security). */
  const asBank = (bank: TenantRef, sql: string, values: unknown[] = []) =>
    withClient(api.database.ownerUrl, async (client) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [bank.id]);
      await client.query(sql, values);
      await client.query('commit');
    });

  const subscribe = (bank: TenantRef) =>
    asBank(
      bank,
      `insert into webhook_subscription (id, tenant_id, url, event_types, secret_enc, created_by, updated_by)
       values ($1, $2, 'https://hooks.example.com/x', '{plugin.changed}', 'sealed', 'test', 'test')`,
      [randomUUID(), bank.id],
    );

  const pluginChanged = (bank: TenantRef) =>
    runAsTenant(bank, () =>
      api.running.app.get(EntityManager).transactional(() =>
        api.running.app.get(OutboxService).record('plugin.changed', {
          installationId: randomUUID(),
          pluginId: 'catalogue-retail',
          change: 'configure',
          version: '1.0.0',
          fromVersion: null,
          status: 'enabled',
        }),
      ),
    );

  const consentGranted = (bank: TenantRef) =>
    runAsTenant(bank, () =>
      api.running.app.get(EntityManager).transactional(() =>
        api.running.app.get(OutboxService).record('consent.granted', {
          consentId: randomUUID(),
          customerId: randomUUID(),
          purpose: 'aggregation',
          grantedAt: new Date().toISOString(),
          expiresAt: null,
          renewalDueAt: null,
        }),
      ),
    );

  /** Sets an event's age and its deliveries' status. */
  const age = (bank: TenantRef, sequence: number, createdAt: string, status?: string) =>
    asBank(
      bank,
      `with event as (update outbox_event set created_at = ${createdAt} where sequence = $1 returning id)
       update webhook_delivery set status = coalesce($2, status) where event_id in (select id from event)`,
      [sequence, status ?? null],
    );

  const sequencesOf = async (bank: TenantRef) =>
    (
      await rowsAsTenant<{ sequence: string }>(
        api.database.ownerUrl,
        bank.id,
        'select sequence from outbox_event order by sequence',
      )
    ).map((row) => Number(row.sequence));

  const deliveriesOf = async (bank: TenantRef) =>
    (
      await rowsAsTenant<{ event_sequence: string }>(
        api.database.ownerUrl,
        bank.id,
        'select event_sequence from webhook_delivery order by event_sequence',
      )
    ).map((row) => Number(row.event_sequence));

  beforeAll(async () => {
    api = await startApiFixture({
      overrides: { WEBHOOK_DISPATCH: 'false', WEBHOOK_RETENTION_DAYS: String(retentionDays) },
    });
    const tenancy = api.running.app.get(TenancyService);
    bankA = tenantRef(await tenancy.upsertTenant(demoBank));
    bankB = tenantRef(await tenancy.upsertTenant(otherBank));
    await subscribe(bankA);
    await subscribe(bankB);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('removes finished events past the retention with their deliveries, keeps open ones, recent ones and the newest; the sequence goes on', async () => {
    const retention = api.running.app.get(OutboxRetention);
    await consentGranted(bankA); // 1: no subscription wants it, so no delivery
    for (let index = 0; index < 6; index += 1) await pluginChanged(bankA); // 2-7
    await age(bankA, 1, old);
    await age(bankA, 2, old, 'delivered');
    await age(bankA, 3, old, 'dead');
    await age(bankA, 4, old, 'failed');
    await age(bankA, 5, old, 'pending');
    await age(bankA, 6, recent, 'delivered');
    await age(bankA, 7, old, 'delivered');
    // The other bank: both old and finished.
    await pluginChanged(bankB);
    await pluginChanged(bankB);
    await age(bankB, 1, old, 'delivered');
    await age(bankB, 2, old, 'delivered');

    expect(await retention.pruneBank(bankA)).toBe(3);
    // Kept: an open delivery (failed: will retry; pending: not sent yet) whatever the age, a recent one,
    // and the newest (its sequence is what the next event counts from).
    expect(await sequencesOf(bankA)).toEqual([4, 5, 6, 7]);
    expect(await deliveriesOf(bankA)).toEqual([4, 5, 6, 7]);
    // Another bank's events are not touched by this bank's round.
    expect(await sequencesOf(bankB)).toEqual([1, 2]);

    const prunes = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (row) => row.action === 'webhook.prune',
    );
    expect(prunes).toHaveLength(1);
    expect(prunes[0]).toMatchObject({ actor_subject: 'system', outcome: 'allowed' });
    expect(prunes[0]!.changes).toMatchObject({ removed: 3, retentionDays });

    // Nothing more to do: no second entry.
    expect(await retention.pruneBank(bankA)).toBe(0);
    expect(
      (await auditRows(api.database.ownerUrl, bankA.id)).filter((row) => row.action === 'webhook.prune'),
    ).toHaveLength(1);

    // The sequence continues after the pruned ones.
    expect((await pluginChanged(bankA)).sequence).toBe(8);

    // A round over every bank: in this one, 7 is no longer the newest, so it goes now; in the other bank
    // the older event goes and the newest stays.
    const removed = await retention.pruneAll();
    expect(Object.fromEntries(removed)).toEqual({ [bankA.id]: 1, [bankB.id]: 1 });
    expect(await sequencesOf(bankA)).toEqual([4, 5, 6, 8]);
    expect(await sequencesOf(bankB)).toEqual([2]);
  });
});
