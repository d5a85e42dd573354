import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CryptoModule } from '../crypto';
import { OutboxRetention } from './outbox-retention';
import { OutboxService } from './outbox.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhookDelivery, WebhookSubscription } from './webhook.entities';
import { WebhooksResolver } from './webhooks.resolver';

/**
 * The outbox (API and worker): `OutboxService.record`, which the capabilities whose changes are events
 * (consents, sync, plugins) call inside their transactions.
 */
@Module({
  imports: [MikroOrmModule.forFeature([WebhookSubscription, WebhookDelivery])],
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboxModule {}

/**
 * The API side: the bank administrators' GraphQL, the dispatcher that delivers the outbox
 * (`WEBHOOK_DISPATCH`; see `webhook-dispatcher.ts` for why it runs in the API process) and the pruning of
 * finished events (`outbox-retention.ts`).
 */
@Module({
  imports: [
    OutboxModule,
    MikroOrmModule.forFeature([WebhookSubscription, WebhookDelivery]),
    AuditModule,
    CryptoModule,
  ],
  providers: [WebhookSubscriptionsService, WebhooksResolver, WebhookDispatcher, OutboxRetention],
  exports: [WebhookDispatcher, OutboxRetention],
})
export class WebhooksGraphqlModule {}
