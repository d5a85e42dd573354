import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors';
import { addressedTenant, tenantOfHost } from './identity-hook';
import { authenticationOf, principalOf } from './token-verifier';

const suffix = '.api.example.com';
const request = (host: string, tenant?: string) =>
  ({ host, headers: tenant === undefined ? {} : { 'x-tenant': tenant } }) as unknown as FastifyRequest;

describe('tenant addressed by host', () => {
  it('reads the slug from <slug><suffix>, ignoring case, port and a trailing dot', () => {
    expect(tenantOfHost('demo-bank.api.example.com', suffix)).toBe('demo-bank');
    expect(tenantOfHost('Demo-Bank.API.example.com:8443', suffix)).toBe('demo-bank');
    expect(tenantOfHost('demo-bank.api.example.com.', suffix)).toBe('demo-bank');
  });

  it('other hosts address no tenant (the platform address, localhost, look-alike domains)', () => {
    expect(tenantOfHost('api.example.com', suffix)).toBeUndefined();
    expect(tenantOfHost('127.0.0.1:4000', suffix)).toBeUndefined();
    expect(tenantOfHost('demo-bank.api.example.com.evil.example', suffix)).toBeUndefined();
    expect(tenantOfHost('demo-bankapi.example.com', suffix)).toBeUndefined();
  });

  it('a host under the suffix that is no slug is INVALID', () => {
    expect(() => tenantOfHost('a.b.api.example.com', suffix)).toThrow(Invalid);
    expect(() => tenantOfHost('x.api.example.com', suffix)).toThrow(/does not name a tenant/);
  });

  it('host and X-Tenant must agree; either alone addresses the tenant; without a suffix only the header counts', () => {
    expect(addressedTenant(request('demo-bank.api.example.com'), suffix)).toBe('demo-bank');
    expect(addressedTenant(request('demo-bank.api.example.com', 'demo-bank'), suffix)).toBe('demo-bank');
    expect(addressedTenant(request('api.example.com', 'other-bank'), suffix)).toBe('other-bank');
    expect(() => addressedTenant(request('demo-bank.api.example.com', 'other-bank'), suffix)).toThrow(
      /X-Tenant "other-bank" does not match the tenant of this address \("demo-bank"\)/,
    );
    expect(addressedTenant(request('demo-bank.api.example.com', 'other-bank'), undefined)).toBe('other-bank');
  });
});

describe('authentication strength from a verified token', () => {
  it('a second factor is an otp (or hwk) in amr; acr is kept as it is', () => {
    expect(authenticationOf({ acr: 'mfa', amr: ['pwd', 'otp'] })).toEqual({
      acr: 'mfa',
      amr: ['pwd', 'otp'],
      secondFactor: true,
    });
    expect(authenticationOf({ amr: ['hwk'] }).secondFactor).toBe(true);
  });

  it('acr alone, a password, or a malformed amr prove no second factor', () => {
    expect(authenticationOf({ acr: 'mfa', amr: ['pwd'] }).secondFactor).toBe(false);
    expect(authenticationOf({ acr: 'mfa' })).toEqual({ acr: 'mfa', amr: [], secondFactor: false });
    expect(authenticationOf({ amr: 'otp' }).secondFactor).toBe(false);
    expect(authenticationOf({ amr: [{ otp: true }] }).secondFactor).toBe(false);
  });

  it('keeps the token id and authentication time for proofs (consents), only when well-formed', () => {
    expect(authenticationOf({ amr: ['pwd'], jti: 'token-1', auth_time: 1_790_000_000 })).toMatchObject({
      tokenId: 'token-1',
      authenticatedAt: new Date(1_790_000_000_000),
    });
    const malformed = authenticationOf({ amr: ['pwd'], jti: 7 as never, auth_time: '1790000000' as never });
    expect(malformed).not.toHaveProperty('tokenId');
    expect(malformed).not.toHaveProperty('authenticatedAt');
  });
});

describe('roles per client', () => {
  const token = (azp: string, roles: string[]) => ({
    sub: 'subject-1',
    azp,
    realm_access: { roles },
    amr: ['pwd', 'otp'],
  });

  it('staff roles count only in admin-portal tokens, the customer role only in customer-app tokens', () => {
    const roles = ['bank-admin', 'compliance-officer', 'customer'];
    expect(principalOf(token('finpersona-admin', roles), 'demo-bank', 'bank').roles).toEqual([
      'bank-admin',
      'compliance-officer',
    ]);
    expect(principalOf(token('finpersona-customer', roles), 'demo-bank', 'bank').roles).toEqual(['customer']);
    expect(principalOf(token('finpersona-dev-cli', roles), 'demo-bank', 'bank').roles).toEqual(roles);
  });

  it('a realm grants only the roles of its kind, whatever the client', () => {
    const granted = ['platform-operator', 'bank-admin'];
    expect(principalOf(token('finpersona-admin', granted), 'demo-bank', 'bank').roles).toEqual([
      'bank-admin',
    ]);
    expect(principalOf(token('finpersona-admin', granted), 'platform', 'platform').roles).toEqual([
      'platform-operator',
    ]);
  });

  it('the principal carries the verified authentication strength and the client', () => {
    expect(principalOf(token('finpersona-admin', []), 'demo-bank', 'bank')).toMatchObject({
      client: 'finpersona-admin',
      authentication: { amr: ['pwd', 'otp'], secondFactor: true },
    });
  });
});
