import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { auditChainLockKey } from '../audit';
import { requireContext } from '../request-context';
import type { WebhookEventPayloads, WebhookEventType } from './event-catalogue';

/** An event as stored in the outbox. */
export interface OutboxEvent {
  id: string;
  sequence: number;
  type: WebhookEventType;
  createdAt: Date;
}

/**
 * The transactional outbox: `record(type, payload)` writes one event of the current tenant in the
 * CALLER's transaction — the one making the change the event reports — so the event exists exactly when
 * the change committed (a rolled-back change leaves no event). It also queues a delivery for each enabled
 * subscription of the bank that wants the type; the dispatcher sends them after the commit.
 *
 * Sequence: per bank 1, 2, 3 … in commit order. The writer takes the bank's audit-chain advisory lock
 * (every such change is audited in the same transaction anyway, so this adds no new waiting) and holds
 * it to the end of its transaction, so no later event of the bank commits before an earlier one and the
 * dispatcher never sees n+1 without n.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly em: EntityManager) {}

  async record<T extends WebhookEventType>(type: T, payload: WebhookEventPayloads[T]): Promise<OutboxEvent> {
    const tenant = requireContext().tenant;
    if (!tenant)
      throw new Error('Outbox events belong to a tenant: record them in a request or runAsTenant()');
    const em = this.em.getContext() as EntityManager;
    if (!em.isInTransaction()) {
      throw new Error('OutboxService.record must run inside the transaction of the change it reports');
    }
    await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [auditChainLockKey(tenant.id)]);
    const id = randomUUID();
    const [event] = await em.execute<{ sequence: string; created_at: string }[]>(
      `insert into outbox_event (id, tenant_id, sequence, type, payload)
       select ?, ?, coalesce(max(sequence), 0) + 1, ?, ?::jsonb from outbox_event where tenant_id = ?
       returning sequence, created_at`,
      [id, tenant.id, type, JSON.stringify(payload), tenant.id],
    );
    await em.execute(
      `insert into webhook_delivery (id, tenant_id, subscription_id, event_id, event_sequence, event_type)
       select gen_random_uuid(), tenant_id, id, ?, ?, ? from webhook_subscription
        where tenant_id = ? and enabled and ? = any (event_types)`,
      [id, event!.sequence, type, tenant.id, type],
    );
    return { id, sequence: Number(event!.sequence), type, createdAt: new Date(event!.created_at) };
  }
}
