/**
 * @finpersona/model-propensity — FinPersona's default recommendation model as a first-party plugin
 * (`propensityModelPlugin`), and the model itself for the platform's evaluation and benchmarks
 * (`createPropensityModel`).
 */
export {
  propensityFeatures,
  propensityModelPlugin,
  propensityModelPluginId,
  propensitySettingsFor,
} from './plugin';
export {
  createPropensityModel,
  defaultPropensitySettings,
  propensityArtifactFormat,
  type PropensitySettings,
} from './model';
export { clause, sentenceFrom } from './sentence';
