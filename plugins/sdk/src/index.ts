/**
 * @finpersona/plugin-sdk — the published contract between FinPersona and its plugins.
 *
 * Here so far: money in minor units and the data-connector extension point (with statement-file
 * parsing results). The manifest, the other extension points, the test harness and the scaffold CLI
 * are specified in the plugins issue.
 */
export const sdkVersion = '0.1.0';
export * from './money';
export * from './connector';
export * from './statement';
export { deriveSourceId } from './source-id';
