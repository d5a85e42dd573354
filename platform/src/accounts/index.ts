export { Account } from './account.entity';
export { AccountTransaction } from './account-transaction.entity';
export { AccountsModule, SyncStartModule } from './accounts.module';
export { Balance } from './balance.entity';
export { Connection, connectionStatuses, type ConnectionStatus } from './connection.entity';
export {
  ConnectorRegistry,
  type ConnectorFactory,
  type ConnectorFactoryContext,
  type ConnectorOptions,
  type PluginConnectors,
} from './connector-registry';
export { STATEMENT_CONNECTOR_ID } from './statement-file-connector';
export {
  StatementImportsService,
  type ImportStatementInput,
  type StatementImportResult,
  type StatementSummary,
} from './statement-imports.service';
export { StatementUploads, maxStatementBytes } from './statement-uploads';
export {
  IngestService,
  connectionStopReason,
  refetchOverlapDays,
  type StoredAccounts,
} from './ingest.service';
export { maxSourceIdLength, maxTextLength } from './ingest-validation';
export {
  SYNC_REQUESTED_SIGNAL,
  SYNC_WORKFLOW,
  maxRejectionsReported,
  scheduledSyncWorkflowId,
  syncScheduleId,
  syncWorkflowId,
  type AccountSyncReport,
  type IngestReport,
  type Rejection,
  type SyncConnectionInput,
  type SyncReport,
  type SyncRequest,
  type SyncResult,
} from './sync-contract';
export {
  SyncRun,
  syncRunStatuses,
  syncTriggers,
  type SyncRunStatus,
  type SyncTrigger,
} from './sync-run.entity';
export { SyncStarter } from './sync-starter';
export { SyncService, scheduleIntervalMs, type SyncStart } from './sync.service';
export { ConnectionsGraphqlModule, ConnectionsModule } from './connections.module';
export { ConnectionsService, connectionCallbackPath } from './connections.service';
export { ConnectionEndings } from './connections.endings';
export { TransactionsService, maxTransactionPageSize } from './transactions.service';
export {
  decodeCounterparty,
  encodeCounterparty,
  encodeIdentifiers,
  maskIdentifier,
  personalField,
} from './transactions.fields';
export { TransactionDirectionValue } from './accounts.graphql';
