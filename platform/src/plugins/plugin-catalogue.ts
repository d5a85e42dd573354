import { Injectable } from '@nestjs/common';
import {
  type ManifestProblem,
  type PluginDefinition,
  type PluginManifest,
  sdkVersion,
  secretSettings,
  settingsAjv,
  validatePlugin,
} from '@finpersona/plugin-sdk';
import type { ValidateFunction } from 'ajv';
import * as semver from 'semver';
import type { PluginRelease } from './third-party-runtime';

/** A plugin version this process knows, with what the host derives from its manifest once. */
export interface CataloguedPlugin {
  readonly definition: PluginDefinition;
  readonly manifest: PluginManifest;
  /** Compiled settings schema (strict Ajv, formats on). */
  readonly validateSettings: ValidateFunction;
  /** Top-level `writeOnly` settings: stored encrypted, never returned. */
  readonly secrets: readonly string[];
  /** Why this platform cannot run it (its `sdk` range excludes the platform's SDK), or null. */
  readonly incompatibility: string | null;
  /**
   * A third-party plugin's published release (its `definition` forwards into the isolation runtime:
   * `ThirdPartyRuntime`); null for a first-party plugin, whose code runs in the platform's process.
   */
  readonly release: PluginRelease | null;
}

/** A plugin was refused at registration: its manifest or code is wrong (every problem listed). */
export class PluginRefused extends Error {
  override readonly name = 'PluginRefused';
  constructor(
    readonly pluginId: string,
    readonly problems: readonly ManifestProblem[],
  ) {
    super(
      `Plugin "${pluginId}" was refused: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`,
    );
  }
}

/**
 * The registry of available plugins and versions: the plugin packages this process was built with
 * (first-party plugins at start-up, fixtures in tests). Every version is validated when registered
 * (`validatePlugin`: manifest, settings schema, declared vs implemented); an invalid one is refused with
 * every problem. A version whose `sdk` range excludes the platform's SDK is listed but marked
 * incompatible (install and upgrade refuse it). First-party plugins are the platform's own code and run
 * in-process; third-party plugins enter only as published releases (`PluginReleases`, table
 * `plugin_release`), whose definition forwards every hook and extension into the isolation runtime.
 */
@Injectable()
export class PluginCatalogue {
  private readonly plugins = new Map<string, Map<string, CataloguedPlugin>>();

  /** The SDK version plugins are checked against (the SDK this platform was built with). */
  readonly sdkVersion = sdkVersion;

  /**
   * Registers a plugin version. First-party plugins come only from the platform's own code (`release`
   * omitted) and run in-process; third-party ones only as a published release (`release` given, the
   * definition being `ThirdPartyRuntime.definitionOf(release)`), which runs in the isolation runtime.
   */
  register(definition: PluginDefinition, release: PluginRelease | null = null): CataloguedPlugin {
    const id = String((definition.manifest as { id?: unknown } | undefined)?.id ?? '(no id)');
    const { broken, incompatibility } = this.check(definition);
    if (broken.length > 0) throw new PluginRefused(id, broken);
    const manifest = definition.manifest;
    if (manifest.trust === 'first-party' && release) {
      throw new PluginRefused(id, [
        {
          path: '$.trust',
          message: 'first-party plugins come only from the platform’s own code; publish third-party ones',
        },
      ]);
    }
    if (manifest.trust !== 'first-party' && !release) {
      throw new PluginRefused(id, [
        {
          path: '$.trust',
          message:
            'third-party plugins run only isolated: publish the bundle (cli.js publish-plugin) instead',
        },
      ]);
    }
    const versions = this.plugins.get(manifest.id) ?? new Map<string, CataloguedPlugin>();
    const catalogued: CataloguedPlugin = {
      definition,
      manifest,
      validateSettings: settingsAjv().compile(manifest.settings),
      secrets: secretSettings(manifest.settings),
      incompatibility,
      release,
    };
    const connectorProblem = this.connectorConflict(definition);
    if (connectorProblem) throw new PluginRefused(manifest.id, [connectorProblem]);
    versions.set(manifest.version, catalogued);
    this.plugins.set(manifest.id, versions);
    return catalogued;
  }

  /**
   * What is wrong with a plugin version: `broken` (manifest or code problems: refused) and
   * `incompatibility` (a valid `sdk` range that excludes this platform's SDK: listed, not installable).
   */
  check(definition: PluginDefinition): { broken: ManifestProblem[]; incompatibility: string | null } {
    const result = validatePlugin(definition, { sdkVersion: this.sdkVersion });
    const problems = result.ok ? [] : result.problems;
    const manifest = definition.manifest;
    // A range that parses but excludes our SDK is an incompatibility, not a broken manifest.
    const sdkRangeValid = typeof manifest?.sdk === 'string' && semver.validRange(manifest.sdk) !== null;
    const broken = problems.filter((problem) => !(problem.path === '$.sdk' && sdkRangeValid));
    return {
      broken,
      incompatibility:
        problems.length > broken.length
          ? `needs SDK ${manifest.sdk}; this platform runs SDK ${this.sdkVersion}`
          : null,
    };
  }

  /** The problem when the plugin's data connector id belongs to another plugin already, else null. */
  connectorConflict(definition: PluginDefinition): ManifestProblem | null {
    const connector = definition.extensions['data-connector'];
    const other = connector && this.providerOf(connector.connectorId);
    if (!other || other === definition.manifest.id) return null;
    return {
      path: '$.capabilities',
      message: `its data connector "${connector.connectorId}" is provided by plugin "${other}" already`,
    };
  }

  /** Every plugin id, sorted. */
  ids(): string[] {
    return [...this.plugins.keys()].sort();
  }

  /** The versions of plugin `id`, newest first (empty when unknown). */
  versions(id: string): CataloguedPlugin[] {
    return [...(this.plugins.get(id)?.values() ?? [])].sort((a, b) =>
      semver.rcompare(a.manifest.version, b.manifest.version),
    );
  }

  /** Version `version` of plugin `id`, or its newest compatible version when `version` is omitted. */
  find(id: string, version?: string | null): CataloguedPlugin | undefined {
    if (version) return this.plugins.get(id)?.get(version);
    return this.versions(id).find((plugin) => plugin.incompatibility === null);
  }

  /** The plugin id that provides data connector `connectorId`, if any. */
  providerOf(connectorId: string): string | undefined {
    for (const [id, versions] of this.plugins) {
      for (const plugin of versions.values()) {
        if (plugin.definition.extensions['data-connector']?.connectorId === connectorId) return id;
      }
    }
    return undefined;
  }
}
