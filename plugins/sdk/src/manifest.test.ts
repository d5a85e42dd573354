import { describe, expect, it } from 'vitest';
import type { DataConnector } from './connector';
import {
  definePlugin,
  jsonPath,
  type PluginManifest,
  secretSettings,
  validateManifest,
  validatePlugin,
} from './manifest';
import { sdkVersion } from './version';

const good: PluginManifest = {
  id: 'connector-acme',
  name: 'Acme Bank connector',
  version: '1.2.3',
  publisher: 'Acme Ltd',
  sdk: '^0.1.0',
  capabilities: ['data-connector'],
  settings: {
    type: 'object',
    required: ['baseUrl', 'clientSecret'],
    additionalProperties: false,
    properties: {
      baseUrl: { type: 'string', format: 'uri' },
      clientId: { type: 'string', minLength: 1 },
      clientSecret: { type: 'string', writeOnly: true, minLength: 1 },
      retry: { type: 'object', properties: { maxAttempts: { type: 'integer', minimum: 1 } } },
    },
  },
  permissions: { data: [], hosts: ['auth.acme.example', '*.acme.example:8443', { setting: 'baseUrl' }] },
  regions: ['EU', 'UK'],
  trust: 'first-party',
};

/** The good manifest with `changes` applied (a value of `undefined` removes the field). */
function withChanges(changes: Record<string, unknown>): Record<string, unknown> {
  const manifest: Record<string, unknown> = structuredClone({ ...good }) as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete manifest[key];
    else manifest[key] = value;
  }
  return manifest;
}

/** The good manifest with another settings schema (and no host taken from a setting). */
function withSettings(settings: Record<string, unknown>): Record<string, unknown> {
  return withChanges({ settings, permissions: { data: [], hosts: [] } });
}

function problemsOf(json: unknown, options?: Parameters<typeof validateManifest>[1]) {
  const result = validateManifest(json, options);
  return result.ok ? [] : result.problems;
}

const stubConnector = { id: 'acme' } as unknown as DataConnector;

describe('validateManifest', () => {
  it('accepts a complete manifest and returns it', () => {
    const result = validateManifest(good);
    expect(result).toEqual({ ok: true, manifest: good });
  });

  it('the SDK version is the package version the ranges are checked against', () => {
    expect(sdkVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  // Each bad manifest → exactly the problems expected, with their paths.
  const badManifests: [string, unknown, { path: string; message: RegExp }[]][] = [
    ['not an object', 42, [{ path: '$', message: /a manifest must be a JSON object/ }]],
    ['an array', [], [{ path: '$', message: /a manifest must be a JSON object/ }]],
    ['missing id', withChanges({ id: undefined }), [{ path: '$.id', message: /is required/ }]],
    [
      'missing several fields',
      withChanges({ publisher: undefined, regions: undefined }),
      [
        { path: '$.publisher', message: /is required/ },
        { path: '$.regions', message: /is required/ },
      ],
    ],
    ['id with capitals', withChanges({ id: 'Connector-Acme' }), [{ path: '$.id', message: /lower-case/ }]],
    ['id with a space', withChanges({ id: 'connector acme' }), [{ path: '$.id', message: /lower-case/ }]],
    ['empty name', withChanges({ name: '' }), [{ path: '$.name', message: /fewer than 1/ }]],
    [
      'version not semver (two parts)',
      withChanges({ version: '1.2' }),
      [{ path: '$.version', message: /"1.2" is not a semantic version/ }],
    ],
    [
      'version with a v and text',
      withChanges({ version: 'latest' }),
      [{ path: '$.version', message: /not a semantic version/ }],
    ],
    ['version a number', withChanges({ version: 1 }), [{ path: '$.version', message: /must be string/ }]],
    [
      'sdk not a range',
      withChanges({ sdk: 'any version please' }),
      [{ path: '$.sdk', message: /not a semver range/ }],
    ],
    [
      'sdk range excluding this SDK',
      withChanges({ sdk: '^2.0.0' }),
      [{ path: '$.sdk', message: new RegExp(`does not include this SDK's version ${sdkVersion}`) }],
    ],
    [
      'sdk range of an older minor (caret on 0.x)',
      withChanges({ sdk: '^0.0.1' }),
      [{ path: '$.sdk', message: /does not include/ }],
    ],
    [
      'unknown capability',
      withChanges({ capabilities: ['data-connector', 'crypto-miner'] }),
      [
        {
          path: '$.capabilities[1]',
          message: /"crypto-miner" is not one of data-connector, product-catalogue/,
        },
      ],
    ],
    [
      'no capability',
      withChanges({ capabilities: [] }),
      [{ path: '$.capabilities', message: /fewer than 1/ }],
    ],
    [
      'capability twice',
      withChanges({ capabilities: ['data-connector', 'data-connector'] }),
      [{ path: '$.capabilities', message: /duplicate items/ }],
    ],
    [
      'unknown region',
      withChanges({ regions: ['EU', 'MARS'] }),
      [{ path: '$.regions[1]', message: /"MARS"/ }],
    ],
    ['unknown trust level', withChanges({ trust: 'trusted' }), [{ path: '$.trust', message: /"trusted"/ }]],
    [
      'unknown data permission',
      withChanges({ permissions: { data: ['passwords'], hosts: [] } }),
      [{ path: '$.permissions.data[0]', message: /"passwords" is not one of customer-profile/ }],
    ],
    [
      'permissions without hosts',
      withChanges({ permissions: { data: [] } }),
      [{ path: '$.permissions.hosts', message: /is required/ }],
    ],
    [
      'host with a scheme',
      withChanges({ permissions: { data: [], hosts: ['https://acme.example/api'] } }),
      [{ path: '$.permissions.hosts[0]', message: /not a host name/ }],
    ],
    [
      'IPv4 loopback host',
      withChanges({ permissions: { data: [], hosts: ['127.0.0.1'] } }),
      [{ path: '$.permissions.hosts[0]', message: /"127\.0\.0\.1" is an IPv4 address in a loopback range/ }],
    ],
    [
      'IPv4 private host with a port',
      withChanges({ permissions: { data: [], hosts: ['10.0.0.8:8443'] } }),
      [
        {
          path: '$.permissions.hosts[0]',
          message: /"10\.0\.0\.8:8443" is an IPv4 address in a private range/,
        },
      ],
    ],
    [
      'IPv4 private host 172.16/12',
      withChanges({ permissions: { data: [], hosts: ['172.20.1.1'] } }),
      [{ path: '$.permissions.hosts[0]', message: /in a private range/ }],
    ],
    [
      'IPv4 private host 192.168/16',
      withChanges({ permissions: { data: [], hosts: ['192.168.1.10'] } }),
      [{ path: '$.permissions.hosts[0]', message: /in a private range/ }],
    ],
    [
      'cloud metadata (link-local) host',
      withChanges({ permissions: { data: [], hosts: ['169.254.169.254'] } }),
      [
        {
          path: '$.permissions.hosts[0]',
          message: /"169\.254\.169\.254" is an IPv4 address in a link-local range/,
        },
      ],
    ],
    [
      'public IPv4 literal',
      withChanges({ permissions: { data: [], hosts: ['203.0.113.7'] } }),
      [
        {
          path: '$.permissions.hosts[0]',
          message: /"203\.0\.113\.7" is an IPv4 address literal; declare the service's DNS name/,
        },
      ],
    ],
    [
      'IPv4 in integer form',
      withChanges({ permissions: { data: [], hosts: ['2130706433'] } }),
      [{ path: '$.permissions.hosts[0]', message: /"2130706433" is an IPv4 address literal/ }],
    ],
    [
      'IPv4 in hex form',
      withChanges({ permissions: { data: [], hosts: ['0x7f.1'] } }),
      [{ path: '$.permissions.hosts[0]', message: /"0x7f\.1" is an IPv4 address literal/ }],
    ],
    [
      'IPv6 loopback host',
      withChanges({ permissions: { data: [], hosts: ['[::1]'] } }),
      [{ path: '$.permissions.hosts[0]', message: /"\[::1\]" is an IPv6 address literal \(loopback\)/ }],
    ],
    [
      'IPv6 link-local host with a port',
      withChanges({ permissions: { data: [], hosts: ['[fe80::1]:443'] } }),
      [{ path: '$.permissions.hosts[0]', message: /is an IPv6 address literal \(link-local\)/ }],
    ],
    [
      'IPv6 unique-local host',
      withChanges({ permissions: { data: [], hosts: ['[fd00::5]'] } }),
      [
        {
          path: '$.permissions.hosts[0]',
          message: /is an IPv6 address literal \(private \(unique local\)\)/,
        },
      ],
    ],
    [
      'localhost',
      withChanges({ permissions: { data: [], hosts: ['localhost:8080'] } }),
      [{ path: '$.permissions.hosts[0]', message: /"localhost:8080" is a loopback name \(localhost\)/ }],
    ],
    [
      'a sub-domain of localhost',
      withChanges({ permissions: { data: [], hosts: ['*.app.localhost'] } }),
      [{ path: '$.permissions.hosts[0]', message: /is a loopback name \(localhost\)/ }],
    ],
    [
      'host that is a number',
      withChanges({ permissions: { data: [], hosts: [7] } }),
      [{ path: '$.permissions.hosts[0]', message: /host name or \{ "setting"/ }],
    ],
    [
      'host from a setting that does not exist',
      withChanges({ permissions: { data: [], hosts: [{ setting: 'endpoint' }] } }),
      [{ path: '$.permissions.hosts[0].setting', message: /"endpoint", which is not a setting/ }],
    ],
    [
      'host from a setting that is not a URL',
      withChanges({ permissions: { data: [], hosts: [{ setting: 'clientId' }] } }),
      [{ path: '$.permissions.hosts[0].setting', message: /must be a URL/ }],
    ],
    [
      'unknown top-level field',
      withChanges({ homepage: 'https://acme.example' }),
      [{ path: '$.homepage', message: /is not a manifest field/ }],
    ],
    [
      'unknown hook',
      withChanges({ hooks: ['install', 'onboot'] }),
      [{ path: '$.hooks[1]', message: /"onboot" is not one of install/ }],
    ],
    [
      'settings schema not an object schema',
      withSettings({ type: 'string' }),
      [{ path: '$.settings.type', message: /must be of type "object"/ }],
    ],
    [
      'settings schema with an invalid type name',
      withSettings({ type: 'object', properties: { a: { type: 'text' } } }),
      [{ path: '$.settings.properties.a.type', message: /not valid JSON Schema/ }],
    ],
    [
      'settings schema with an unknown keyword',
      withSettings({ type: 'object', properties: { a: { type: 'string', secret: true } } }),
      [{ path: '$.settings', message: /cannot be used: strict mode: unknown keyword: "secret"/ }],
    ],
    [
      'settings schema with an unknown format',
      withSettings({ type: 'object', properties: { a: { type: 'string', format: 'iban' } } }),
      [{ path: '$.settings', message: /unknown format "iban"/ }],
    ],
    [
      'settings schema required not a list',
      withSettings({ type: 'object', required: 'a' }),
      [{ path: '$.settings.required', message: /not valid JSON Schema/ }],
    ],
    [
      'a secret that is not a string',
      withSettings({ type: 'object', properties: { pin: { type: 'integer', writeOnly: true } } }),
      [{ path: '$.settings.properties.pin', message: /secret setting .* must be of type "string"/ }],
    ],
    [
      'a nested secret',
      withSettings({
        type: 'object',
        properties: {
          oauth: { type: 'object', properties: { secret: { type: 'string', writeOnly: true } } },
        },
      }),
      [
        {
          path: '$.settings.properties.oauth.properties.secret',
          message: /only top-level settings may be secret/,
        },
      ],
    ],
    [
      'settings missing',
      withChanges({ settings: undefined }),
      [{ path: '$.settings', message: /is required/ }],
    ],
  ];

  it.each(badManifests)('refuses %s, naming every problem with its path', (_label, json, expected) => {
    const problems = problemsOf(json);
    expect(problems).toHaveLength(expected.length);
    for (const [index, want] of expected.entries()) {
      expect(problems[index]?.path).toBe(want.path);
      expect(problems[index]?.message).toMatch(want.message);
    }
  });

  it('reports all problems of a manifest with many at once', () => {
    const problems = problemsOf(
      withChanges({ version: 'one', sdk: '>=9', capabilities: ['magic'], trust: 'maybe' }),
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual(
      ['$.capabilities[0]', '$.sdk', '$.trust', '$.version'].sort(),
    );
  });

  it('checks the SDK range against the host SDK version it is given', () => {
    expect(problemsOf(good, { sdkVersion: '0.1.7' })).toEqual([]);
    expect(problemsOf(good, { sdkVersion: '0.2.0' })).toEqual([
      {
        path: '$.sdk',
        message:
          'the range "^0.1.0" does not include this SDK\'s version 0.2.0; build against it and widen the range',
      },
    ]);
  });

  it('capabilities declared but not implemented, and implemented but not declared', () => {
    expect(
      problemsOf(withChanges({ capabilities: ['data-connector', 'insight-generator'] }), {
        implemented: { extensions: ['data-connector'], hooks: [] },
      }),
    ).toEqual([
      {
        path: '$.capabilities[1]',
        message: '"insight-generator" is declared but the plugin implements no insight-generator',
      },
    ]);
    expect(
      problemsOf(good, { implemented: { extensions: ['data-connector', 'product-catalogue'], hooks: [] } }),
    ).toEqual([
      {
        path: '$.capabilities',
        message: 'the plugin implements "product-catalogue" but does not declare it; add it to capabilities',
      },
    ]);
  });

  it('hooks declared but not implemented, and implemented but not declared', () => {
    expect(
      problemsOf(withChanges({ hooks: ['configure', 'uninstall'] }), {
        implemented: { extensions: ['data-connector'], hooks: ['configure', 'install'] },
      }),
    ).toEqual([
      { path: '$.hooks[1]', message: 'the hook "uninstall" is declared but not implemented' },
      {
        path: '$.hooks',
        message: 'the plugin implements the hook "install" but does not declare it; add it to hooks',
      },
    ]);
  });
});

describe('definePlugin and validatePlugin', () => {
  it('a plugin whose code matches its manifest is valid', () => {
    const plugin = definePlugin({
      manifest: { ...good, hooks: ['configure'] },
      extensions: { 'data-connector': { connectorId: 'acme', create: () => stubConnector } },
      hooks: { configure: () => undefined },
    });
    expect(validatePlugin(plugin)).toMatchObject({ ok: true });
  });

  it('a plugin declaring a connector without implementing one is refused', () => {
    const plugin = definePlugin({ manifest: good, extensions: {} });
    expect(validatePlugin(plugin)).toEqual({
      ok: false,
      problems: [
        {
          path: '$.capabilities[0]',
          message: '"data-connector" is declared but the plugin implements no data-connector',
        },
      ],
    });
  });

  it('a plugin implementing a hook it does not declare is refused', () => {
    const plugin = definePlugin({
      manifest: good,
      extensions: { 'data-connector': { connectorId: 'acme', create: () => stubConnector } },
      hooks: { install: () => undefined },
    });
    expect(validatePlugin(plugin).ok).toBe(false);
  });
});

describe('helpers', () => {
  it('secret settings are the top-level writeOnly properties', () => {
    expect(secretSettings(good.settings)).toEqual(['clientSecret']);
  });

  it('JSON pointers become JSON paths', () => {
    expect(jsonPath('')).toBe('$');
    expect(jsonPath('/permissions/hosts/0')).toBe('$.permissions.hosts[0]');
    expect(jsonPath('/a~1b/c~0d', '$.settings')).toBe('$.settings.a/b.c~d');
  });
});
