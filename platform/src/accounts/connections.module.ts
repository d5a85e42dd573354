import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ComplianceModule } from '../compliance';
import { Consent } from '../consents';
import { CryptoModule } from '../crypto';
import { TenancyModule } from '../tenancy';
import { Account } from './account.entity';
import { AccountTransaction } from './account-transaction.entity';
import { AccountsModule, SyncStartModule } from './accounts.module';
import { AccountsResolver } from './accounts.resolver';
import { Balance } from './balance.entity';
import { Connection } from './connection.entity';
import { ConnectionsService } from './connections.service';
import { StatementImportsService } from './statement-imports.service';
import { TransactionsService } from './transactions.service';

/**
 * Connections, accounts and transactions as the customers' services (the API). Stopping connections when
 * their consent ends is `ConnectionEndings` in `AccountsModule`, which the worker hosts too.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([Connection, Account, Balance, AccountTransaction, Consent]),
    AuditModule,
    CryptoModule,
    TenancyModule,
    AccountsModule,
    SyncStartModule,
    ComplianceModule,
  ],
  providers: [ConnectionsService, TransactionsService, StatementImportsService],
  exports: [ConnectionsService, TransactionsService, StatementImportsService],
})
export class ConnectionsModule {}

/** The customer-data part of the GraphQL API: connections, accounts, transactions. */
@Module({
  imports: [ConnectionsModule],
  providers: [AccountsResolver],
})
export class ConnectionsGraphqlModule {}
