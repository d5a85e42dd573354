import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type {
  CandidateProduct,
  Explanation,
  FeatureVector,
  ModelArtifact,
  ModelRunContext,
  RecommendationModel,
} from '@finpersona/plugin-sdk';
import { PluginsService } from '../plugins';

/** The bank's champion model version (Seam 5: `ModelRegistryService.champion()`'s answer). */
export interface ChampionVersion {
  readonly versionId: string;
  readonly pluginId: string;
  /** The registry's version (1, 2, … per bank and plugin), as text. */
  readonly version: string;
  readonly artifact: ModelArtifact;
  /** The features it was trained on; the plugin's declared ones when absent. */
  readonly features?: readonly string[];
}

/** `ChampionModels` over the model registry's `champion()` (Seam 5), whose version is a number. */
export function championsOf(registry: {
  champion(
    modelPluginId?: string,
  ): Promise<(Omit<ChampionVersion, 'version'> & { version: number | string }) | null>;
}): ChampionModels {
  return {
    async champion(modelPluginId) {
      const champion = await registry.champion(modelPluginId);
      return champion && { ...champion, version: String(champion.version) };
    },
  };
}

/**
 * Where delivery asks for the current bank's champion model: the model registry. An abstract class so
 * the registry's service is bound to it by the module (`useExisting`), and unit tests can give a double.
 */
export abstract class ChampionModels {
  abstract champion(modelPluginId?: string): Promise<ChampionVersion | null>;
}

/** The champion, ready to score one customer: through the bank's enabled recommendation-model plugin. */
export interface LoadedChampion extends ChampionVersion {
  /** The plugin's version (the code), beside the registry's model version (the trained artefact). */
  readonly pluginVersion: string;
  /** The features the model is given (trained on, or declared: names or `family.*`). */
  readonly features: readonly string[];
  score(
    features: FeatureVector,
    held: readonly string[],
    products: readonly CandidateProduct[],
  ): Promise<Map<string, number>>;
  explain(features: FeatureVector, product: CandidateProduct, locale: string): Promise<Explanation | null>;
}

/** Longest one model call may take before delivery gives up on it (the customer is waiting). */
export const modelCallTimeoutMs = 10_000;

/**
 * Calls the champion model through the plugin host (first-party in process, third-party in the sandbox),
 * with a pseudonymous customer id per call: a model never learns who it scores. Only the features the
 * model declared are sent.
 */
@Injectable()
export class ChampionScorer {
  private readonly logger = new Logger('Recommendations');

  constructor(private readonly plugins: PluginsService) {}

  /** The champion's model, or null when its plugin is not enabled for the bank (nothing can score). */
  async load(champion: ChampionVersion): Promise<LoadedChampion | null> {
    const extension = (await this.plugins.enabledExtensions('recommendation-model')).find(
      (candidate) => candidate.pluginId === champion.pluginId,
    );
    if (!extension) return null;
    const model: RecommendationModel = extension.extension.create(await extension.context());
    // What it was trained on (the registry keeps it); a version without that list gets what the plugin declares.
    const declared = champion.features ?? extension.extension.features;
    const pseudonym = randomUUID();
    const logger = this.logger;
    const where = `model plugin ${champion.pluginId} ${extension.version} (registry version ${champion.versionId})`;
    return {
      ...champion,
      pluginVersion: extension.version,
      features: declared,
      async score(features, held, products) {
        const result = await model.predict(
          {
            artifact: champion.artifact,
            asOf: new Date().toISOString(),
            products,
            customers: [{ customer: pseudonym, features: declaredFeatures(features, declared), held }],
          },
          runContext(),
        );
        return new Map(
          result.scores
            .filter((entry) => entry.customer === pseudonym)
            .map((entry) => [entry.product, entry.score]),
        );
      },
      async explain(features, product, locale) {
        try {
          return await model.explain(
            {
              artifact: champion.artifact,
              asOf: new Date().toISOString(),
              customer: { customer: pseudonym, features: declaredFeatures(features, declared) },
              product,
              locale,
            },
            runContext(),
          );
        } catch (error) {
          // Without an explanation the product is not delivered; the next ranked one takes its place.
          logger.warn(`${where} could not explain ${product.id}: ${String(error)}`);
          return null;
        }
      },
    };
  }
}

/** The features a model declared (`family.*` keeps every member of the family), nothing else. */
export function declaredFeatures(features: FeatureVector, declared: readonly string[]): FeatureVector {
  const exact = new Set(declared.filter((name) => !name.endsWith('.*')));
  const families = declared.filter((name) => name.endsWith('.*')).map((name) => name.slice(0, -1));
  const chosen: Record<string, number | null> = Object.fromEntries(
    Object.entries(features).filter(
      ([name]) => exact.has(name) || families.some((family) => name.startsWith(family)),
    ),
  );
  // Every requested feature is present (the contract): one the platform has no value for is null.
  for (const name of exact) if (!(name in chosen)) chosen[name] = null;
  return chosen;
}

function runContext(): ModelRunContext {
  return { signal: AbortSignal.timeout(modelCallTimeoutMs), heartbeat: () => undefined };
}
