import { Injectable } from '@nestjs/common';
import {
  type CandidateInsight,
  type ConnectionGrant,
  ConnectorError,
  type ConnectorContext,
  type DataConnector,
  connectorErrorCodes,
  type Explanation,
  type ExtensionPoint,
  type FeatureName,
  type InsightGeneratorExtension,
  type LifecycleHook,
  lifecycleHooks,
  type ModelRunContext,
  type PluginContext,
  type PluginDefinition,
  type PluginManifest,
  PluginSettingsError,
  type PredictionBatch,
  type PredictionResult,
  type ProductType,
  type RecommendationModelExtension,
  type TrainingResult,
} from '@finpersona/plugin-sdk';
import type { JsonValue } from '../audit';
import {
  type HostFunction,
  type IsolatedPlugin,
  type IsolationLimits,
  type PluginCallOutcome,
  type PluginCallResult,
  PluginIsolation,
} from '../plugin-isolation';
import { declaredHosts } from './declared-hosts';
import { PluginData } from './plugin-data';

/** A published third-party release as the catalogue holds it (table `plugin_release`). */
export interface PluginRelease {
  pluginId: string;
  version: string;
  manifest: PluginManifest;
  /** The bundle: one CommonJS script, run only in the isolation runtime. */
  bundle: string;
  sha256: string;
  publishedAt: Date;
  publishedBy: string;
  /** What the bundle's definition implements, as the sandbox reported it when it was published. */
  implemented: ReleaseImplementation;
}

/**
 * What a release implements, as the sandbox read it from the bundle when it was published: per extension
 * point the static declarations (a data connector's `connectorId`; an insight generator's `kinds`,
 * `features`, `transactionDays` and `locales`; a recommendation model's `features` and `productTypes`), and the hooks.
 * Releases published before the declarations were read carry none: republish them.
 */
export interface ReleaseImplementation {
  extensions: { [point: string]: ExtensionDeclarations };
  hooks: string[];
}

export interface ExtensionDeclarations {
  connectorId?: string;
  kinds?: { kind: string; description: string }[];
  features?: string[];
  productTypes?: string[];
  transactionDays?: number;
  locales?: string[];
}

/** A plugin call that did not end `ok` (and is not one of the SDK's typed refusals): the outcome says why. */
export class PluginCallFailed extends Error {
  override readonly name = 'PluginCallFailed';
  constructor(
    readonly pluginId: string,
    readonly method: string,
    readonly outcome: Exclude<PluginCallOutcome, { kind: 'ok' }>,
  ) {
    super(`The plugin "${pluginId}" failed in ${method}: ${outcome.kind}${limitOf(outcome)}`);
  }
}

/** The limit a stopped call ran into, for the message (what the operator's `PLUGIN_TRAIN_*` would change). */
function limitOf(outcome: Exclude<PluginCallOutcome, { kind: 'ok' }>): string {
  if (outcome.kind === 'timeout') return ` (${outcome.limit} limit of ${outcome.limitMs} ms)`;
  if (outcome.kind === 'memory') return ` (${outcome.limit} limit of ${outcome.limitMb} MB)`;
  if (outcome.kind === 'too-large') {
    return ` (${outcome.what}: ${outcome.bytes} bytes, the limit is ${outcome.limitBytes})`;
  }
  return '';
}

/**
 * Customers in one `predict` call of a third-party model at most, however few bytes they take: a batch is
 * sent in pages that fit the call's argument limit and this count (a page's CPU time stays small).
 */
export const predictPageCustomers = 1_000;
/** While a third-party model trains in its sandbox, the host heartbeats for it this often. */
const trainingHeartbeatMs = 30_000;

// Outcomes that say the plugin could not answer now (not that it answered wrongly): retrying may help.
const unavailableKinds = new Set<PluginCallOutcome['kind']>(['timeout', 'memory', 'crashed', 'overloaded']);

/**
 * Runs third-party releases through the isolation runtime only. `definitionOf(release)` is the
 * `PluginDefinition` the catalogue registers for a release: its lifecycle hooks and extensions are
 * forwarders into the bank's sandbox (one process per bank installation, `PluginIsolation`), so the plugin
 * host treats first- and third-party plugins alike while no third-party code runs in the platform's process:
 * - hooks: `hooks.<name>(context)` in the sandbox; a `PluginSettingsError` there is rebuilt here (the host
 *   names the fields), anything else refuses the change;
 * - compliance rule pack: `rulesFor(context)` is `extensions['compliance-rule-pack'].rulesFor(context, ctx)` in
 *   the sandbox, asynchronous (the host awaits it), failing with `PluginCallFailed`;
 * - data connector: `create(context)` returns an adapter whose every method is forwarded (JSON in and out,
 *   `ctx.fetch` done by the host to the manifest's declared hosts, `saveGrant` through the host);
 * - insight generator: its declarations from publishing; `create(context).generate(input)` in the sandbox;
 * - recommendation model: its declarations; `create(context)`'s `train` / `predict` / `explain` in the sandbox;
 * - product catalogue: `listProducts(context)` in the sandbox;
 * - any method of any point: `call(release, plugin, point, method, args)` → `extensions.<point>.<method>`,
 *   or the method of what a factory-shaped extension's `create(plugin)` builds.
 * Every call's `ctx.call` reaches the data host functions of the categories the manifest grants.
 */
@Injectable()
export class ThirdPartyRuntime {
  /** Limits per release; the isolation defaults unless replaced (`useLimits`). */
  private limitsOf: (release: PluginRelease) => Partial<IsolationLimits> | undefined = () => undefined;

  constructor(
    readonly isolation: PluginIsolation,
    private readonly data: PluginData,
  ) {}

  definitionOf(release: PluginRelease): PluginDefinition {
    const hooks: Record<string, (context: PluginContext) => Promise<void>> = {};
    for (const hook of release.implemented.hooks) {
      if ((lifecycleHooks as readonly string[]).includes(hook)) {
        hooks[hook] = (context) => this.runHook(release, hook as LifecycleHook, context);
      }
    }
    const extensions: Record<string, unknown> = {};
    for (const [point, declared] of Object.entries(release.implemented.extensions)) {
      extensions[point] =
        point === 'data-connector'
          ? {
              connectorId: declared.connectorId ?? '',
              create: (context: PluginContext) => new IsolatedConnector(this, release, context),
            }
          : point === 'compliance-rule-pack'
            ? // Asynchronous here (the host awaits it: `EnabledRulePack.rules()`); the sandbox validates nothing,
              // ComplianceRules validates the rules before applying them.
              { rulesFor: (context: PluginContext) => this.rulesFor(release, context) }
            : point === 'insight-generator'
              ? this.insightGenerator(release, declared)
              : point === 'recommendation-model'
                ? this.recommendationModel(release, declared)
                : point === 'product-catalogue'
                  ? // The products service validates what comes back (`validateProducts`).
                    {
                      listProducts: (context: PluginContext) =>
                        this.answer(release, context, 'product-catalogue', 'listProducts', json(context)),
                    }
                  : { isolated: point };
    }
    return { manifest: release.manifest, extensions, hooks } as PluginDefinition;
  }

  /**
   * Replaces the limits releases run under. Operators set limits per kind of call only (`PLUGIN_TRAIN_*`
   * for a model's `train`, applied by the isolation over these), not per plugin; the host-path corpus test
   * uses this to run each case under the corpus limits.
   */
  useLimits(limitsOf: (release: PluginRelease) => Partial<IsolationLimits> | undefined): void {
    this.limitsOf = limitsOf;
  }

  /** The sandbox's view of the release for one bank: its bundle, the declared hosts, the granted functions. */
  isolatedPlugin(
    release: PluginRelease,
    settings: Readonly<Record<string, unknown>>,
    extra: Record<string, HostFunction> = {},
  ): IsolatedPlugin {
    return {
      id: release.pluginId,
      version: release.version,
      bundle: release.bundle,
      allowedHosts: declaredHosts(release.manifest, settings),
      hostFunctions: { ...this.data.hostFunctionsFor(release.manifest.permissions.data), ...extra },
      limits: this.limitsOf(release),
    };
  }

  /**
   * `extensions.<point>.<method>(args, ctx)` in the current bank's sandbox, or, for a factory-shaped
   * extension (recommendation model, insight generator: `create(context)`), `<method>(args, ctx)` of what
   * its `create(plugin)` builds there; the typed outcome is returned.
   */
  call(
    release: PluginRelease,
    plugin: PluginContext,
    point: ExtensionPoint,
    method: string,
    args: JsonValue,
  ): Promise<PluginCallResult> {
    return this.isolation.callExtension(this.isolatedPlugin(release, plugin.settings), point, method, {
      plugin: json(plugin) as { tenantId: string; region: string; settings: { [key: string]: JsonValue } },
      args,
    });
  }

  private rulesFor(release: PluginRelease, context: PluginContext): Promise<JsonValue> {
    return this.answer(release, context, 'compliance-rule-pack', 'rulesFor', json(context));
  }

  /** The value of an `ok` call; any other outcome is `PluginCallFailed` (the call was audited already). */
  private async answer(
    release: PluginRelease,
    context: PluginContext,
    point: ExtensionPoint,
    method: string,
    args: JsonValue,
  ): Promise<JsonValue> {
    const { outcome } = await this.call(release, context, point, method, args);
    if (outcome.kind === 'ok') return outcome.value;
    throw new PluginCallFailed(release.pluginId, `${point}.${method}`, outcome);
  }

  /**
   * A third-party insight generator: its declarations from publishing, and a `create(context)` whose
   * `generate(input)` is one call into the bank's sandbox. An answer that is not a list fails like a crash
   * (`PluginCallFailed`, invalid-result); the candidates themselves are checked by the insights capability
   * (`candidateInsightProblems`) as a first-party generator's are.
   */
  private insightGenerator(
    release: PluginRelease,
    declared: ExtensionDeclarations,
  ): InsightGeneratorExtension {
    return {
      kinds: declared.kinds ?? [],
      features: (declared.features ?? []) as FeatureName[],
      transactionDays: declared.transactionDays ?? 0,
      ...(declared.locales ? { locales: declared.locales } : {}),
      create: (context) => ({
        generate: async (input) => {
          const value = await this.answer(release, context, 'insight-generator', 'generate', json(input));
          if (Array.isArray(value)) return value as unknown as CandidateInsight[];
          throw new PluginCallFailed(release.pluginId, 'insight-generator.generate', {
            kind: 'invalid-result',
            reason: 'generate must answer a list of candidate insights',
          });
        },
      }),
    };
  }

  /**
   * A third-party recommendation model: its declarations from publishing, and a `create(context)` whose
   * calls go into the bank's sandbox:
   * - `train`: one call with the whole dataset, under the operator's training limits (`PLUGIN_TRAIN_*`,
   *   `recommendation-model.train`) in a sandbox process of its own; a training over them fails with the
   *   outcome (`PluginCallFailed`, nothing returned, so nothing is registered). Meanwhile the host heartbeats
   *   every 30 s for the model, and an aborted run stops the bank's sandboxes of the plugin.
   * - `predict`: the batch in pages of customers that fit the call's argument limit (at most
   *   `predictPageCustomers`), each under the default limits, the scores concatenated; a heartbeat per page.
   * - `explain`: one call.
   * Inside the sandbox the model's run context has a no-op `heartbeat` and a `signal` that never aborts (the
   * host ends a call that overruns). The registry and delivery check what the model answers.
   */
  private recommendationModel(
    release: PluginRelease,
    declared: ExtensionDeclarations,
  ): RecommendationModelExtension {
    return {
      features: (declared.features ?? []) as FeatureName[],
      ...(declared.productTypes ? { productTypes: declared.productTypes as ProductType[] } : {}),
      create: (context) => {
        const forward = async <T>(method: string, args: unknown): Promise<T> =>
          (await this.answer(release, context, 'recommendation-model', method, json(args))) as unknown as T;
        return {
          train: (dataset, run) =>
            this.whileTraining(release, context, run, () => forward<TrainingResult>('train', dataset)),
          predict: async (batch, run) => {
            const limits = this.isolation.limitsFor(
              this.isolatedPlugin(release, context.settings),
              'recommendation-model',
              'predict',
            );
            const pages = predictionPages(batch, limits.maxArgumentBytes);
            const scores: PredictionResult['scores'][number][] = [];
            for (const [index, page] of pages.entries()) {
              run.signal.throwIfAborted();
              const result = await forward<PredictionResult>('predict', page);
              if (!Array.isArray(result?.scores)) {
                throw new PluginCallFailed(release.pluginId, 'recommendation-model.predict', {
                  kind: 'invalid-result',
                  reason: 'predict must answer { scores: [...] }',
                });
              }
              scores.push(...result.scores);
              if (pages.length > 1) run.heartbeat({ progress: (index + 1) / pages.length });
            }
            return { scores };
          },
          explain: (request) => forward<Explanation>('explain', request),
        };
      },
    };
  }

  /**
   * Runs a training call, heartbeating for it (the retraining activity's heartbeat timeout is shorter than
   * a training may take) and stopping the bank's sandboxes of the plugin when the run is aborted (the call
   * then ends and the abort is what the caller gets).
   */
  private async whileTraining<T>(
    release: PluginRelease,
    context: PluginContext,
    run: ModelRunContext,
    work: () => Promise<T>,
  ): Promise<T> {
    run.signal.throwIfAborted();
    const beat = setInterval(
      () => run.heartbeat({ detail: 'training in the plugin sandbox' }),
      trainingHeartbeatMs,
    );
    const abort = () => this.isolation.stopInstallation(context.tenantId, release.pluginId);
    run.signal.addEventListener('abort', abort, { once: true });
    try {
      const result = await work();
      run.signal.throwIfAborted();
      return result;
    } catch (error) {
      run.signal.throwIfAborted();
      throw error;
    } finally {
      clearInterval(beat);
      run.signal.removeEventListener('abort', abort);
    }
  }

  private async runHook(release: PluginRelease, hook: LifecycleHook, context: PluginContext): Promise<void> {
    const settings = (context as { settings?: Record<string, unknown> }).settings ?? {};
    const { outcome } = await this.isolation.call(
      this.isolatedPlugin(release, settings),
      `hooks.${hook}`,
      json(context),
    );
    if (outcome.kind === 'ok') return;
    if (outcome.kind === 'threw' && outcome.error.name === 'PluginSettingsError' && outcome.error.problems) {
      throw new PluginSettingsError(outcome.error.problems);
    }
    throw new PluginCallFailed(release.pluginId, `hooks.${hook}`, outcome);
  }
}

/**
 * A third-party data connector: each method is one call into the bank's sandbox, where the release's
 * `create(context)` builds the connector and the method runs with a `ConnectorContext` whose `fetch` and
 * `saveGrant` come back to the host. A `ConnectorError` thrown there is rebuilt with its code; a plugin
 * that cannot answer (limit, crash, overload) is `SOURCE_UNAVAILABLE`; any other failure (a refusal, an
 * invalid result, a non-connector error) is `PluginCallFailed`, which the platform treats as a bug.
 */
class IsolatedConnector implements DataConnector {
  readonly id: string;

  constructor(
    private readonly runtime: ThirdPartyRuntime,
    private readonly release: PluginRelease,
    private readonly context: PluginContext,
  ) {
    this.id = release.implemented.extensions['data-connector']?.connectorId ?? '';
  }

  beginConnection: DataConnector['beginConnection'] = (request, context) =>
    this.forward('beginConnection', [request], context);
  completeConnection: DataConnector['completeConnection'] = (request, context) =>
    this.forward('completeConnection', [request], context);
  consentStatus: DataConnector['consentStatus'] = (grant, context) =>
    this.forward('consentStatus', [grant], context);
  listAccounts: DataConnector['listAccounts'] = (grant, context) =>
    this.forward('listAccounts', [grant], context);
  listBalances: DataConnector['listBalances'] = (grant, accountId, context) =>
    this.forward('listBalances', [grant, accountId], context);
  listTransactions: DataConnector['listTransactions'] = (grant, accountId, query, context) =>
    this.forward('listTransactions', [grant, accountId, query], context);
  revoke: DataConnector['revoke'] = async (grant, context) => {
    await this.forward('revoke', [grant], context);
  };

  private async forward<T>(method: string, args: unknown[], context: ConnectorContext): Promise<T> {
    const saveGrant: HostFunction = async (grant) => {
      try {
        await context.saveGrant(grant as unknown as ConnectionGrant);
        return null;
      } catch (error) {
        // Handed back as data: the sandbox's saveGrant rethrows it as a ConnectorError with this code.
        if (error instanceof ConnectorError) return { refused: { code: error.code, message: error.message } };
        throw error;
      }
    };
    const plugin = this.runtime.isolatedPlugin(this.release, this.context.settings, {
      'connector.saveGrant': saveGrant,
    });
    const { outcome } = await this.runtime.isolation.callConnector(plugin, method, {
      plugin: json(this.context) as {
        tenantId: string;
        region: string;
        settings: { [key: string]: JsonValue };
      },
      args: args.map(json),
      context: { now: context.now().toISOString(), customer: json(context.customer) },
    });
    if (outcome.kind === 'ok') return outcome.value as T;
    throw connectorFailure(this.release.pluginId, method, outcome);
  }
}

function connectorFailure(
  pluginId: string,
  method: string,
  outcome: Exclude<PluginCallOutcome, { kind: 'ok' }>,
): Error {
  if (outcome.kind === 'threw' && outcome.error.name === 'ConnectorError') {
    const code = outcome.error.code as ConnectorError['code'] | undefined;
    if (code && (connectorErrorCodes as readonly string[]).includes(code)) {
      return new ConnectorError(code, outcome.error.message, outcome.error.retryAfterMs);
    }
  }
  if (unavailableKinds.has(outcome.kind)) {
    return new ConnectorError(
      'SOURCE_UNAVAILABLE',
      `The plugin "${pluginId}" did not answer ${method} (${outcome.kind}); try again later.`,
    );
  }
  return new PluginCallFailed(pluginId, `data-connector.${method}`, outcome);
}

/**
 * `batch` in pages whose JSON fits `maxBytes` (the artefact, products and `asOf` travel in each) and holds
 * at most `predictPageCustomers` customers. A customer too large for a page on its own gets a page of its
 * own, which the sandbox then refuses (`too-large`). An empty batch is one page.
 */
export function predictionPages(batch: PredictionBatch, maxBytes: number): PredictionBatch[] {
  const frameBytes = Buffer.byteLength(JSON.stringify({ ...batch, customers: [] }));
  const pages: PredictionBatch[] = [];
  let page: PredictionBatch['customers'][number][] = [];
  let pageBytes = frameBytes;
  for (const customer of batch.customers) {
    // The comma between two customers is the one byte more.
    const bytes = Buffer.byteLength(JSON.stringify(customer)) + 1;
    if (page.length > 0 && (pageBytes + bytes > maxBytes || page.length >= predictPageCustomers)) {
      pages.push({ ...batch, customers: page });
      page = [];
      pageBytes = frameBytes;
    }
    page.push(customer);
    pageBytes += bytes;
  }
  if (page.length > 0 || pages.length === 0) pages.push({ ...batch, customers: page });
  return pages;
}

/** A value as JSON (what crosses into the sandbox): dates become text, undefined members are dropped. */
function json(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
