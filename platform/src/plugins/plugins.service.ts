import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  type DataConnector,
  type ExtensionPoint,
  type PluginContext,
  type PluginExtensions,
  PluginSettingsError,
  settingsProblemOf,
} from '@finpersona/plugin-sdk';
import * as semver from 'semver';
import { accessibleWhere } from '../access';
import type { PluginConnectors } from '../accounts';
import { AuditService, type JsonValue, redactedChanges } from '../audit';
import type { PluginCallResult } from '../plugin-isolation';
import type { EnabledRulePack, RulePackSource } from '../compliance';
import { FieldEncryptionService } from '../crypto';
import { Conflict, Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import { type Region, TenancyService } from '../tenancy';
import { OutboxService } from '../webhooks';
import { declaredHosts, limitedToDeclaredHosts } from './declared-hosts';
import { type CataloguedPlugin, PluginCatalogue } from './plugin-catalogue';
import { PluginReleases } from './plugin-releases';
import { ThirdPartyRuntime } from './third-party-runtime';
import { type InstallationStatus, PluginInstallation } from './plugin-installation.entity';

/** An installation as the bank administrator sees it: non-secret settings, secrets only as set/unset. */
export interface InstallationRecord {
  id: string;
  pluginId: string;
  version: string;
  status: InstallationStatus;
  settings: Record<string, unknown>;
  secrets: { name: string; set: boolean }[];
  installedBy: string;
  updatedBy: string;
  installedAt: Date;
  updatedAt: Date;
}

/** A plugin a bank gets when it is onboarded (installed and enabled unless it has it already). */
export interface InitialPlugin {
  id: string;
  /** Default: its newest compatible version. */
  version?: string;
  settings?: Record<string, unknown>;
}

/** An enabled plugin's implementation of one extension point, for the current bank (`enabledExtensions`). */
export interface EnabledExtension<Point extends keyof PluginExtensions> {
  pluginId: string;
  version: string;
  /**
   * Changes whenever the installation changes (reinstalled, upgraded, reconfigured): what the extension
   * computes from the same revision is the same, so it is a cache key.
   */
  revision: string;
  extension: NonNullable<PluginExtensions[Point]>;
  /** The bank and its settings for the plugin (secrets decrypted), to call the extension with. */
  context(): Promise<PluginContext>;
}

/**
 * Told when a recommendation-model plugin is enabled for the current bank (context's tenant), so the model's
 * retraining loop can start (model-registry's `RetrainingLoops`, which this capability does not import).
 * Called synchronously in the change's context; it must not throw and defers its own work past the commit.
 */
export interface RecommendationModelEnabledListener {
  modelEnabled(pluginId: string): void;
}

type Settings = Record<string, unknown>;

const secretsAddress = (rowId: string) => ({ table: 'plugin_installation', column: 'secrets_enc', rowId });
/** Audit values kept in clear: identifiers and statuses, never settings values. */
const clearAuditFields = ['pluginId', 'version', 'fromVersion', 'status', 'previousStatus', 'replacedBy'];

/**
 * The plugin host's per-bank side: install, configure, enable, disable, upgrade and uninstall plugins of
 * the `PluginCatalogue` for the current bank (request context or `runAsTenant`), each audited in the
 * change's transaction; and the `PluginConnectors` the `ConnectorRegistry` asks which connectors a bank
 * has enabled, with its settings (secrets decrypted under the bank's key).
 *
 * Settings are validated against the plugin version's JSON Schema (every problem named
 * `settings.<path>`), then by its `configure` hook if it declares one; bad input changes nothing. Secret
 * settings (`writeOnly` in the schema) are stored encrypted under the bank's data key and never returned;
 * a configuration that omits a secret keeps the stored one, `null` removes it.
 *
 * Compliance rule packs (`RulePackSource`): a bank has exactly one enabled once it has one. Enabling a
 * pack disables the bank's other enabled one in the same transaction (audited `plugin.disable` with
 * `replacedBy`), and the enabled pack cannot be disabled or uninstalled (INVALID: enable another first),
 * because consents, syncs and erasure follow its rules.
 */
@Injectable()
export class PluginsService implements PluginConnectors, RulePackSource {
  private readonly logger = new Logger('Plugins');
  private readonly modelListeners: RecommendationModelEnabledListener[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly catalogue: PluginCatalogue,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    private readonly outbox: OutboxService,
    private readonly releases: PluginReleases,
    private readonly runtime: ThirdPartyRuntime,
  ) {}

  /** The registry's plugins (third-party releases published by any process included), versions newest first. */
  async available(): Promise<{ id: string; versions: CataloguedPlugin[] }[]> {
    await this.releases.refresh();
    return this.catalogue.ids().map((id) => ({ id, versions: this.catalogue.versions(id) }));
  }

  /**
   * Calls `method` of extension point `point` of the current bank's ENABLED installation of `pluginId`, with
   * JSON `args`, and returns the typed outcome (never throws for what the plugin does). A third-party plugin
   * runs in the bank's sandbox (`ThirdPartyRuntime`; refusals and failures are audited on the bank's chain
   * as `plugin.call`); a first-party one in-process. NOT_FOUND when the bank has no such enabled plugin.
   */
  async call(
    pluginId: string,
    point: ExtensionPoint,
    method: string,
    args: JsonValue,
  ): Promise<PluginCallResult['outcome']> {
    await this.releases.refresh();
    const bank = await this.bank();
    const row = await this.em.transactional((em) =>
      em.findOne(PluginInstallation, { tenantId: bank.id, pluginId, status: 'enabled' }),
    );
    const plugin = row && this.catalogue.find(pluginId, row.version);
    if (!row || !plugin || plugin.incompatibility || !plugin.manifest.capabilities.includes(point)) {
      throw new NotFound(`This bank has no enabled plugin "${pluginId}" with the extension point ${point}.`);
    }
    const settings = await this.settingsOf(row);
    if (plugin.release) {
      const context = { tenantId: bank.id, region: bank.region, settings };
      return (await this.runtime.call(plugin.release, context, point, method, args)).outcome;
    }
    const implementation = (plugin.definition.extensions as Record<string, unknown>)[point] as
      Record<string, unknown> | undefined;
    const target =
      implementation && Object.hasOwn(implementation, method) ? implementation[method] : undefined;
    if (typeof target !== 'function') return { kind: 'unknown-method', method };
    return {
      kind: 'ok',
      value: (await (target as (args: JsonValue) => unknown).call(implementation, args)) as JsonValue,
    };
  }

  /** The current bank's installations (only its own: CASL conditions, the ORM filter and RLS). */
  async list(): Promise<InstallationRecord[]> {
    const where = accessibleWhere('read', 'PluginInstallation');
    if (!where) return [];
    const rows = await this.em.find(PluginInstallation, where as never, { orderBy: { pluginId: 'asc' } });
    return Promise.all(rows.map((row) => this.recordOf(row)));
  }

  /**
   * Installs plugin `pluginId` (version `version`, default its newest compatible one) for the current bank,
   * DISABLED until enabled; `settings` are validated when given. CONFLICT when installed already.
   */
  async install(input: {
    pluginId: string;
    version?: string | null;
    settings?: unknown;
  }): Promise<InstallationRecord> {
    await this.releases.refresh();
    const bank = await this.bank();
    const plugin = this.installable(input.pluginId, input.version ?? null, bank.region, 'version');
    const existing = await this.em.findOne(PluginInstallation, {
      tenantId: bank.id,
      pluginId: input.pluginId,
    });
    if (existing) {
      throw new Conflict(
        `The plugin "${input.pluginId}" is installed already; configure, upgrade or uninstall it instead.`,
      );
    }
    const given = input.settings !== undefined && input.settings !== null;
    const merged = this.mergeSettings(plugin, {}, given ? input.settings : {});
    // Settings may follow (configurePlugin); given ones must be valid now. Enabling checks them anyway.
    if (given) this.checkSettings(plugin, merged);
    const row = this.em.create(PluginInstallation, {
      tenantId: bank.id,
      pluginId: input.pluginId,
      version: plugin.manifest.version,
      status: 'disabled',
      installedBy: this.actor(),
      updatedBy: this.actor(),
    });
    await this.store(row, plugin, merged);
    await this.runHook(plugin, 'install', () =>
      plugin.definition.hooks?.install?.(this.hookContext(bank, merged)),
    );
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new Conflict(`The plugin "${input.pluginId}" was just installed by someone else; reload.`);
      }
      throw error;
    }
    await this.record('plugin.install', row, plugin, merged, {});
    await this.changed('install', row);
    return this.recordOf(row);
  }

  /** Replaces the non-secret settings (secrets omitted are kept, `null` removes one). */
  async configure(pluginId: string, settings: unknown): Promise<InstallationRecord> {
    const bank = await this.bank();
    const row = await this.installed(pluginId);
    const plugin = this.runnable(row);
    const current = await this.settingsOf(row);
    const merged = this.mergeSettings(plugin, current, settings);
    this.checkSettings(plugin, merged);
    await this.runHook(plugin, 'configure', () =>
      plugin.definition.hooks?.configure?.(this.hookContext(bank, merged)),
    );
    await this.store(row, plugin, merged);
    await this.em.flush();
    await this.record('plugin.configure', row, plugin, merged, current);
    await this.changed('configure', row);
    return this.recordOf(row);
  }

  /** Registers who is told when a recommendation-model plugin is enabled (see the listener's contract). */
  onRecommendationModelEnabled(listener: RecommendationModelEnabledListener): void {
    this.modelListeners.push(listener);
  }

  /**
   * Enables or disables the plugin for the bank; enabling needs settings that satisfy its schema. Enabling a
   * recommendation model (again, too: idempotent) tells the `onRecommendationModelEnabled` listeners.
   */
  async setEnabled(pluginId: string, enabled: boolean): Promise<InstallationRecord> {
    const row = await this.installed(pluginId);
    const plugin = this.runnable(row);
    const previousStatus = row.status;
    if (enabled) this.checkSettings(plugin, await this.settingsOf(row), 'configure the plugin first');
    if (isRulePack(plugin)) {
      if (enabled) await this.disableOtherRulePacks(row);
      else if (row.status === 'enabled') throw inForceRulePack(pluginId, 'disabled');
    }
    row.status = enabled ? 'enabled' : 'disabled';
    row.updatedBy = this.actor();
    row.updatedAt = new Date();
    await this.em.flush();
    // A disabled third-party plugin's sandbox stops now (in this process; others' idle out unused).
    if (!enabled) this.runtime.isolation.stopInstallation(row.tenantId, pluginId);
    await this.audit.record({
      action: enabled ? 'plugin.enable' : 'plugin.disable',
      resourceType: 'plugin-installation',
      resourceId: row.id,
      changes: redactedChanges({ pluginId, status: row.status, previousStatus }, clearAuditFields),
    });
    await this.changed(enabled ? 'enable' : 'disable', row);
    if (enabled && plugin.manifest.capabilities.includes('recommendation-model')) {
      for (const listener of this.modelListeners) {
        try {
          listener.modelEnabled(pluginId);
        } catch (error) {
          // The enable stands; the listener's own catch-up (a reconcile) covers what it missed.
          this.logger.warn(`model-enabled listener failed for ${pluginId}: ${String(error)}`);
        }
      }
    }
    return this.recordOf(row);
  }

  /**
   * Moves the installation to a newer version: the version must exist, be newer, run on this platform's
   * SDK and apply to the bank's region, and the settings (the current ones, or `settings` given with the
   * upgrade, secrets kept as in `configure`) must satisfy the new version's schema and hook.
   */
  async upgrade(pluginId: string, version: string, settings?: unknown): Promise<InstallationRecord> {
    await this.releases.refresh();
    const bank = await this.bank();
    const row = await this.installed(pluginId);
    const target = this.installable(pluginId, version, bank.region, 'version');
    if (!semver.valid(version) || !semver.gt(version, row.version)) {
      throw Invalid.fields([
        { field: 'version', problem: `must be newer than the installed version ${row.version}` },
      ]);
    }
    const current = await this.settingsOf(row);
    const merged =
      settings === undefined || settings === null
        ? this.mergeSettings(
            target,
            current,
            withoutSecrets(current, this.catalogue.find(pluginId, row.version)),
          )
        : this.mergeSettings(target, current, settings);
    this.checkSettings(target, merged, `they do not fit version ${version}; pass settings with the upgrade`);
    const fromVersion = row.version;
    await this.runHook(target, 'upgrade', () =>
      target.definition.hooks?.upgrade?.({ ...this.hookContext(bank, merged), fromVersion }),
    );
    row.version = version;
    await this.store(row, target, merged);
    await this.em.flush();
    this.runtime.isolation.stopInstallation(bank.id, pluginId);
    await this.record('plugin.upgrade', row, target, merged, current, { fromVersion });
    await this.changed('upgrade', row, fromVersion);
    return this.recordOf(row);
  }

  /** Removes the plugin from the bank (its settings and secrets with it); its connector stops serving the bank. */
  async uninstall(pluginId: string): Promise<InstallationRecord> {
    const bank = await this.bank();
    const row = await this.installed(pluginId);
    const plugin = this.catalogue.find(pluginId, row.version);
    if (plugin && isRulePack(plugin) && row.status === 'enabled')
      throw inForceRulePack(pluginId, 'uninstalled');
    const record = await this.recordOf(row);
    if (plugin) {
      await this.runHook(plugin, 'uninstall', () =>
        plugin.definition.hooks?.uninstall?.({ tenantId: bank.id, region: bank.region }),
      );
    }
    this.em.remove(row);
    await this.em.flush();
    this.runtime.isolation.stopInstallation(bank.id, pluginId);
    await this.audit.record({
      action: 'plugin.uninstall',
      resourceType: 'plugin-installation',
      resourceId: row.id,
      changes: redactedChanges({ pluginId, version: row.version, status: 'uninstalled' }, clearAuditFields),
    });
    await this.changed('uninstall', row);
    return record;
  }

  /**
   * For onboarding (system actor, `runAsTenant`): installs and enables each plugin the bank does not have
   * yet; one it has is left as the bank's administrators set it (re-running onboarding changes nothing).
   */
  async installInitialPlugins(plugins: readonly InitialPlugin[]): Promise<{ installed: string[] }> {
    return this.em.transactional(async () => {
      const installed: string[] = [];
      const bank = await this.bank();
      for (const initial of plugins) {
        if (await this.em.findOne(PluginInstallation, { tenantId: bank.id, pluginId: initial.id })) continue;
        const record = await this.install({
          pluginId: initial.id,
          version: initial.version ?? null,
          settings: initial.settings ?? {},
        });
        // A bank that has enabled a rule pack of its own keeps it: a re-run never replaces it.
        const plugin = this.catalogue.find(record.pluginId, record.version);
        if (!(plugin && isRulePack(plugin) && (await this.enabledRulePack(bank)))) {
          await this.setEnabled(initial.id, true);
        }
        installed.push(initial.id);
      }
      return { installed };
    });
  }

  // --- PluginConnectors: what the ConnectorRegistry asks ---

  refresh(): Promise<void> {
    return this.releases.refresh();
  }

  provides(connectorId: string): boolean {
    return this.catalogue.providerOf(connectorId) !== undefined;
  }

  async connectorFor(
    connectorId: string,
    tenant: { id: string; region: Region },
  ): Promise<DataConnector | null> {
    const pluginId = this.catalogue.providerOf(connectorId);
    if (!pluginId) return null;
    // The bank asked for must be the context's: a connector is never built with another bank's settings.
    if (requireContext().tenant?.id !== tenant.id) {
      throw new Error('A plugin connector is built only for the tenant of the current context');
    }
    await this.releases.refresh();
    return this.em.transactional(async (em) => {
      const row = await em.findOne(PluginInstallation, { tenantId: tenant.id, pluginId, status: 'enabled' });
      if (!row) return null;
      const plugin = this.catalogue.find(pluginId, row.version);
      const extension = plugin?.definition.extensions['data-connector'];
      if (!plugin || plugin.incompatibility || extension?.connectorId !== connectorId) return null;
      const settings = await this.settingsOf(row);
      const connector = extension.create({ tenantId: tenant.id, region: tenant.region, settings });
      // Its calls may reach only the hosts its manifest declares (for this bank's settings).
      return limitedToDeclaredHosts(connector, declaredHosts(plugin.manifest, settings));
    });
  }

  // --- Extensions: what capabilities ask for the current bank ---

  /**
   * Ids of the current bank's enabled plugins that implement `point` (as `enabledExtensions`), read in a
   * transaction of its own, so it also works outside a request (jobs under `runAsTenant`: row-level security
   * sees the tenant only inside a transaction).
   */
  async enabledPluginIds(point: keyof PluginExtensions): Promise<string[]> {
    return this.em.transactional(async () =>
      (await this.enabledExtensions(point)).map((enabled) => enabled.pluginId),
    );
  }

  /**
   * The current bank's enabled plugins that implement `point` (in plugin id order), at their installed
   * version; versions this process cannot run are left out. Only the context's bank: the ORM filter and
   * RLS see to that as well.
   */
  async enabledExtensions<Point extends keyof PluginExtensions>(
    point: Point,
  ): Promise<EnabledExtension<Point>[]> {
    const bank = await this.bank();
    const rows = await this.em.find(
      PluginInstallation,
      { tenantId: bank.id, status: 'enabled' },
      { orderBy: { pluginId: 'asc' } },
    );
    return rows.flatMap((row) => {
      const plugin = this.catalogue.find(row.pluginId, row.version);
      const extension = plugin?.incompatibility === null ? plugin.definition.extensions[point] : undefined;
      if (!extension) return [];
      return [
        {
          pluginId: row.pluginId,
          version: row.version,
          revision: `${row.id}@${row.version}@${row.updatedAt.toISOString()}`,
          extension: extension as NonNullable<PluginExtensions[Point]>,
          context: async () => this.hookContext(bank, await this.settingsOf(row)),
        },
      ];
    });
  }

  // --- RulePackSource: what the compliance capability asks ---

  async enabledRulePack(tenant: { id: string; region: Region }): Promise<EnabledRulePack | null> {
    if (requireContext().tenant?.id !== tenant.id) {
      throw new Error("A bank's rule pack is read only for the tenant of the current context");
    }
    // In the caller's transaction when there is one (the tenant's row-level security is set in it).
    const current = this.em.getContext() as EntityManager;
    const find = (em: EntityManager) =>
      em.find(
        PluginInstallation,
        { tenantId: tenant.id, status: 'enabled' },
        { orderBy: { updatedAt: 'desc' } },
      );
    const rows = current.isInTransaction() ? await find(current) : await this.em.transactional(find);
    for (const row of rows) {
      const plugin = this.catalogue.find(row.pluginId, row.version);
      const extension = plugin?.definition.extensions['compliance-rule-pack'];
      if (
        !plugin ||
        plugin.incompatibility ||
        !extension ||
        !plugin.manifest.regions.includes(tenant.region)
      ) {
        continue;
      }
      return {
        pluginId: row.pluginId,
        version: row.version,
        revision: `${row.id}:${row.version}:${row.updatedAt.toISOString()}`,
        rules: async () =>
          extension.rulesFor({
            tenantId: tenant.id,
            region: tenant.region,
            settings: await this.settingsOf(row),
          }),
      };
    }
    return null;
  }

  /** Disables the bank's enabled rule packs other than `row`'s: the one being enabled replaces them. */
  private async disableOtherRulePacks(row: PluginInstallation): Promise<void> {
    const others = await this.em.find(
      PluginInstallation,
      { tenantId: row.tenantId, status: 'enabled', pluginId: { $ne: row.pluginId } },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const other of others) {
      const plugin = this.catalogue.find(other.pluginId, other.version);
      if (!plugin || !isRulePack(plugin)) continue;
      other.status = 'disabled';
      other.updatedBy = this.actor();
      other.updatedAt = new Date();
      await this.em.flush();
      await this.audit.record({
        action: 'plugin.disable',
        resourceType: 'plugin-installation',
        resourceId: other.id,
        changes: redactedChanges(
          {
            pluginId: other.pluginId,
            status: 'disabled',
            previousStatus: 'enabled',
            replacedBy: row.pluginId,
          },
          clearAuditFields,
        ),
      });
      await this.changed('disable', other);
    }
  }

  // --- helpers ---

  private async bank(): Promise<{ id: string; region: Region }> {
    const tenant = requireContext().tenant;
    if (!tenant)
      throw new Error('Plugin installations are tenant-owned: use them in a request or runAsTenant()');
    const record = await this.tenancy.getById(tenant.id);
    return { id: record.id, region: record.region };
  }

  private actor(): string {
    return requireContext().principal?.subject ?? 'system';
  }

  /** The bank's installation of `pluginId`, locked for the change; NOT_FOUND when it has none. */
  private async installed(pluginId: string): Promise<PluginInstallation> {
    const { principal, tenant } = requireContext();
    // A person acts within their abilities; system work (onboarding) acts for the context's bank.
    const where = principal ? accessibleWhere('update', 'PluginInstallation') : { tenantId: tenant?.id };
    const row = where
      ? await this.em.findOne(
          PluginInstallation,
          { $and: [where as never, { pluginId }] },
          {
            lockMode: LockMode.PESSIMISTIC_WRITE,
          },
        )
      : null;
    if (!row) throw new NotFound(`This bank has no plugin "${pluginId}" installed; install it first.`);
    return row;
  }

  /** The catalogue entry of an installed version; CONFLICT when this process no longer has it. */
  private runnable(row: PluginInstallation): CataloguedPlugin {
    const plugin = this.catalogue.find(row.pluginId, row.version);
    if (!plugin || plugin.incompatibility) {
      throw new Conflict(
        `Version ${row.version} of the plugin "${row.pluginId}" is not available on this platform any more; upgrade it.`,
      );
    }
    return plugin;
  }

  /** A version the bank may install: known, compatible with this platform's SDK, for the bank's region. */
  private installable(
    pluginId: string,
    version: string | null,
    region: Region,
    versionField: string,
  ): CataloguedPlugin {
    if (this.catalogue.versions(pluginId).length === 0) {
      throw Invalid.fields([
        { field: 'pluginId', problem: `names no plugin available here ("${pluginId}")` },
      ]);
    }
    const plugin = this.catalogue.find(pluginId, version);
    if (!plugin) {
      throw Invalid.fields([
        {
          field: versionField,
          problem: `must be one of ${this.catalogue
            .versions(pluginId)
            .map((entry) => entry.manifest.version)
            .join(', ')}`,
        },
      ]);
    }
    if (plugin.incompatibility) {
      throw Invalid.fields([{ field: versionField, problem: `cannot run here: ${plugin.incompatibility}` }]);
    }
    if (!plugin.manifest.regions.includes(region)) {
      throw Invalid.fields([
        {
          field: 'pluginId',
          problem: `applies to banks in ${plugin.manifest.regions.join(', ')}; this bank is in ${region}`,
        },
      ]);
    }
    return plugin;
  }

  /**
   * The settings after a change: `input`'s non-secret settings replace the current ones; a secret in
   * `input` replaces the stored one (`null` removes it), a secret omitted is kept.
   */
  private mergeSettings(plugin: CataloguedPlugin, current: Settings, input: unknown): Settings {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw Invalid.fields([{ field: 'settings', problem: 'must be a JSON object' }]);
    }
    const merged: Settings = {};
    for (const name of plugin.secrets) if (current[name] !== undefined) merged[name] = current[name];
    for (const [name, value] of Object.entries(input as Settings)) {
      if (plugin.secrets.includes(name) && value === null) delete merged[name];
      else merged[name] = value;
    }
    return merged;
  }

  /** INVALID naming every setting at fault (never its value: it may be a secret). */
  private checkSettings(plugin: CataloguedPlugin, settings: Settings, advice?: string): void {
    if (plugin.validateSettings(settings)) return;
    const problems = (plugin.validateSettings.errors ?? []).map((error) => settingsProblemOf(error));
    throw Invalid.fields(
      advice ? problems.map((p) => ({ ...p, problem: `${p.problem} (${advice})` })) : problems,
    );
  }

  /** Splits settings into the stored jsonb and the encrypted secrets of the row. */
  private async store(row: PluginInstallation, plugin: CataloguedPlugin, settings: Settings): Promise<void> {
    const secrets: Settings = {};
    const plain: Settings = {};
    for (const [name, value] of Object.entries(settings)) {
      if (plugin.secrets.includes(name)) secrets[name] = value;
      else plain[name] = value;
    }
    row.settings = plain;
    row.secretsEnc =
      Object.keys(secrets).length === 0
        ? null
        : (
            await this.encryption.encryptForTenant([
              { address: secretsAddress(row.id), plaintext: JSON.stringify(secrets) },
            ])
          )[0]!;
    row.updatedBy = this.actor();
    row.updatedAt = new Date();
  }

  /** Non-secret and secret settings together (secrets decrypted under the bank's key). */
  private async settingsOf(row: PluginInstallation): Promise<Settings> {
    const secrets = row.secretsEnc
      ? (JSON.parse(await this.encryption.decrypt(row.secretsEnc, secretsAddress(row.id))) as Settings)
      : {};
    return { ...row.settings, ...secrets };
  }

  private hookContext(bank: { id: string; region: Region }, settings: Settings): PluginContext {
    return { tenantId: bank.id, region: bank.region, settings };
  }

  /** Runs a lifecycle hook; a refusal is INVALID (settings) or CONFLICT, and the change is not made. */
  private async runHook(plugin: CataloguedPlugin, hook: string, run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof PluginSettingsError) {
        throw Invalid.fields(
          error.problems.map((problem) => ({ field: `settings.${problem.field}`, problem: problem.problem })),
        );
      }
      this.logger.warn(
        `plugin ${plugin.manifest.id} ${plugin.manifest.version} hook ${hook} failed: ${String(error)}`,
      );
      throw new Conflict(
        `The plugin "${plugin.manifest.id}" refused the change in its ${hook} hook; nothing was changed. Ask its publisher.`,
      );
    }
  }

  private async record(
    action: string,
    row: PluginInstallation,
    plugin: CataloguedPlugin,
    settings: Settings,
    before: Settings,
    extra: Record<string, JsonValue> = {},
  ): Promise<void> {
    const plain = Object.fromEntries(
      Object.entries(settings).filter(([name]) => !plugin.secrets.includes(name)),
    );
    // Which secrets changed, by name: "set", "removed" or "kept" — never a value.
    const secrets: Record<string, string> = {};
    for (const name of plugin.secrets) {
      if (settings[name] === undefined && before[name] === undefined) continue;
      secrets[name] =
        settings[name] === undefined ? 'removed' : settings[name] === before[name] ? 'kept' : 'set';
    }
    await this.audit.record({
      action,
      resourceType: 'plugin-installation',
      resourceId: row.id,
      changes: {
        ...redactedChanges(
          { pluginId: row.pluginId, version: row.version, status: row.status, settings: plain, ...extra },
          clearAuditFields,
        ),
        ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
      },
    });
  }

  /** The `plugin.changed` outbox event of a change, in its transaction (ids and statuses only). */
  private async changed(
    change: 'install' | 'configure' | 'enable' | 'disable' | 'upgrade' | 'uninstall',
    row: PluginInstallation,
    fromVersion: string | null = null,
  ): Promise<void> {
    await this.outbox.record('plugin.changed', {
      installationId: row.id,
      pluginId: row.pluginId,
      change,
      version: row.version,
      fromVersion,
      status: change === 'uninstall' ? 'uninstalled' : row.status,
    });
  }

  private async recordOf(row: PluginInstallation): Promise<InstallationRecord> {
    const plugin = this.catalogue.find(row.pluginId, row.version);
    const stored = row.secretsEnc
      ? Object.keys(
          JSON.parse(await this.encryption.decrypt(row.secretsEnc, secretsAddress(row.id))) as Settings,
        )
      : [];
    return {
      id: row.id,
      pluginId: row.pluginId,
      version: row.version,
      status: row.status,
      settings: { ...row.settings },
      secrets: (plugin?.secrets ?? stored).map((name) => ({ name, set: stored.includes(name) })),
      installedBy: row.installedBy,
      updatedBy: row.updatedBy,
      installedAt: row.installedAt,
      updatedAt: row.updatedAt,
    };
  }
}

function isRulePack(plugin: CataloguedPlugin): boolean {
  return plugin.manifest.capabilities.includes('compliance-rule-pack');
}

/** The bank's rule pack in force may not be switched off: another must replace it first. */
function inForceRulePack(pluginId: string, change: 'disabled' | 'uninstalled'): Invalid {
  return Invalid.fields([
    {
      field: 'pluginId',
      problem: `"${pluginId}" is this bank's compliance rule pack in force and cannot be ${change}: consents, syncs and erasure follow its rules. Install and enable another compliance rule pack first (enabling it replaces this one).`,
    },
  ]);
}

/** The non-secret part of `settings` under `plugin`'s schema (all of it when the plugin is unknown). */
function withoutSecrets(settings: Settings, plugin: CataloguedPlugin | undefined): Settings {
  return Object.fromEntries(Object.entries(settings).filter(([name]) => !plugin?.secrets.includes(name)));
}
