/**
 * The part of the SDK a plugin's code uses while it runs: `definePlugin`, the error types, money and the
 * extension points' helpers — everything but the manifest validator and the developer tools. This is what
 * `@finpersona/plugin-sdk` resolves to when a plugin is bundled (`finpersona-plugin build` resolves with
 * the export condition `finpersona-plugin-runtime`), so a bundle stays small, loads fast in the isolate
 * and requires nothing. Every module reachable from here must be plain JavaScript without Node built-ins
 * (`bundle.test.ts` checks it). Types come from the main entry either way.
 */
export { sdkVersion } from './version';
export { definePlugin, PluginSettingsError } from './define';
export * from './money';
export * from './connector';
export * from './product';
export { deriveSourceId } from './source-id';
