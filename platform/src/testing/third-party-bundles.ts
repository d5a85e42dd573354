import type { PluginManifest } from '@finpersona/plugin-sdk';

/** A third-party manifest for test bundles; `overrides` change any field. */
export function thirdPartyManifest(
  id: string,
  version: string,
  overrides: Partial<PluginManifest> = {},
): PluginManifest {
  return {
    id,
    name: `Third-party ${id}`,
    version,
    publisher: 'Acme Plugins Ltd (tests)',
    sdk: '^0.1.0',
    capabilities: ['insight-generator'],
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        threshold: { type: 'integer', minimum: 0 },
        apiKey: { type: 'string', writeOnly: true },
      },
    },
    permissions: { data: [], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'third-party',
    ...overrides,
  };
}

/** What a test insight generator declares (kinds, features, days), as JavaScript source for bundles. */
export const testGeneratorDeclarations =
  "kinds: [{ kind: 'test-kind', description: 'A kind for tests' }], features: [], transactionDays: 0,";

/**
 * A bundle in the isolation format (one CommonJS script setting `module.exports` to the definition), as the
 * SDK's packaging would produce it: `extensions` and `hooks` are JavaScript source of the objects.
 */
export function thirdPartyBundle(manifest: PluginManifest, extensions: string, hooks = '{}'): string {
  return `'use strict';
const manifest = ${JSON.stringify(manifest)};
module.exports = { manifest, extensions: ${extensions}, hooks: ${hooks} };
`;
}

/**
 * A hostile corpus fixture (`module.exports = { run(args, ctx) … }`) as the `product-catalogue` of a
 * third-party release with `manifest` (capabilities `['product-catalogue']`: an extension point that
 * declares nothing, so the fixture's object is the extension exactly as written). The fixture's own code starts on the bundle's first line (so error
 * positions keep their line numbers) and runs at load exactly as it does alone; an export that is not an
 * object (or a promise that never settles) stays what it is, so load-time cases fail at load.
 */
export function hostileBundle(fixture: string, manifest: PluginManifest): string {
  return (
    // The fixture is a function body of its own, so its 'use strict' directive still applies.
    `const hostile = (function (module) { (function (module, exports) { ${fixture}\n` +
    `})(module, module.exports); return module.exports; })({ exports: {} });\n` +
    `const manifest = ${JSON.stringify(manifest)};\n` +
    `const wrap = (plugin) => plugin !== null && typeof plugin === 'object' ? { manifest, extensions: { 'product-catalogue': plugin } } : plugin;\n` +
    `module.exports = hostile !== null && typeof hostile === 'object' && typeof hostile.then === 'function' ? hostile.then(wrap) : wrap(hostile);\n`
  );
}
