import { Migration } from '@mikro-orm/migrations';

/**
 * Plugins a bank has installed (issue 4): one row per (bank, plugin), with the version it runs, whether it
 * is enabled, its non-secret settings (`settings`, jsonb) and its secret settings (`secrets_enc`: a JSON
 * object encrypted under the BANK's data key by the platform's `FieldEncryptionService`, bound to the row;
 * NULL when the plugin has no secret set). Secrets are the bank's (client credentials at its ASPSP), not a
 * customer's, so no `customer_id` and no customer key. `installed_by` / `updated_by` are the staff
 * subjects (token `sub`) who made the change.
 */
export class Migration20261126170000PluginInstallations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table plugin_installation (
        id            uuid primary key,
        tenant_id     uuid not null references tenant (id) on delete restrict,
        plugin_id     text not null,
        version       text not null,
        status        text not null,
        settings      jsonb not null default '{}'::jsonb,
        secrets_enc   text null,
        installed_by  text not null,
        updated_by    text not null,
        installed_at  timestamptz(3) not null default now(),
        updated_at    timestamptz(3) not null default now(),
        constraint plugin_installation_plugin_id_format check (plugin_id ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        constraint plugin_installation_status_known check (status in ('enabled', 'disabled')),
        constraint plugin_installation_settings_object check (jsonb_typeof(settings) = 'object'),
        constraint plugin_installation_once unique (tenant_id, plugin_id)
      );
    `);
    this.addSql(`alter table plugin_installation enable row level security;`);
    this.addSql(`alter table plugin_installation force row level security;`);
    this.addSql(`
      create policy plugin_installation_tenant_isolation on plugin_installation
        using (tenant_id = app_current_tenant_id())
        with check (tenant_id = app_current_tenant_id());
    `);
    this.addSql(`grant select, insert, update, delete on table plugin_installation to finpersona_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table plugin_installation;`);
  }
}
