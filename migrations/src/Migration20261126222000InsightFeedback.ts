import { Migration } from '@mikro-orm/migrations';

/**
 * Customers' feedback on insights and the bank's per-kind switches (issue 6):
 *
 * - `insight_engagement.outcome` may be `acted` (the customer did what the insight suggested) besides
 *   `shown`, `opened`, `dismissed`, `thumbs-up` and `thumbs-down`. Thumbs stay outcome rows (one of the two
 *   per insight, the service replaces the other), so `learnedRelevance` counts them as before.
 * - `insight_settings.disabled_kinds`: insight kinds the bank turned off; they are neither generated nor
 *   listed. Every other kind its enabled generators declare is on.
 * - An index for engagement figures by the time insights were created (staff analytics by window).
 */
export class Migration20261126222000InsightFeedback extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table insight_engagement drop constraint insight_engagement_outcome;`);
    this.addSql(`
      alter table insight_engagement add constraint insight_engagement_outcome check
        (outcome in ('shown', 'opened', 'dismissed', 'acted', 'thumbs-up', 'thumbs-down'));
    `);
    this.addSql(`alter table insight_settings add column disabled_kinds text[] not null default '{}';`);
    this.addSql(`create index insight_created on insight (tenant_id, created_at);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index insight_created;`);
    this.addSql(`alter table insight_settings drop column disabled_kinds;`);
    this.addSql(`delete from insight_engagement where outcome = 'acted';`);
    this.addSql(`alter table insight_engagement drop constraint insight_engagement_outcome;`);
    this.addSql(`
      alter table insight_engagement add constraint insight_engagement_outcome check
        (outcome in ('shown', 'opened', 'dismissed', 'thumbs-up', 'thumbs-down'));
    `);
  }
}
