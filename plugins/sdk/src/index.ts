/**
 * @finpersona/plugin-sdk — the published contract between FinPersona and its plugins.
 *
 * Here so far: money in minor units, the data-connector extension point (with statement-file
 * parsing results) and the plugin manifest (`definePlugin`, `validateManifest`). The other extension
 * points, the test harness and the scaffold CLI are specified in the plugins issue.
 */
export { sdkVersion } from './version';
export * from './manifest';
export * from './money';
export * from './connector';
export * from './statement';
export * from './product';
export * from './product-catalogue';
export * from './recommendation-model';
export * from './insight-generator';
export * from './compliance-rule-pack';
export { deriveSourceId } from './source-id';
export { declaredHostRefusal } from './declared-host';
