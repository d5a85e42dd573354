export { Account } from './account.entity';
export { AccountTransaction } from './account-transaction.entity';
export { Balance } from './balance.entity';
export { Connection, connectionStatuses, type ConnectionStatus } from './connection.entity';
export {
  SyncRun,
  syncRunStatuses,
  syncTriggers,
  type SyncRunStatus,
  type SyncTrigger,
} from './sync-run.entity';
export { ConnectionsGraphqlModule, ConnectionsModule } from './connections.module';
export { ConnectionsService, connectionCallbackPath } from './connections.service';
export { ConnectorDirectory } from './connections.connector-directory';
export { ConnectionEndings } from './connections.endings';
export { SYNC_WORKFLOW, SyncStarter, type SyncWorkflowInput } from './connections.sync-starter';
export { TransactionsService, maxTransactionPageSize } from './transactions.service';
export {
  decodeCounterparty,
  encodeCounterparty,
  encodeIdentifiers,
  maskIdentifier,
  personalField,
} from './transactions.fields';
