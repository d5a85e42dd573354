import { settingsAjv, validatePlugin } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { sandboxPlugin } from './plugin';

describe('the sandbox plugin', () => {
  it('has a valid manifest whose code matches it; every setting is optional', () => {
    expect(validatePlugin(sandboxPlugin)).toMatchObject({ ok: true });
    const validate = settingsAjv().compile(sandboxPlugin.manifest.settings);
    expect(validate({})).toBe(true);
    expect(validate({ pageSize: 0 })).toBe(false);
  });

  it('one connector per bank and settings (its cache serves a sync’s pages)', () => {
    const { create, connectorId } = sandboxPlugin.extensions['data-connector'];
    const a = create({ tenantId: 'a', region: 'EU', settings: {} });
    expect(a.id).toBe(connectorId);
    expect(create({ tenantId: 'a', region: 'EU', settings: {} })).toBe(a);
    expect(create({ tenantId: 'b', region: 'EU', settings: {} })).not.toBe(a);
    expect(create({ tenantId: 'a', region: 'EU', settings: { pageSize: 50 } })).not.toBe(a);
  });
});
