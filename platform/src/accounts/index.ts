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
