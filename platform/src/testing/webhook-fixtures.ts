import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { FieldEncryptionService } from '../crypto';
import { runAsTenant, type TenantRef } from '../request-context';
import { newWebhookSecret, OutboxService } from '../webhooks';

/** The webhook rows the generated suites' webhook operations act on, for one bank (`TargetWorld.webhooks`). */
export interface WebhookWorld {
  /** A subscription that update, rotate, replay-dead and the delivery filter name. */
  subscriptionId: string;
  /** A subscription `deleteWebhookSubscription` removes. */
  deletableSubscriptionId: string;
  /**
   * A `dead` delivery of a third subscription: `replayWebhookDelivery` replays it (not one of
   * `subscriptionId`, which `replayDeadWebhookDeliveries` reopens first in schema order).
   */
  deliveryId: string;
}

/**
 * Inserts a subscription of `tenant` as the service stores one (secret sealed under the bank's key, bound
 * to the row) and returns its id and secret. For fixtures that set up state without the GraphQL API.
 */
export async function insertWebhookSubscription(
  app: INestApplicationContext,
  tenant: TenantRef,
  subscription: { url: string; eventTypes: string[] },
): Promise<{ id: string; secret: string }> {
  const em = app.get(EntityManager);
  const encryption = app.get(FieldEncryptionService);
  const id = randomUUID();
  const secret = newWebhookSecret();
  await runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      const [sealed] = await encryption.encryptForTenant([
        { address: { table: 'webhook_subscription', column: 'secret_enc', rowId: id }, plaintext: secret },
      ]);
      await tx.execute(
        `insert into webhook_subscription (id, tenant_id, url, event_types, secret_enc, created_by, updated_by)
         values (?, ?, ?, ?::text[], ?, 'system', 'system')`,
        [id, tenant.id, subscription.url, `{${subscription.eventTypes.join(',')}}`, sealed],
      );
    }),
  );
  return { id, secret };
}

/**
 * Three subscriptions of `tenant` (URLs under `https://hooks.<prefix>.example`, never called: the fixture API
 * does not dispatch) and one recorded `plugin.changed` event whose deliveries to the first and the third
 * are marked `dead`, written as the services write them (secret sealed under the bank's key, event
 * through the outbox).
 */
export async function prepareWebhookWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  prefix: string,
): Promise<WebhookWorld> {
  const subscriptions: { id: string }[] = [];
  for (const name of ['main', 'deletable', 'replayed']) {
    subscriptions.push(
      await insertWebhookSubscription(app, tenant, {
        url: `https://hooks.${prefix}.example/${name}`,
        eventTypes: ['plugin.changed'],
      }),
    );
  }
  const [main, deletable, replayed] = subscriptions as [{ id: string }, { id: string }, { id: string }];
  const em = app.get(EntityManager);
  const outbox = app.get(OutboxService);
  return runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      const event = await outbox.record('plugin.changed', {
        installationId: randomUUID(),
        pluginId: `${prefix}-fixture`,
        change: 'install',
        version: '1.0.0',
        fromVersion: null,
        status: 'disabled',
      });
      const dead = await tx.execute<{ id: string; subscription_id: string }[]>(
        `update webhook_delivery set status = 'dead', attempts = 12, last_error = 'HTTP 500'
          where event_id = ? and subscription_id in (?, ?) returning id, subscription_id`,
        [event.id, main.id, replayed.id],
      );
      const delivery = dead.find((row) => row.subscription_id === replayed.id);
      return { subscriptionId: main.id, deletableSubscriptionId: deletable.id, deliveryId: delivery!.id };
    }),
  );
}
