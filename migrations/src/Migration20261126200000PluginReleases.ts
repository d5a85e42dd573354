import { Migration } from '@mikro-orm/migrations';

/**
 * Third-party plugin releases (issue 4): what an operator published with `cli.js publish-plugin`, one row
 * per (plugin, version), with the manifest the sandbox read from the bundle, what the bundle's definition
 * implements (`implemented`: extension points, a connector's id, lifecycle hooks, as the sandbox reported
 * them), the bundle itself (one CommonJS script, run only in the isolation runtime) and its SHA-256.
 *
 * Platform-wide, NOT tenant-owned, so no `tenant_id` and no row-level security: a release is the
 * platform's catalogue, the same for every bank (like the first-party plugins compiled into the platform);
 * which bank uses it is `plugin_installation`, which is tenant-owned. Nothing here is a bank's or a
 * customer's data.
 *
 * Releases are immutable: the application role may read and insert, never update or delete, so a
 * version's bundle cannot change under the banks that installed it (the isolation runtime keys sandboxes
 * by plugin version). `seq` only grows: processes compare the largest they have loaded with the table's
 * to see whether another process published something since (the catalogue's version check).
 */
export class Migration20261126200000PluginReleases extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table plugin_release (
        plugin_id     text not null,
        version       text not null,
        seq           bigint generated always as identity,
        manifest      jsonb not null,
        implemented   jsonb not null,
        bundle        bytea not null,
        sha256        text not null,
        published_at  timestamptz(3) not null default now(),
        published_by  text not null,
        constraint plugin_release_pkey primary key (plugin_id, version),
        constraint plugin_release_seq_unique unique (seq),
        constraint plugin_release_plugin_id_format check (plugin_id ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        constraint plugin_release_manifest_matches
          check (manifest ->> 'id' = plugin_id and manifest ->> 'version' = version),
        constraint plugin_release_third_party check (manifest ->> 'trust' = 'third-party'),
        constraint plugin_release_implemented_object check (jsonb_typeof(implemented) = 'object'),
        constraint plugin_release_sha256_format check (sha256 ~ '^[0-9a-f]{64}$'),
        constraint plugin_release_bundle_size check (octet_length(bundle) between 1 and 5242880)
      );
    `);
    this.addSql(`grant select, insert on table plugin_release to finpersona_app;`);
    this.addSql(`revoke update, delete, truncate on table plugin_release from finpersona_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table plugin_release;`);
  }
}
