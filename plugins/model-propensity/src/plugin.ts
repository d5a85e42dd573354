import { definePlugin, type PluginContext, type PluginDefinition } from '@finpersona/plugin-sdk';
import type { TensorflowPreference } from '@finpersona/plugin-sdk/tensorflow';
import { createPropensityModel, defaultPropensitySettings, type PropensitySettings } from './model';

/** The plugin id banks install (`installPlugin(pluginId: "model-propensity")`). */
export const propensityModelPluginId = 'model-propensity';

/** Every behaviour feature of the vocabulary: the model learns which matter for each bank. */
export const propensityFeatures = [
  'customer.age',
  'customer.tenure',
  'income.monthly',
  'income.regular',
  'income.change',
  'spend.monthly',
  'spend.trend',
  'spend.category.*',
  'balance.mean',
  'balance.min',
  'balance.volatility',
  'balance.idle',
  'savings.rate',
  'recurring.count',
  'recurring.monthly',
  'forecast.min-balance-30d',
  'forecast.days-to-min-balance',
  'transactions.monthly',
  'overdraft.days',
  'products-held.*',
] as const;

interface ModelSettingsDocument {
  ensemble?: number;
  backend?: TensorflowPreference;
  maxEpochs?: number;
  seed?: number;
}

/** The bank's settings over the defaults (the host has validated them against the schema). */
export function propensitySettingsFor(context: Pick<PluginContext, 'settings'>): PropensitySettings {
  const settings = context.settings as ModelSettingsDocument;
  return {
    ensemble: settings.ensemble ?? defaultPropensitySettings.ensemble,
    backend: settings.backend ?? defaultPropensitySettings.backend,
    network: {
      ...defaultPropensitySettings.network,
      ...(settings.maxEpochs === undefined ? {} : { maxEpochs: settings.maxEpochs }),
      ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    },
    linear: defaultPropensitySettings.linear,
  };
}

/**
 * FinPersona's default next-best-product propensity model (`model-propensity`): a TensorFlow.js wide-and-deep
 * network per bank with one sigmoid output per product, an ensemble with early stopping and calibration on
 * held-out training customers, and explanations by occlusion quoting the customer's own figures.
 */
export const propensityModelPlugin: PluginDefinition = definePlugin({
  manifest: {
    id: propensityModelPluginId,
    name: 'Propensity model',
    version: '0.1.0',
    publisher: 'FinPersona',
    description:
      'The default next-best-product model: learns from behaviour features which customers take which products, scores every product a customer does not hold, and explains each score in a sentence quoting their own figures.',
    sdk: '^0.1.0',
    capabilities: ['recommendation-model'],
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ensemble: {
          type: 'integer',
          minimum: 1,
          maximum: 20,
          description:
            'Networks averaged (default 10); each holds out a different tenth (1/n of n ≥ 3) of the training customers.',
        },
        backend: {
          type: 'string',
          enum: ['auto', 'native', 'wasm', 'cpu'],
          description: 'TensorFlow.js backend (default auto: native when installed, else wasm, else cpu).',
        },
        maxEpochs: {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
          description: 'Epochs at most per network (default 200).',
        },
        seed: {
          type: 'integer',
          minimum: 0,
          description: 'Seed of initialisation and shuffling (default 1).',
        },
      },
    },
    permissions: { data: ['features'], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'first-party',
  },
  extensions: {
    'recommendation-model': {
      features: propensityFeatures,
      create: (context) => createPropensityModel(propensitySettingsFor(context)),
    },
  },
});
