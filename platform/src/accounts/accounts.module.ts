import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ComplianceModule } from '../compliance';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { EnrichmentModule } from '../enrichment';
import { OnboardingModule } from '../onboarding';
import { TenancyModule } from '../tenancy';
import { OutboxModule } from '../webhooks';
import { AccountTransaction } from './account-transaction.entity';
import { Account } from './account.entity';
import { Balance } from './balance.entity';
import { Connection } from './connection.entity';
import { ConnectionEndings } from './connections.endings';
import { ConnectorRegistry } from './connector-registry';
import { IngestService } from './ingest.service';
import { registerStatementFileConnector } from './statement-file-connector';
import { StatementUploads } from './statement-uploads';
import { SyncRun } from './sync-run.entity';
import { SyncStarter } from './sync-starter';
import { SyncService } from './sync.service';

/**
 * Ingestion and the platform side of the account sync: what the Temporal worker hosts (`CoreModule`), and
 * `ConnectionEndings`, which stops a consent's connections when it ends (in the API on revoke, in the
 * worker on expiry: the listener is registered on the one `ConsentHooks` of `ConsentsModule`).
 * One `ConnectorRegistry` per process: the plugin host (`plugins/`) gives it the plugins' connectors.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([Connection, Account, Balance, AccountTransaction, SyncRun]),
    TenancyModule,
    AuditModule,
    CryptoModule,
    ConsentsModule,
    OutboxModule,
    ComplianceModule,
    EnrichmentModule,
  ],
  providers: [ConnectorRegistry, IngestService, SyncService, ConnectionEndings, StatementUploads],
  exports: [ConnectorRegistry, IngestService, SyncService, ConnectionEndings, StatementUploads],
})
export class AccountsModule implements OnModuleInit {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly uploads: StatementUploads,
  ) {}

  onModuleInit(): void {
    registerStatementFileConnector(this.registry, this.uploads);
  }
}

/** `SyncStarter` (starts sync workflows through the Temporal client): for the API and tools, not the worker. */
@Module({
  imports: [OnboardingModule, AuditModule],
  providers: [SyncStarter],
  exports: [SyncStarter],
})
export class SyncStartModule {}
