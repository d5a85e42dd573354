import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { Consent, ConsentHooks } from '../consents';
import { CryptoModule } from '../crypto';
import { OnboardingModule } from '../onboarding';
import { TenancyModule } from '../tenancy';
import { Account } from './account.entity';
import { AccountTransaction } from './account-transaction.entity';
import { AccountsResolver } from './accounts.resolver';
import { Balance } from './balance.entity';
import { Connection } from './connection.entity';
import { ConnectorDirectory } from './connections.connector-directory';
import { ConnectionEndings } from './connections.endings';
import { ConnectionsService } from './connections.service';
import { SyncStarter } from './connections.sync-starter';
import { TransactionsService } from './transactions.service';

/**
 * Connections, accounts and transactions as services. `ConsentHooks` is provided here only until the
 * consents capability's module provides (and exports) the one instance its service calls: then import
 * that module instead, so this module's listener is registered on the instance that fires.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([Connection, Account, Balance, AccountTransaction, Consent]),
    AuditModule,
    CryptoModule,
    TenancyModule,
    OnboardingModule,
  ],
  providers: [
    ConsentHooks,
    ConnectionEndings,
    ConnectorDirectory,
    SyncStarter,
    ConnectionsService,
    TransactionsService,
  ],
  exports: [ConsentHooks, ConnectionEndings, ConnectorDirectory, ConnectionsService, TransactionsService],
})
export class ConnectionsModule {}

/** The customer-data part of the GraphQL API: connections, accounts, transactions. */
@Module({
  imports: [ConnectionsModule],
  providers: [AccountsResolver],
})
export class ConnectionsGraphqlModule {}
