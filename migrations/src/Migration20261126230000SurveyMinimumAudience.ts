import { Migration } from '@mikro-orm/migrations';

/**
 * The bank's privacy floor on survey results (issue 6, Seam D): `survey_settings.minimum_audience` is the
 * fewest respondents a question (and each answer bucket of it) needs before staff see its figures. A bank
 * without a row uses the platform's default (10); no bank may go below 5, whatever the platform's code
 * says, hence the check here too. Tenant-owned with row-level security; nothing personal.
 */
export class Migration20261126230000SurveyMinimumAudience extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table survey_settings (
        tenant_id         uuid primary key references tenant (id) on delete restrict,
        minimum_audience  integer not null,
        updated_at        timestamptz(3) not null default now(),
        constraint survey_settings_minimum_audience check (minimum_audience >= 5)
      );
    `);
    this.addSql(`alter table survey_settings enable row level security;`);
    this.addSql(`alter table survey_settings force row level security;`);
    this.addSql(`
      create policy survey_settings_tenant_isolation on survey_settings
        using (tenant_id = app_current_tenant_id())
        with check (tenant_id = app_current_tenant_id());
    `);
    this.addSql(`grant select, insert, update, delete on table survey_settings to finpersona_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table survey_settings;`);
  }
}
