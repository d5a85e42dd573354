/**
 * The part of the SDK a plugin's code uses while it runs: `definePlugin`, the error types, money and the
 * extension points' contracts with their pure helpers — everything but the validators built on Ajv (the
 * manifest, settings and product-list validators) and the developer tools. This is what
 * `@finpersona/plugin-sdk` resolves to when a plugin is bundled (`finpersona-plugin build` resolves with
 * the export condition `finpersona-plugin-runtime`), so a bundle stays small (~15 KB of SDK instead of
 * ~430 KB), loads in about a millisecond instead of a third of a second (Ajv compiling schemas at load)
 * and requires nothing. Every module reachable from here must be plain JavaScript without Node built-ins;
 * `finpersona-plugin build` refuses a plugin that calls an SDK export missing from here.
 */
export { sdkVersion } from './version';
export { definePlugin, PluginSettingsError } from './define';
export * from './money';
export * from './connector';
export * from './product';
export { deriveSourceId } from './source-id';
export * from './categories';
export * from './recommendation-model';
export * from './insight-generator';
export * from './compliance-rule-pack';
export * from './stats';
