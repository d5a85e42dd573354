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
  /** A `dead` delivery of `subscriptionId`: `replayWebhookDelivery` replays it. */
  deliveryId: string;
}

/**
 * Two subscriptions of `tenant` (URLs under `https://hooks.<prefix>.example`, never called: the fixture API
 * does not dispatch) and one recorded `plugin.changed` event whose delivery to the first is marked `dead`,
 * written as the services write them (secret sealed under the bank's key, event through the outbox).
 */
export async function prepareWebhookWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  prefix: string,
): Promise<WebhookWorld> {
  const em = app.get(EntityManager);
  const encryption = app.get(FieldEncryptionService);
  const outbox = app.get(OutboxService);
  return runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      const ids: string[] = [];
      for (const name of ['main', 'deletable']) {
        const id = randomUUID();
        const [sealed] = await encryption.encryptForTenant([
          {
            address: { table: 'webhook_subscription', column: 'secret_enc', rowId: id },
            plaintext: newWebhookSecret(),
          },
        ]);
        await tx.execute(
          `insert into webhook_subscription (id, tenant_id, url, event_types, secret_enc, created_by, updated_by)
           values (?, ?, ?, ?::text[], ?, 'system', 'system')`,
          [id, tenant.id, `https://hooks.${prefix}.example/${name}`, '{plugin.changed}', sealed],
        );
        ids.push(id);
      }
      const event = await outbox.record('plugin.changed', {
        installationId: randomUUID(),
        pluginId: `${prefix}-fixture`,
        change: 'install',
        version: '1.0.0',
        fromVersion: null,
        status: 'disabled',
      });
      const [delivery] = await tx.execute<{ id: string }[]>(
        `update webhook_delivery set status = 'dead', attempts = 12, last_error = 'HTTP 500'
          where event_id = ? and subscription_id = ? returning id`,
        [event.id, ids[0]],
      );
      return { subscriptionId: ids[0]!, deletableSubscriptionId: ids[1]!, deliveryId: delivery!.id };
    }),
  );
}
