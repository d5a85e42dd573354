import { describe, expect, it } from 'vitest';
import { hexColour, logoUrl, suspensionReasonProblem, tenantActionsFor } from './lifecycle.ts';

describe('tenant lifecycle in the portal', () => {
  it('offers suspend for an active bank, reactivate for a suspended one, nothing while provisioning', () => {
    expect(tenantActionsFor('ACTIVE')).toEqual(['suspend']);
    expect(tenantActionsFor('SUSPENDED')).toEqual(['reactivate']);
    expect(tenantActionsFor('PROVISIONING')).toEqual([]);
  });

  it('asks for a suspension reason of 1-500 characters', () => {
    expect(suspensionReasonProblem('  ')).toMatch(/Say why/);
    expect(suspensionReasonProblem('x'.repeat(501))).toMatch(/500/);
    expect(suspensionReasonProblem('Contract ended')).toBeUndefined();
  });

  it('validates colours and logo URLs as the API does', () => {
    expect(hexColour('#0B5FFF')).toBeUndefined();
    expect(hexColour('blue')).toBeDefined();
    expect(logoUrl('')).toBeUndefined();
    expect(logoUrl('https://cdn.bank.example/logo.svg')).toBeUndefined();
    expect(logoUrl('/logo.svg')).toBeUndefined();
    expect(logoUrl('javascript:alert(1)')).toBeDefined();
    expect(logoUrl('http://bank.example/logo.svg')).toBeDefined();
  });
});
