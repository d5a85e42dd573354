import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

export const installationStatuses = ['enabled', 'disabled'] as const;
export type InstallationStatus = (typeof installationStatuses)[number];

/**
 * A plugin a bank has installed (migration `PluginInstallations`): the version it runs, whether it is
 * enabled, its non-secret settings, and its secret settings as one ciphertext (`secretsEnc`: a JSON object
 * encrypted under the bank's data key, bound to this row's `secrets_enc`). One per (bank, plugin).
 */
@Entity({ tableName: 'plugin_installation' })
@TenantOwned()
export class PluginInstallation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'text' })
  pluginId!: string;

  @Property({ type: 'text' })
  version!: string;

  @Property({ type: 'text' })
  status!: InstallationStatus;

  @Property({ type: 'json' })
  settings: Record<string, unknown> & Opt = {};

  @Property({ type: 'text', nullable: true })
  secretsEnc: string | null = null;

  @Property({ type: 'text' })
  installedBy!: string;

  @Property({ type: 'text' })
  updatedBy!: string;

  @Property({ type: 'datetime', length: 3 })
  installedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}
