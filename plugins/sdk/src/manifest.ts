/**
 * The plugin manifest: what a plugin is, what it implements, what it needs and where it may run.
 * `definePlugin` types a plugin (manifest + implementations + lifecycle hooks); `validateManifest` and
 * `validatePlugin` return every problem with its JSON path, so a host can refuse a plugin precisely.
 * See README.md ("Manifest").
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import * as semver from 'semver';
import type { ComplianceRulePackExtension } from './compliance-rule-pack';
import type { DataConnector } from './connector';
import { type InsightGeneratorExtension, insightGeneratorDeclarationProblems } from './insight-generator';
import type { ProductCatalogueExtension } from './product-catalogue';
import {
  type RecommendationModelExtension,
  recommendationModelDeclarationProblems,
} from './recommendation-model';
import { jsonPath, type ProblemWording, schemaProblem } from './schema-problems';
import { declaredHostRefusal } from './declared-host';
import { sdkVersion } from './version';

/** The extension points a plugin can implement (its `capabilities`). */
export const extensionPoints = [
  'data-connector',
  'product-catalogue',
  'recommendation-model',
  'compliance-rule-pack',
  'insight-generator',
] as const;
export type ExtensionPoint = (typeof extensionPoints)[number];

/** Categories of the platform's data a plugin may ask to read (`permissions.data`). */
export const dataCategories = [
  'customer-profile',
  'accounts',
  'balances',
  'transactions',
  'consents',
  'products',
  'features',
  'insights',
] as const;
export type DataCategory = (typeof dataCategories)[number];

export const pluginRegions = ['EU', 'UK', 'US'] as const;
export type PluginRegion = (typeof pluginRegions)[number];

export const trustLevels = ['first-party', 'third-party'] as const;
export type TrustLevel = (typeof trustLevels)[number];

/** Lifecycle hooks a plugin may declare (`hooks`) and implement (`PluginDefinition.hooks`). */
export const lifecycleHooks = ['install', 'configure', 'upgrade', 'uninstall'] as const;
export type LifecycleHook = (typeof lifecycleHooks)[number];

/**
 * A host the plugin may call: a host name (`api.bank.example`, `*.bank.example` for its sub-domains,
 * optionally `:port`), or `{ setting }` — the host of the URL in that (top-level, `format: "uri"`)
 * setting, for sources whose address each bank configures.
 */
export type HostPermission = string | { readonly setting: string };

/** A JSON Schema (draft-07) value; the host validates settings against it with Ajv. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * The settings schema: a draft-07 JSON Schema of `type: "object"`. A **secret** setting (a client
 * secret, an API key) is a top-level string property with `writeOnly: true`: the host stores it
 * encrypted under the bank's key and never returns it (shown as set/unset).
 */
export interface SettingsSchema extends JsonSchema {
  readonly type: 'object';
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
}

export interface PluginManifest {
  /** Stable id, lower-case letters, digits and dashes (`connector-open-banking-uk`). */
  readonly id: string;
  readonly name: string;
  /** Semantic version of this plugin release (`1.4.0`). */
  readonly version: string;
  readonly publisher: string;
  readonly description?: string;
  /** The SDK versions it works with, a semver range (`^0.1.0`); must include this SDK's `sdkVersion`. */
  readonly sdk: string;
  readonly capabilities: readonly ExtensionPoint[];
  readonly settings: SettingsSchema;
  readonly permissions: {
    /** Platform data it reads (a connector, which only delivers source data, reads none). */
    readonly data: readonly DataCategory[];
    readonly hosts: readonly HostPermission[];
  };
  /** Regions of banks it applies to. */
  readonly regions: readonly PluginRegion[];
  /** First-party plugins may run in the platform's process; third-party ones only isolated. */
  readonly trust: TrustLevel;
  /** Lifecycle hooks it implements (default none). */
  readonly hooks?: readonly LifecycleHook[];
}

/** What a plugin's code is given: the bank it serves and that bank's settings (secrets included). */
export interface PluginContext {
  readonly tenantId: string;
  readonly region: PluginRegion;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Builds the bank's data connector from its settings; called per use, so keep no state between calls. */
export type DataConnectorFactory = (context: PluginContext) => DataConnector;

/** A data connector of a plugin: the connector id customers connect with, and its factory. */
export interface DataConnectorExtension {
  /** `DataConnector.id` of what `create` builds (`connection.connector`), e.g. `open-banking-uk`. */
  readonly connectorId: string;
  readonly create: DataConnectorFactory;
}

/**
 * Implementations by extension point, each with its contract in its own file (`connector.ts`,
 * `product-catalogue.ts`, `recommendation-model.ts`, `compliance-rule-pack.ts`, `insight-generator.ts`).
 * A point without a contract in this SDK version cannot be implemented (declaring it fails
 * `validatePlugin` with "declared but not implemented").
 */
export interface PluginExtensions {
  readonly 'data-connector'?: DataConnectorExtension;
  readonly 'product-catalogue'?: ProductCatalogueExtension;
  readonly 'recommendation-model'?: RecommendationModelExtension;
  readonly 'compliance-rule-pack'?: ComplianceRulePackExtension;
  readonly 'insight-generator'?: InsightGeneratorExtension;
}

/**
 * Lifecycle hooks, each run by the host in the bank's context when the matching change is made and
 * before it is committed: a hook that throws refuses the change (nothing is stored). `configure` may
 * check settings beyond the schema: throw `PluginSettingsError` to name the fields at fault.
 */
export interface PluginLifecycleHooks {
  install?(context: PluginContext): void | Promise<void>;
  configure?(context: PluginContext): void | Promise<void>;
  upgrade?(context: PluginContext & { readonly fromVersion: string }): void | Promise<void>;
  uninstall?(context: Omit<PluginContext, 'settings'>): void | Promise<void>;
}

export interface PluginDefinition {
  readonly manifest: PluginManifest;
  readonly extensions: PluginExtensions;
  readonly hooks?: PluginLifecycleHooks;
}

export { definePlugin, PluginSettingsError } from './define';

/** One problem of a manifest: `path` is a JSON path (`$.capabilities[1]`), `message` says what is wrong. */
export interface ManifestProblem {
  readonly path: string;
  readonly message: string;
}

export type ManifestValidation =
  | { readonly ok: true; readonly manifest: PluginManifest }
  | { readonly ok: false; readonly problems: readonly ManifestProblem[] };

export interface ValidateManifestOptions {
  /** The SDK version the host runs (default this SDK's `sdkVersion`). */
  readonly sdkVersion?: string;
  /** What the plugin's code implements: checked against `capabilities` and `hooks`. */
  readonly implemented?: {
    readonly extensions: readonly string[];
    readonly hooks: readonly string[];
  };
}

const idPattern = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
const hostPattern =
  /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[0-9]{1,5})?$/;

/** The manifest's shape; meaning (versions, schema, secrets, hosts) is checked in code below. */
const manifestShape = {
  type: 'object',
  required: [
    'id',
    'name',
    'version',
    'publisher',
    'sdk',
    'capabilities',
    'settings',
    'permissions',
    'regions',
    'trust',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: idPattern, maxLength: 64 },
    name: { type: 'string', minLength: 1, maxLength: 120 },
    version: { type: 'string' },
    publisher: { type: 'string', minLength: 1, maxLength: 120 },
    description: { type: 'string', maxLength: 2000 },
    sdk: { type: 'string' },
    capabilities: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: extensionPoints },
    },
    settings: { type: 'object' },
    permissions: {
      type: 'object',
      required: ['data', 'hosts'],
      additionalProperties: false,
      properties: {
        data: { type: 'array', uniqueItems: true, items: { type: 'string', enum: dataCategories } },
        hosts: {
          type: 'array',
          items: {
            anyOf: [
              { type: 'string' },
              {
                type: 'object',
                required: ['setting'],
                additionalProperties: false,
                properties: { setting: { type: 'string' } },
              },
            ],
          },
        },
      },
    },
    regions: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: pluginRegions },
    },
    trust: { type: 'string', enum: trustLevels },
    hooks: { type: 'array', uniqueItems: true, items: { type: 'string', enum: lifecycleHooks } },
  },
} as const;

// verbose: enum errors carry the refused value, which the message quotes.
const shapeAjv = new Ajv({ allErrors: true, strict: true, verbose: true });
const checkShape = shapeAjv.compile(manifestShape);

/** A strict Ajv for plugins' settings schemas (unknown keywords and formats are errors, not ignored). */
export function settingsAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false });
  addFormats(ajv);
  return ajv;
}
const schemaAjv = settingsAjv();

export { jsonPath };

const manifestWording: ProblemWording = {
  unknownProperty: 'is not a manifest field; remove it',
  malformed: () => 'must be lower-case letters and digits in dash-separated words (e.g. connector-acme)',
  wrongDocument: 'a manifest must be a JSON object',
};

function shapeProblem(error: ErrorObject): ManifestProblem | null {
  if (error.keyword === 'anyOf') {
    return {
      path: jsonPath(error.instancePath),
      message: 'must be a host name or { "setting": "<URL setting>" }',
    };
  }
  return schemaProblem(error, manifestWording);
}

/** Every problem of `json` as a manifest for an SDK of version `options.sdkVersion`; none when valid. */
export function validateManifest(json: unknown, options: ValidateManifestOptions = {}): ManifestValidation {
  const hostSdk = options.sdkVersion ?? sdkVersion;
  if (!checkShape(json)) {
    // Ajv reports a failed anyOf's branches too; the anyOf line says it in one sentence.
    const errors = (checkShape.errors ?? []).filter(
      (error) => !(error.schemaPath.includes('/anyOf/') && error.instancePath.includes('/hosts/')),
    );
    const problems = errors.map(shapeProblem).filter((p): p is ManifestProblem => p !== null);
    // Meaning is checked only on a well-shaped manifest, except the parts that are themselves well-typed.
    problems.push(...meaningProblems(json as Record<string, unknown>, hostSdk, options.implemented));
    return { ok: false, problems: dedupe(problems) };
  }
  const manifest = json as PluginManifest;
  const problems = meaningProblems(
    manifest as unknown as Record<string, unknown>,
    hostSdk,
    options.implemented,
  );
  return problems.length === 0 ? { ok: true, manifest } : { ok: false, problems };
}

/** `validateManifest` of a plugin's manifest with what its code implements (extensions and hooks). */
export function validatePlugin(
  plugin: PluginDefinition,
  options: { sdkVersion?: string } = {},
): ManifestValidation {
  const manifest = validateManifest(plugin.manifest, {
    ...options,
    implemented: {
      extensions: Object.entries(plugin.extensions ?? {})
        .filter(([, implementation]) => implementation !== undefined)
        .map(([point]) => point),
      hooks: Object.entries(plugin.hooks ?? {})
        .filter(([, hook]) => typeof hook === 'function')
        .map(([name]) => name),
    },
  });
  const declarations = declarationProblems(plugin.extensions ?? {});
  if (declarations.length === 0) return manifest;
  return { ok: false, problems: [...(manifest.ok ? [] : manifest.problems), ...declarations] };
}

/** Problems of what an insight generator or recommendation model declares, under `$.extensions.<point>`. */
function declarationProblems(extensions: PluginDefinition['extensions']): ManifestProblem[] {
  const under = (point: string, problems: { path: string; message: string }[]) =>
    problems.map((problem) => ({
      path: `$.extensions.${point}${problem.path.slice(1)}`,
      message: problem.message,
    }));
  const generator = extensions['insight-generator'];
  const model = extensions['recommendation-model'];
  return [
    ...(generator ? under('insight-generator', insightGeneratorDeclarationProblems(generator)) : []),
    ...(model ? under('recommendation-model', recommendationModelDeclarationProblems(model)) : []),
  ];
}

function dedupe(problems: ManifestProblem[]): ManifestProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function meaningProblems(
  manifest: Record<string, unknown>,
  hostSdk: string,
  implemented: ValidateManifestOptions['implemented'],
): ManifestProblem[] {
  // The shape check has said so already.
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return [];
  const problems: ManifestProblem[] = [];
  const { version, sdk, settings, permissions, capabilities, hooks } = manifest;
  if (typeof version === 'string' && semver.valid(version) === null) {
    problems.push({
      path: '$.version',
      message: `"${version}" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)`,
    });
  }
  if (typeof sdk === 'string') {
    if (semver.validRange(sdk) === null) {
      problems.push({ path: '$.sdk', message: `"${sdk}" is not a semver range (e.g. ^0.1.0)` });
    } else if (!semver.satisfies(hostSdk, sdk)) {
      problems.push({
        path: '$.sdk',
        message: `the range "${sdk}" does not include this SDK's version ${hostSdk}; build against it and widen the range`,
      });
    }
  }
  if (
    settings !== undefined &&
    typeof settings === 'object' &&
    settings !== null &&
    !Array.isArray(settings)
  ) {
    problems.push(...settingsSchemaProblems(settings as JsonSchema));
  }
  if (permissions && typeof permissions === 'object') {
    const hosts = (permissions as { hosts?: unknown }).hosts;
    if (Array.isArray(hosts)) problems.push(...hostProblems(hosts, settings));
  }
  if (implemented) {
    const declared = Array.isArray(capabilities) ? (capabilities as unknown[]) : [];
    declared.forEach((point, index) => {
      if (typeof point === 'string' && !implemented.extensions.includes(point)) {
        problems.push({
          path: `$.capabilities[${index}]`,
          message: `"${point}" is declared but the plugin implements no ${point}`,
        });
      }
    });
    for (const point of implemented.extensions) {
      if (!declared.includes(point)) {
        problems.push({
          path: '$.capabilities',
          message: `the plugin implements "${point}" but does not declare it; add it to capabilities`,
        });
      }
    }
    const declaredHooks = Array.isArray(hooks) ? (hooks as unknown[]) : [];
    declaredHooks.forEach((hook, index) => {
      if (typeof hook === 'string' && !implemented.hooks.includes(hook)) {
        problems.push({
          path: `$.hooks[${index}]`,
          message: `the hook "${hook}" is declared but not implemented`,
        });
      }
    });
    for (const hook of implemented.hooks) {
      if (!declaredHooks.includes(hook)) {
        problems.push({
          path: '$.hooks',
          message: `the plugin implements the hook "${hook}" but does not declare it; add it to hooks`,
        });
      }
    }
  }
  return problems;
}

function settingsSchemaProblems(schema: JsonSchema): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  if (schema.type !== 'object') {
    problems.push({ path: '$.settings.type', message: 'the settings schema must be of type "object"' });
  }
  if (!schemaAjv.validateSchema(schema)) {
    // The meta-schema's anyOf branches each report the same place: one problem per place, the first.
    const seen = new Set<string>();
    for (const error of schemaAjv.errors ?? []) {
      const path = jsonPath(error.instancePath, '$.settings');
      if (seen.has(path)) continue;
      seen.add(path);
      problems.push({
        path,
        message: `is not valid JSON Schema (draft-07): ${error.message ?? error.keyword}`,
      });
    }
    return problems;
  }
  try {
    // Strict compilation: unknown keywords and formats, and contradictions Ajv can see, are errors.
    schemaAjv.compile(schema);
    schemaAjv.removeSchema(schema);
  } catch (error) {
    problems.push({ path: '$.settings', message: `cannot be used: ${(error as Error).message}` });
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    if (property?.writeOnly === true && property.type !== 'string') {
      problems.push({
        path: `$.settings.properties.${name}`,
        message: 'a secret setting (writeOnly: true) must be of type "string"',
      });
    }
    problems.push(...nestedSecretProblems(property, `$.settings.properties.${name}`, false));
  }
  return problems;
}

/** Secrets are top-level settings only: the host splits them off by name before storing the rest. */
function nestedSecretProblems(schema: unknown, path: string, nested: boolean): ManifestProblem[] {
  if (!schema || typeof schema !== 'object') return [];
  const problems: ManifestProblem[] = [];
  const node = schema as Record<string, unknown>;
  if (nested && node.writeOnly === true) {
    problems.push({
      path,
      message: 'only top-level settings may be secret (writeOnly: true); move it to the top level',
    });
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
        problems.push(...nestedSecretProblems(inner, `${path}.properties.${name}`, true));
      }
    } else if (['items', 'additionalProperties'].includes(key)) {
      problems.push(...nestedSecretProblems(value, `${path}.${key}`, true));
    }
  }
  return problems;
}

function hostProblems(hosts: unknown[], settings: unknown): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const properties = ((settings as SettingsSchema | undefined)?.properties ?? {}) as Record<
    string,
    JsonSchema
  >;
  hosts.forEach((host, index) => {
    const path = `$.permissions.hosts[${index}]`;
    if (typeof host === 'string') {
      const refusal = declaredHostRefusal(host);
      if (refusal) {
        problems.push({ path, message: refusal });
      } else if (!hostPattern.test(host)) {
        problems.push({
          path,
          message: `"${host}" is not a host name (lower case, optionally *. and :port; no scheme or path)`,
        });
      }
    } else if (
      settings &&
      typeof settings === 'object' &&
      host &&
      typeof host === 'object' &&
      typeof (host as { setting?: unknown }).setting === 'string'
    ) {
      // (Without a settings object there is nothing to look the name up in; that is reported already.)
      const name = (host as { setting: string }).setting;
      const property = properties[name];
      if (!property) {
        problems.push({ path: `${path}.setting`, message: `names "${name}", which is not a setting` });
      } else if (property.type !== 'string' || property.format !== 'uri') {
        problems.push({
          path: `${path}.setting`,
          message: `the setting "${name}" must be a URL (type "string", format "uri")`,
        });
      }
    }
  });
  return problems;
}

/** Names of the secret settings of a schema (top-level `writeOnly: true` properties). */
export function secretSettings(schema: SettingsSchema): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.writeOnly === true)
    .map(([name]) => name)
    .sort();
}
