import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { Consent, ConsentHooks } from '../consents';
import { CryptoModule } from '../crypto';
import { TenancyModule } from '../tenancy';
import { Account } from './account.entity';
import { AccountTransaction } from './account-transaction.entity';
import { AccountsModule, SyncStartModule } from './accounts.module';
import { AccountsResolver } from './accounts.resolver';
import { Balance } from './balance.entity';
import { Connection } from './connection.entity';
import { ConnectionEndings } from './connections.endings';
import { ConnectionsService } from './connections.service';
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
    AccountsModule,
    SyncStartModule,
  ],
  providers: [ConsentHooks, ConnectionEndings, ConnectionsService, TransactionsService],
  exports: [ConsentHooks, ConnectionEndings, ConnectionsService, TransactionsService],
})
export class ConnectionsModule {}

/** The customer-data part of the GraphQL API: connections, accounts, transactions. */
@Module({
  imports: [ConnectionsModule],
  providers: [AccountsResolver],
})
export class ConnectionsGraphqlModule {}
