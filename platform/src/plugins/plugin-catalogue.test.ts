import { sdkVersion } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { fixturePlugin } from '../testing/plugin-fixtures';
import { PluginCatalogue, PluginRefused } from './plugin-catalogue';
import { registerFirstPartyPlugins } from './first-party-plugins';

describe('the plugin catalogue', () => {
  it('holds the first-party connector plugins, each providing its connector id (statement files are built in), the retail catalogue, the three rule packs and the core insight generators', () => {
    const catalogue = new PluginCatalogue();
    registerFirstPartyPlugins(catalogue);
    expect(catalogue.ids()).toEqual([
      'catalogue-retail',
      'compliance-eu',
      'compliance-uk',
      'compliance-us',
      'connector-berlin-group',
      'connector-open-banking-uk',
      'connector-sandbox',
      'insights-core',
      'model-propensity',
    ]);
    expect(
      ['sandbox', 'open-banking-uk', 'berlin-group', 'statement-file'].map((id) => catalogue.providerOf(id)),
    ).toEqual(['connector-sandbox', 'connector-open-banking-uk', 'connector-berlin-group', undefined]);
    expect(catalogue.find('connector-open-banking-uk')?.secrets).toEqual(['clientSecret']);
    expect(
      ['compliance-eu', 'compliance-uk', 'compliance-us'].map((id) => catalogue.find(id)?.manifest.regions),
    ).toEqual([['EU'], ['UK'], ['US']]);
  });

  it('lists versions newest first and picks the newest compatible one by default', () => {
    const catalogue = new PluginCatalogue();
    catalogue.register(fixturePlugin('fixture-a', '1.0.0'));
    catalogue.register(fixturePlugin('fixture-a', '1.10.0'));
    catalogue.register(fixturePlugin('fixture-a', '1.9.0'));
    catalogue.register(fixturePlugin('fixture-a', '2.0.0', { sdk: '^3.0.0' }));
    expect(catalogue.versions('fixture-a').map((plugin) => plugin.manifest.version)).toEqual([
      '2.0.0',
      '1.10.0',
      '1.9.0',
      '1.0.0',
    ]);
    expect(catalogue.find('fixture-a')?.manifest.version).toBe('1.10.0');
    expect(catalogue.find('fixture-a', '2.0.0')?.incompatibility).toBe(
      `needs SDK ^3.0.0; this platform runs SDK ${sdkVersion}`,
    );
  });

  it('refuses an invalid plugin with every problem, third-party code given in-process, a first-party release, and a connector id taken by another plugin', () => {
    const catalogue = new PluginCatalogue();
    const refusal = (register: () => unknown) => {
      try {
        register();
      } catch (error) {
        expect(error).toBeInstanceOf(PluginRefused);
        return (error as PluginRefused).problems;
      }
      throw new Error('expected a refusal');
    };
    expect(
      refusal(() => catalogue.register(fixturePlugin('fixture-b', 'one', { sdk: 'whatever', regions: [] }))),
    ).toEqual([
      { path: '$.regions', message: 'must NOT have fewer than 1 items' },
      { path: '$.version', message: '"one" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)' },
      { path: '$.sdk', message: '"whatever" is not a semver range (e.g. ^0.1.0)' },
    ]);
    expect(
      refusal(() => catalogue.register(fixturePlugin('fixture-c', '1.0.0', { trust: 'third-party' }))),
    ).toEqual([
      {
        path: '$.trust',
        message: 'third-party plugins run only isolated: publish the bundle (cli.js publish-plugin) instead',
      },
    ]);
    // First-party code never arrives as a published release.
    const release = { pluginId: 'fixture-f' } as unknown as Parameters<PluginCatalogue['register']>[1];
    expect(refusal(() => catalogue.register(fixturePlugin('fixture-f', '1.0.0'), release))).toEqual([
      {
        path: '$.trust',
        message: 'first-party plugins come only from the platform’s own code; publish third-party ones',
      },
    ]);
    catalogue.register(fixturePlugin('fixture-d', '1.0.0'));
    const taken = fixturePlugin('fixture-e', '1.0.0');
    const stealing = {
      ...taken,
      extensions: {
        'data-connector': { connectorId: 'fixture-d', create: taken.extensions['data-connector']!.create },
      },
    };
    expect(refusal(() => catalogue.register(stealing))).toEqual([
      {
        path: '$.capabilities',
        message: 'its data connector "fixture-d" is provided by plugin "fixture-d" already',
      },
    ]);
    expect(catalogue.ids()).toEqual(['fixture-d']);
  });
});
