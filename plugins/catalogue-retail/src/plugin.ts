import {
  definePlugin,
  type PluginContext,
  type PluginDefinition,
  PluginSettingsError,
  type Product,
} from '@finpersona/plugin-sdk';
import { defaultCatalogue } from './default-catalogue';
import { type CatalogueFormat, describeLocation, importCatalogue } from './import-catalogue';

/** The plugin id banks install (`installPlugin(pluginId: "catalogue-retail")`). */
export const retailCataloguePluginId = 'catalogue-retail';

/** Largest catalogue document accepted as a setting (characters): a few thousand products. */
export const maxCatalogueLength = 2_000_000;

interface CatalogueSettings {
  catalogue?: string;
  format?: CatalogueFormat;
}

/**
 * The bank's products under `settings`: its own catalogue when it gave one (`catalogue` + `format`), else
 * the default retail catalogue of its region. Throws `PluginSettingsError` naming every problem of the
 * document (`catalogue (line 3, column fees)`, `catalogue (at $[2].rates[0].basisPoints)`).
 */
export function productsFor(context: Pick<PluginContext, 'region' | 'settings'>): Product[] {
  const { catalogue, format } = context.settings as CatalogueSettings;
  if (catalogue === undefined) return defaultCatalogue(context.region);
  const result = importCatalogue(catalogue, format ?? 'json');
  if (result.ok) return [...result.products];
  throw new PluginSettingsError(
    result.problems.map((problem) => ({
      field: `catalogue (${describeLocation(problem)})`,
      problem: problem.message,
    })),
  );
}

/** Install, configure and upgrade all refuse a catalogue document with problems (nothing is stored). */
const checkSettings = (context: PluginContext): void => {
  productsFor(context);
};

/**
 * The retail product catalogue as a plugin (`catalogue-retail`): the default catalogue of a typical retail
 * bank for the bank's region (example figures), or the bank's own catalogue from a JSON or CSV document.
 */
export const retailCataloguePlugin: PluginDefinition = definePlugin({
  manifest: {
    id: retailCataloguePluginId,
    name: 'Retail product catalogue',
    version: '0.1.0',
    publisher: 'FinPersona',
    description:
      "A retail bank's products (current account, savings, fixed-term deposit, credit card, personal loan, mortgage, investment fund, insurance): a default catalogue per region with example figures, or the bank's own catalogue imported from JSON or CSV.",
    sdk: '^0.1.0',
    capabilities: ['product-catalogue'],
    settings: {
      type: 'object',
      additionalProperties: false,
      dependencies: { catalogue: ['format'] },
      properties: {
        catalogue: {
          type: 'string',
          minLength: 1,
          maxLength: maxCatalogueLength,
          description:
            "The bank's own catalogue as a document in `format` (see the plugin's README for both layouts). Omitted: the default retail catalogue of the bank's region, with example figures.",
        },
        format: { type: 'string', enum: ['json', 'csv'], description: 'The format of `catalogue`.' },
      },
    },
    permissions: { data: [], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'first-party',
    hooks: ['install', 'configure', 'upgrade'],
  },
  extensions: {
    'product-catalogue': { listProducts: (context) => productsFor(context) },
  },
  hooks: { install: checkSettings, configure: checkSettings, upgrade: checkSettings },
});
