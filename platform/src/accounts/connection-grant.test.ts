import { describe, expect, it } from 'vitest';
import { grantReplacementProblem, maxGrantJsonLength, sameGrant } from './connection-grant';
import { normaliseIp } from './connections.connector-context';

const stored = { sourceConsentId: 'c-1', expiresAt: '2027-01-01T00:00:00.000Z', credentials: { a: 1 } };

describe('connection grants a connector saves', () => {
  it('may replace the stored grant only with a grant of the same source consent, JSON, within the size limit', () => {
    expect(grantReplacementProblem(stored, { ...stored, credentials: { a: 2 } })).toBeNull();
    expect(grantReplacementProblem(stored, { ...stored, sourceConsentId: 'c-2' })).toMatch(
      /another source consent/,
    );
    expect(grantReplacementProblem(stored, { credentials: { a: 2 } })).toMatch(/another source consent/);
    expect(grantReplacementProblem({ credentials: {} }, { credentials: { a: 2 } })).toBeNull();
    expect(grantReplacementProblem(stored, null)).toMatch(/not an object/);
    expect(grantReplacementProblem(stored, { ...stored, credentials: [] })).toMatch(/credentials/);
    expect(grantReplacementProblem(stored, { ...stored, expiresAt: 5 })).toMatch(/expiresAt/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(grantReplacementProblem(stored, { ...stored, credentials: cyclic })).toMatch(/JSON/);
    const huge = { ...stored, credentials: { token: 'x'.repeat(maxGrantJsonLength) } };
    expect(grantReplacementProblem(stored, huge)).toMatch(/larger than/);
  });

  it('counts two grants with the same values in another key order as the same (a repeated save changes nothing)', () => {
    expect(
      sameGrant(stored, { credentials: { a: 1 }, expiresAt: stored.expiresAt, sourceConsentId: 'c-1' }),
    ).toBe(true);
    expect(sameGrant(stored, { ...stored, credentials: { a: 1, b: undefined } } as never)).toBe(true);
    expect(sameGrant(stored, { ...stored, credentials: { a: '1' } })).toBe(false);
    expect(sameGrant(stored, { ...stored, expiresAt: undefined } as never)).toBe(false);
  });
});

describe('the customer address a connector is given', () => {
  it('is an IP address as text, IPv4 unwrapped from the dual-stack form; anything else is no address', () => {
    expect(normaliseIp('203.0.113.9')).toBe('203.0.113.9');
    expect(normaliseIp('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(normaliseIp('2001:db8::1')).toBe('2001:db8::1');
    expect(normaliseIp('unknown')).toBeNull();
    expect(normaliseIp('')).toBeNull();
  });
});
