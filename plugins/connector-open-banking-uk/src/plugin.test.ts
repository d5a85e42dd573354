import { PluginSettingsError, secretSettings, settingsAjv, validatePlugin } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { openBankingUkPlugin } from './plugin';

const settings = {
  apiBaseUrl: 'https://api.bank.example/open-banking/v3.1/aisp',
  authorizationEndpoint: 'https://auth.bank.example/authorize',
  tokenEndpoint: 'https://auth.bank.example/token',
  clientId: 'finpersona',
  clientSecret: 's3cret',
};
const context = { tenantId: '00000000-0000-4000-8000-000000000001', region: 'UK' as const };

describe('the Open Banking UK plugin', () => {
  it('has a valid manifest whose code matches it, with the client secret as its only secret', () => {
    expect(validatePlugin(openBankingUkPlugin)).toMatchObject({ ok: true });
    expect(secretSettings(openBankingUkPlugin.manifest.settings)).toEqual(['clientSecret']);
  });

  it('its settings schema accepts a complete configuration and names what is missing', () => {
    const validate = settingsAjv().compile(openBankingUkPlugin.manifest.settings);
    expect(validate(settings)).toBe(true);
    expect(validate({ ...settings, clientSecret: undefined, apiBaseUrl: 'not a url' })).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath || error.params)).toEqual(
      expect.arrayContaining([{ missingProperty: 'clientSecret' }, '/apiBaseUrl']),
    );
  });

  it('the configure hook refuses plain http to another host, naming the setting', () => {
    expect(() => openBankingUkPlugin.hooks.configure({ ...context, settings })).not.toThrow();
    try {
      openBankingUkPlugin.hooks.configure({
        ...context,
        settings: { ...settings, tokenEndpoint: 'http://auth.bank.example/token' },
      });
      expect.unreachable('the hook should refuse');
    } catch (error) {
      expect(error).toBeInstanceOf(PluginSettingsError);
      expect((error as PluginSettingsError).problems).toEqual([
        { field: 'tokenEndpoint', problem: expect.stringMatching(/^must use https/) },
      ]);
    }
  });

  it('builds the open-banking-uk connector from the settings', () => {
    const connector = openBankingUkPlugin.extensions['data-connector'].create({ ...context, settings });
    expect(connector.id).toBe(openBankingUkPlugin.extensions['data-connector'].connectorId);
  });
});
