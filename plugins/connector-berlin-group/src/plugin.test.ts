import { PluginSettingsError, secretSettings, settingsAjv, validatePlugin } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { berlinGroupPlugin } from './plugin';

const settings = { baseUrl: 'https://api.bank.example/psd2', tppIpAddress: '203.0.113.7' };
const context = { tenantId: '00000000-0000-4000-8000-000000000001', region: 'EU' as const };

describe('the Berlin Group plugin', () => {
  it('has a valid manifest whose code matches it, and no secret setting', () => {
    expect(validatePlugin(berlinGroupPlugin)).toMatchObject({ ok: true });
    expect(secretSettings(berlinGroupPlugin.manifest.settings)).toEqual([]);
  });

  it('its settings schema checks the base URL, the IPv4 address and the consent frequency', () => {
    const validate = settingsAjv().compile(berlinGroupPlugin.manifest.settings);
    expect(validate(settings)).toBe(true);
    expect(validate({ ...settings, tppIpAddress: '2001:db8::1', frequencyPerDay: 5 })).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath).sort()).toEqual([
      '/frequencyPerDay',
      '/tppIpAddress',
    ]);
  });

  it('the configure hook refuses plain http to another host, naming the setting', () => {
    expect(() => berlinGroupPlugin.hooks.configure({ ...context, settings })).not.toThrow();
    try {
      berlinGroupPlugin.hooks.configure({
        ...context,
        settings: { ...settings, baseUrl: 'http://bank.example/psd2' },
      });
      expect.unreachable('the hook should refuse');
    } catch (error) {
      expect(error).toBeInstanceOf(PluginSettingsError);
      expect((error as PluginSettingsError).problems).toEqual([
        { field: 'baseUrl', problem: expect.stringMatching(/^must use https/) },
      ]);
    }
  });

  it('builds the berlin-group connector from the settings', () => {
    const connector = berlinGroupPlugin.extensions['data-connector'].create({ ...context, settings });
    expect(connector.id).toBe(berlinGroupPlugin.extensions['data-connector'].connectorId);
  });
});
