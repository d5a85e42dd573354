export { DatabaseModule } from './database.module';
export { EntityManagerScope } from './entity-manager-scope';
export type { FinishedListener, TransactionOutcome } from './entity-manager-scope';
export { migrateDatabase } from './migrate';
export { TENANT_SETTING, TenantOwned, TenantSettingSubscriber } from './tenant-scope';
export { inTransaction } from './in-transaction';
