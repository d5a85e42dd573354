import { Migration } from '@mikro-orm/migrations';

/**
 * A notification about one thing (its `subject_ref`, e.g. `consent:<id>:<deadline>`) exists at most once
 * per customer: the consent lifecycle's reminder activity may be retried or re-run by Temporal, and the
 * insert (`on conflict do nothing`) then leaves the first one as it is.
 */
export class Migration20261126140000NotificationOnce extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create unique index notification_subject_once
        on notification (tenant_id, customer_id, subject_ref) where subject_ref is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index notification_subject_once;`);
  }
}
