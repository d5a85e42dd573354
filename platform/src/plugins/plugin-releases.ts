import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import type { PluginManifest } from '@finpersona/plugin-sdk';
import { AuditService } from '../audit';
import { Conflict, Invalid } from '../errors';
import { defaultIsolationLimits, type PluginCallOutcome } from '../plugin-isolation';
import { PluginCatalogue, PluginRefused } from './plugin-catalogue';
import { type PluginRelease, type ReleaseImplementation, ThirdPartyRuntime } from './third-party-runtime';

/** Largest bundle `publish` accepts: the isolation runtime's bundle limit (5 MiB). */
export const maxPluginBundleBytes = defaultIsolationLimits.maxBundleBytes;

export interface PublishResult {
  pluginId: string;
  version: string;
  sha256: string;
  /** `published` now, or `unchanged`: the same bytes were published as this version before. */
  status: 'published' | 'unchanged';
}

interface ReleaseRow {
  plugin_id: string;
  version: string;
  seq: string;
  manifest: PluginManifest & { readonly implemented?: never };
  implemented: ReleaseImplementation;
  bundle: Buffer;
  sha256: string;
  published_at: string | Date;
  published_by: string;
}

/**
 * Third-party releases (table `plugin_release`, platform-wide): `publish` (the operator's
 * `cli.js publish-plugin`) and the catalogue's read-through. Several platform processes (API replicas, the
 * worker) share the table: each keeps the largest `seq` it has loaded, and `refresh()` — run before the
 * plugin host reads the catalogue — asks the database for the table's largest `seq` (one indexed look-up)
 * and loads only newer rows. Releases are never updated or deleted, so that check is exact.
 */
@Injectable()
export class PluginReleases {
  private readonly logger = new Logger('PluginReleases');
  private loadedSeq = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly catalogue: PluginCatalogue,
    private readonly runtime: ThirdPartyRuntime,
    private readonly audit: AuditService,
  ) {}

  /** Loads releases published since the last refresh (by any process) into the catalogue. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Publishes a bundle as a third-party release, operator work (no tenant; audited `plugin.publish` on the
   * platform chain in the same transaction). The bundle is loaded in the isolation runtime to read its
   * definition — the manifest and what it implements, as the sandbox sees them — which must pass
   * `validateManifest` (implemented extension points and hooks included), be `trust: "third-party"`
   * (first-party plugins come only from the platform's own code) and not take another plugin's connector id.
   * A version published before with the same bytes is `unchanged`; with other bytes it is refused
   * (CONFLICT: a version never changes; publish a new version).
   */
  async publish(bytes: Buffer, publishedBy: string): Promise<PublishResult> {
    try {
      return await this.publishChecked(bytes, publishedBy);
    } catch (error) {
      // A refused bundle is recorded too (platform chain, a transaction of its own): who tried what.
      if (error instanceof Invalid || error instanceof Conflict) {
        await this.audit.record({
          action: 'plugin.publish',
          resourceType: 'plugin',
          resourceId: null,
          changes: {
            sha256: createHash('sha256').update(bytes).digest('hex'),
            bytes: bytes.byteLength,
            publishedBy,
            refused: error.message.slice(0, 2_000),
          },
          outcome: 'denied',
        });
      }
      throw error;
    }
  }

  private async publishChecked(bytes: Buffer, publishedBy: string): Promise<PublishResult> {
    if (bytes.byteLength === 0 || bytes.byteLength > maxPluginBundleBytes) {
      throw Invalid.fields([
        {
          field: 'bundle',
          problem: `is ${bytes.byteLength} bytes; a bundle must be 1 to ${maxPluginBundleBytes} bytes`,
        },
      ]);
    }
    const bundle = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const described = await this.runtime.isolation.describeBundle(bundle);
    if (described.kind !== 'ok') {
      throw Invalid.fields([
        { field: 'bundle', problem: `could not be loaded in the sandbox: ${describeOutcome(described)}` },
      ]);
    }
    const { manifest, extensions, hooks } = described.value as unknown as {
      manifest: unknown;
      extensions: ReleaseImplementation['extensions'];
      hooks: string[];
    };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const release: PluginRelease = {
      pluginId: String((manifest as { id?: unknown } | null)?.id ?? ''),
      version: String((manifest as { version?: unknown } | null)?.version ?? ''),
      manifest: manifest as PluginManifest,
      bundle,
      sha256,
      publishedAt: new Date(),
      publishedBy,
      implemented: { extensions, hooks },
    };
    const definition = this.runtime.definitionOf(release);
    const { broken } = this.catalogue.check(definition);
    if (broken.length > 0) throw manifestInvalid(broken);
    if (release.manifest.trust !== 'third-party') {
      throw manifestInvalid([
        {
          path: '$.trust',
          message: 'must be "third-party": first-party plugins come only from the platform’s own code',
        },
      ]);
    }
    if (extensions['data-connector'] && typeof extensions['data-connector'].connectorId !== 'string') {
      throw manifestInvalid([
        { path: '$.capabilities', message: 'its data-connector extension has no connectorId' },
      ]);
    }
    await this.refresh();
    const conflict = this.catalogue.connectorConflict(definition);
    if (conflict) throw manifestInvalid([conflict]);

    const result = await this.em.transactional(async (em) => {
      const [existing] = await em.execute<{ sha256: string }[]>(
        `select sha256 from plugin_release where plugin_id = ? and version = ?`,
        [release.pluginId, release.version],
      );
      if (existing) {
        if (existing.sha256 !== sha256) {
          throw new Conflict(
            `Version ${release.version} of the plugin "${release.pluginId}" is published already with other content ` +
              `(SHA-256 ${existing.sha256}); a version never changes: publish it as a new version.`,
          );
        }
        return 'unchanged' as const;
      }
      await em.execute(
        `insert into plugin_release (plugin_id, version, manifest, implemented, bundle, sha256, published_by)
         values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)`,
        [
          release.pluginId,
          release.version,
          JSON.stringify(manifest),
          JSON.stringify(release.implemented),
          bytes,
          sha256,
          publishedBy,
        ],
      );
      await this.audit.record({
        action: 'plugin.publish',
        resourceType: 'plugin',
        resourceId: `${release.pluginId}@${release.version}`,
        changes: {
          pluginId: release.pluginId,
          version: release.version,
          sha256,
          bytes: bytes.byteLength,
          publishedBy,
          capabilities: [...release.manifest.capabilities],
          dataPermissions: [...release.manifest.permissions.data],
        },
      });
      return 'published' as const;
    });
    await this.refresh();
    return { pluginId: release.pluginId, version: release.version, sha256, status: result };
  }

  private async load(): Promise<void> {
    const em = this.em.fork();
    const [head] = await em.execute<{ seq: string | null }[]>(`select max(seq) as seq from plugin_release`);
    if (head?.seq === null || head === undefined || Number(head.seq) <= this.loadedSeq) return;
    const rows = await em.execute<ReleaseRow[]>(
      `select plugin_id, version, seq, manifest, implemented, bundle, sha256, published_at, published_by
         from plugin_release where seq > ? order by seq`,
      [this.loadedSeq],
    );
    for (const row of rows) {
      const release: PluginRelease = {
        pluginId: row.plugin_id,
        version: row.version,
        manifest: row.manifest,
        bundle: row.bundle.toString('utf8'),
        sha256: row.sha256,
        publishedAt: new Date(row.published_at),
        publishedBy: row.published_by,
        implemented: row.implemented,
      };
      try {
        this.catalogue.register(this.runtime.definitionOf(release), release);
      } catch (error) {
        // Valid when published; refused now only if this platform's rules changed. Listed nowhere, logged.
        if (!(error instanceof PluginRefused)) throw error;
        this.logger.warn(`release ${row.plugin_id}@${row.version} is not loaded: ${error.message}`);
      }
      this.loadedSeq = Math.max(this.loadedSeq, Number(row.seq));
    }
  }
}

function manifestInvalid(problems: readonly { path: string; message: string }[]): Invalid {
  return Invalid.fields(
    problems.map((problem) => ({
      // What the code declares (`$.extensions.…`) is not in the manifest: named as it is in the definition.
      field: problem.path.startsWith('$.extensions.')
        ? problem.path.slice(2)
        : `manifest${problem.path.slice(1)}`,
      problem: problem.message,
    })),
  );
}

function describeOutcome(outcome: Exclude<PluginCallOutcome, { kind: 'ok' }>): string {
  const { kind, ...detail } = outcome;
  return `${kind} ${JSON.stringify(detail)}`;
}
