/**
 * The plugin test harness: runs a plugin as the platform would — manifest validated (`validatePlugin`),
 * settings checked against its schema with the platform's messages, lifecycle hooks run with them, and
 * each extension point it implements driven through its contract with invariant checks — but against
 * fixture data, with no platform, database or network. Every problem comes back in one report.
 */
import { PluginSettingsError } from '../define';
import { declaredHosts } from '../hosts';
import {
  type LifecycleHook,
  type PluginContext,
  type PluginDefinition,
  type PluginRegion,
  validatePlugin,
} from '../manifest';
import { settingsChecker, type SettingsProblem } from '../settings';
import { describeError } from './checks';
import { type Authorise, checkDataConnector, type DataConnectorRun } from './data-connector';
import type { FetchRecord, SourceFixture } from './fetch';
import { fixtures as builtInFixtures, type Fixtures, withFixtures } from './fixtures';
import { checkComplianceRulePack, type ComplianceRulePackRun } from './compliance-rule-pack';
import { checkInsightGenerator, type InsightGeneratorRun } from './insight-generator';
import { checkProductCatalogue, type ProductCatalogueRun } from './product-catalogue';
import { checkRecommendationModel, type RecommendationModelRun } from './recommendation-model';

export interface HarnessOptions {
  /** The bank's settings (secrets included), checked against the plugin's schema first. Default `{}`. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** The bank's region (default the manifest's first region); must be one the manifest lists. */
  readonly region?: PluginRegion;
  /** The bank's id as the plugin sees it (default `harness-bank`). */
  readonly tenantId?: string;
  /** The platform's clock (default 2026-11-01T09:00:00Z). */
  readonly now?: Date;
  /** The platform's SDK version (default this SDK's). */
  readonly sdkVersion?: string;
  /** The fake source behind the plugin's declared hosts (e.g. `fixtureBank()`); other hosts are refused. */
  readonly fetch?: SourceFixture;
  /** Replaces parts of the built-in fixtures. */
  readonly fixtures?: Partial<Fixtures>;
  /** The version the `upgrade` hook is told it upgrades from (default `0.0.0`). */
  readonly upgradeFrom?: string;
  readonly dataConnector?: {
    /** The customer's approval at the source, for connectors that redirect. */
    readonly authorise?: Authorise;
    /** Pages per account after which pagination counts as endless (default 1000). */
    readonly maxPages?: number;
  };
}

/** One broken rule: `step` says where (`manifest`, `settings`, `hooks.configure`, `data-connector.listTransactions` …). */
export interface HarnessProblem {
  readonly step: string;
  readonly message: string;
}

export interface HarnessReport {
  /** No problems. */
  readonly ok: boolean;
  readonly problems: readonly HarnessProblem[];
  /** What ran, in order (a step that found problems is listed too). */
  readonly steps: readonly string[];
  /** Every request the plugin made, refused ones included. */
  readonly fetches: readonly FetchRecord[];
  /** What each extension point the plugin implements did (when it got that far). */
  readonly dataConnector?: DataConnectorRun;
  readonly productCatalogue?: ProductCatalogueRun;
  readonly recommendationModel?: RecommendationModelRun;
  readonly complianceRulePack?: ComplianceRulePackRun;
  readonly insightGenerator?: InsightGeneratorRun;
}

/** How the platform would take a lifecycle hook's outcome. */
export type HookOutcome =
  | { readonly kind: 'accepted' }
  /** INVALID to the bank administrator, field by field (`settings.<field>`): schema or `PluginSettingsError`. */
  | { readonly kind: 'invalid'; readonly problems: readonly SettingsProblem[] }
  /** CONFLICT ("refused the change in its <hook> hook"): anything else thrown; `error` is what the platform logs. */
  | { readonly kind: 'refused'; readonly error: string };

const defaultNow = new Date('2026-11-01T09:00:00Z');

/** Runs `plugin` through the harness; never throws for the plugin's faults (they are `problems`). */
export async function runPluginHarness(
  plugin: PluginDefinition,
  options: HarnessOptions = {},
): Promise<HarnessReport> {
  const problems: HarnessProblem[] = [];
  const steps: string[] = [];
  const fetches: FetchRecord[] = [];
  const runs: {
    -readonly [K in Exclude<keyof HarnessReport, 'ok' | 'problems' | 'steps' | 'fetches'>]?: HarnessReport[K];
  } = {};
  const problem = (step: string, message: string) => problems.push({ step, message });
  const report = (): HarnessReport => ({ ok: problems.length === 0, problems, steps, fetches, ...runs });

  steps.push('manifest');
  const validation = validatePlugin(plugin, options.sdkVersion ? { sdkVersion: options.sdkVersion } : {});
  if (!validation.ok) {
    for (const found of validation.problems) problem('manifest', `${found.path} ${found.message}`);
    return report();
  }
  const manifest = validation.manifest;

  steps.push('settings');
  const settings = options.settings ?? {};
  for (const found of settingsChecker(manifest.settings)(settings))
    problem('settings', `${found.field} ${found.problem}`);
  const region = options.region ?? manifest.regions[0]!;
  if (!manifest.regions.includes(region)) {
    problem(
      'settings',
      `the bank's region ${region} is not among the plugin's regions (${manifest.regions.join(', ')})`,
    );
  }
  if (problems.length > 0) return report();
  const context: PluginContext = { tenantId: options.tenantId ?? 'harness-bank', region, settings };

  for (const hook of ['install', 'configure'] as const) {
    if (!plugin.hooks?.[hook]) continue;
    steps.push(`hooks.${hook}`);
    expectAccepted(hook, await runLifecycleHook(plugin, hook, { ...options, settings, region }), problem);
  }
  if (problems.length > 0) return report();

  const fixtures = withFixtures(builtInFixtures, options.fixtures);
  const now = options.now ?? defaultNow;
  const connector = plugin.extensions['data-connector'];
  if (connector) {
    steps.push('data-connector');
    try {
      const built = connector.create(context);
      if (!built || typeof built !== 'object' || built.id !== connector.connectorId) {
        problem(
          'data-connector.create',
          `built a connector whose id is ${JSON.stringify(built?.id)}; it must be the extension's connectorId ${JSON.stringify(connector.connectorId)}`,
        );
      } else {
        const dataConnector = await checkDataConnector(
          built,
          {
            hosts: declaredHosts(manifest, settings),
            ...(options.fetch ? { source: options.fetch } : {}),
            isolated: manifest.trust === 'third-party',
            now,
            ...(options.dataConnector?.authorise ? { authorise: options.dataConnector.authorise } : {}),
            ...(options.dataConnector?.maxPages ? { maxPages: options.dataConnector.maxPages } : {}),
          },
          problem,
        );
        runs.dataConnector = dataConnector;
        fetches.push(...dataConnector.fetches);
      }
    } catch (error) {
      problem('data-connector.create', `threw ${describeError(error)}`);
    }
  }
  const { extensions } = plugin;
  if (extensions['product-catalogue']) {
    steps.push('product-catalogue');
    runs.productCatalogue = await checkProductCatalogue(extensions['product-catalogue'], context, problem);
  }
  if (extensions['recommendation-model']) {
    steps.push('recommendation-model');
    runs.recommendationModel = await checkRecommendationModel(
      extensions['recommendation-model'],
      context,
      fixtures,
      now,
      problem,
    );
  }
  if (extensions['compliance-rule-pack']) {
    steps.push('compliance-rule-pack');
    runs.complianceRulePack = await checkComplianceRulePack(
      extensions['compliance-rule-pack'],
      context,
      fixtures,
      now,
      problem,
    );
  }
  if (extensions['insight-generator']) {
    steps.push('insight-generator');
    runs.insightGenerator = await checkInsightGenerator(
      extensions['insight-generator'],
      context,
      fixtures,
      now,
      problem,
    );
  }

  for (const hook of ['upgrade', 'uninstall'] as const) {
    if (!plugin.hooks?.[hook]) continue;
    steps.push(`hooks.${hook}`);
    expectAccepted(hook, await runLifecycleHook(plugin, hook, { ...options, settings, region }), problem);
  }
  return report();
}

function expectAccepted(
  hook: LifecycleHook,
  outcome: HookOutcome,
  problem: (step: string, message: string) => void,
) {
  if (outcome.kind === 'invalid') {
    for (const found of outcome.problems)
      problem(`hooks.${hook}`, `refused the settings: ${found.field} ${found.problem}`);
  } else if (outcome.kind === 'refused') {
    problem(`hooks.${hook}`, `refused the change: ${outcome.error}`);
  }
}

/**
 * Runs one lifecycle hook as the platform does (settings checked against the schema first for install,
 * configure and upgrade) and says how the platform would take it: use it to test that `configure` refuses
 * what it must.
 */
export async function runLifecycleHook(
  plugin: PluginDefinition,
  hook: LifecycleHook,
  options: Pick<HarnessOptions, 'settings' | 'region' | 'tenantId' | 'upgradeFrom'> = {},
): Promise<HookOutcome> {
  const settings = options.settings ?? {};
  const region = options.region ?? plugin.manifest.regions[0]!;
  const tenantId = options.tenantId ?? 'harness-bank';
  if (hook !== 'uninstall') {
    const invalid = settingsChecker(plugin.manifest.settings)(settings);
    if (invalid.length > 0) return { kind: 'invalid', problems: invalid };
  }
  try {
    if (hook === 'uninstall') await plugin.hooks?.uninstall?.({ tenantId, region });
    else if (hook === 'upgrade') {
      await plugin.hooks?.upgrade?.({
        tenantId,
        region,
        settings,
        fromVersion: options.upgradeFrom ?? '0.0.0',
      });
    } else await plugin.hooks?.[hook]?.({ tenantId, region, settings });
    return { kind: 'accepted' };
  } catch (error) {
    if (error instanceof PluginSettingsError) {
      return {
        kind: 'invalid',
        problems: error.problems.map((found) => ({
          field: `settings.${found.field}`,
          problem: found.problem,
        })),
      };
    }
    return { kind: 'refused', error: describeError(error) };
  }
}

/** Throws an `Error` listing every problem of `report` (for test frameworks); returns when it passed. */
export function assertHarnessPassed(report: HarnessReport): void {
  if (report.ok) return;
  const lines = report.problems.map((found) => `  - ${found.step}: ${found.message}`);
  throw new Error(`The plugin broke ${report.problems.length} rule(s) of the harness:\n${lines.join('\n')}`);
}
