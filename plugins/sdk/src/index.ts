/**
 * @finpersona/plugin-sdk — the published contract between FinPersona and its plugins.
 *
 * Only the SDK's version exists so far: the manifest, the extension points (product catalogue,
 * recommendation model, compliance rule pack, data connector, insight generator), the test
 * harness and the scaffold CLI are specified in the plugins issue and land there.
 */
export const sdkVersion = '0.1.0';
