import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit';
import { retentionRule } from '@finpersona/plugin-sdk';
import { ComplianceRules } from '../compliance';
import { ConsentHooks, type ConsentEnded } from '../consents';
import { requireContext, type TenantRef } from '../request-context';
import { TenancyService } from '../tenancy';
import { Account } from './account.entity';
import { Connection, type ConnectionStatus } from './connection.entity';
import { StatementUploads } from './statement-uploads';

/** Statuses under which a connection may still reach its source; the others are final or stopped. */
const liveStatuses: readonly ConnectionStatus[] = ['pending', 'active', 'failed'];

/**
 * How connections end when their aggregation consent does, and what happens to their data. Registered as a
 * `ConsentHooks` listener at module start. Needs no Temporal client and calls no source, so the worker (where
 * the consent lifecycle workflow expires consents) can host it as well as the API.
 */
@Injectable()
export class ConnectionEndings implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    private readonly consentHooks: ConsentHooks,
    private readonly uploads: StatementUploads,
    private readonly compliance: ComplianceRules,
  ) {}

  onModuleInit(): void {
    this.consentHooks.onConsentEnded((event) => this.stopConnectionsOf(event));
  }

  /**
   * When an aggregation consent ends, every connection under it that could still reach its source becomes
   * `revoked` (the customer revoked, or was erased) or `expired` (expiry, missed renewal), in the transaction that ends the
   * consent, and the data is handled by the rule pack's rule. No source is called here (hooks must not): a
   * sync checks the status before every call, so it stops at once.
   */
  async stopConnectionsOf(event: ConsentEnded): Promise<void> {
    if (event.purpose !== 'aggregation') return;
    const em = this.em.getContext() as EntityManager;
    const connections = await em.find(
      Connection,
      { tenantId: currentTenant().id, consentId: event.consentId, status: { $in: [...liveStatuses] } },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const status: ConnectionStatus =
      event.reason === 'revoked' || event.reason === 'erased' ? 'revoked' : 'expired';
    for (const connection of connections) {
      Object.assign(connection, { status, pendingEnc: null, stateIndex: null });
    }
    await em.flush();
    // Erasure handles the data itself, per the personal-data registry, in its next step (some of it is
    // retained under AML rules): the rule pack's end-of-aggregation rule is for a consent that ends alone.
    const accountsDeleted =
      event.reason === 'erased'
        ? 0
        : await this.handleDataAfterEnd(connections.map((connection) => connection.id));
    for (const connection of connections) {
      await this.audit.record({
        action: status === 'revoked' ? 'connection.revoke' : 'connection.expire',
        resourceType: 'connection',
        resourceId: connection.id,
        changes: { consentId: event.consentId, reason: event.reason, accountsDeleted },
      });
    }
  }

  /**
   * Deletes the accounts of ended connections (balances and transactions cascade) when the bank's rule pack
   * says "delete at once" (`aggregated-data-after-consent-ends`: 0 days); returns how many. A later period
   * is for a retention job: nothing here. Their statement uploads go at once whatever the pack: no sync
   * reads them again, and what they held
   * was ingested (the accounts and transactions are the records the rule is about).
   */
  async handleDataAfterEnd(connectionIds: readonly string[]): Promise<number> {
    if (connectionIds.length === 0) return 0;
    await this.uploads.deleteOfConnections(connectionIds);
    const tenant = await this.tenancy.getById(currentTenant().id);
    const rules = await this.compliance.forCurrentTenant();
    const { action, period } = retentionRule(rules, 'aggregated-data-after-consent-ends');
    const atOnce = action === 'delete-after' && period !== null && 'days' in period && period.days === 0;
    if (!atOnce) return 0;
    return (this.em.getContext() as EntityManager).nativeDelete(Account, {
      tenantId: tenant.id,
      connectionId: { $in: [...connectionIds] },
    });
  }
}

function currentTenant(): TenantRef {
  const { tenant } = requireContext();
  if (!tenant)
    throw new Error('Connections are tenant-owned: use them in a request for a tenant or runAsTenant()');
  return tenant;
}
