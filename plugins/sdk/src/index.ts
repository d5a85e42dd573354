/**
 * @finpersona/plugin-sdk — the published contract between FinPersona and its plugins: the manifest
 * (`definePlugin`, `validateManifest`, `validatePlugin`), money in minor units and the extension points'
 * contracts. What a plugin uses at run time is `runtime.ts` (the entry a plugin's bundle gets); the test
 * harness is `@finpersona/plugin-sdk/testing` and the scaffold CLI is the `finpersona-plugin` command.
 */
export * from './runtime';
export * from './manifest';
export * from './statement';
export * from './hosts';
export * from './settings';
export * from './product-catalogue';
export * from './compliance-rule-pack-check';
export { declaredHostRefusal } from './declared-host';
