export { DatabaseModule } from './database.module';
export { migrateDatabase } from './migrate';
