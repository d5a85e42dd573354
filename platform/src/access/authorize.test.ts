import { describe, expect, it } from 'vitest';
import { Forbidden, Unauthenticated } from '../errors';
import { createRequestContext, type Principal, runInContext } from '../request-context';
import { authorize, requirePlatformRole, requireTenantRole } from './authorize';

const tenant = { id: '00000000-0000-4000-8000-000000000001', slug: 'demo-bank', realm: 'demo-bank' };

function as<T>(principal: Principal | undefined, fn: () => T, withTenant = true): T {
  const context = createRequestContext({});
  context.principal = principal;
  context.tenant = withTenant ? tenant : undefined;
  return runInContext(context, fn);
}

const bankUser = (roles: Principal['roles']): Principal => ({
  kind: 'bank',
  subject: 's',
  realm: 'demo-bank',
  username: 'u',
  displayName: undefined,
  roles,
});

describe('authorisation by role', () => {
  it('anonymous callers are told to sign in', () => {
    expect(() => as(undefined, () => requireTenantRole(['bank-admin'], 'list customers'))).toThrow(
      Unauthenticated,
    );
  });

  it('a customer is not bank staff', () => {
    expect(() =>
      as(bankUser(['customer']), () =>
        requireTenantRole(['bank-admin', 'compliance-officer'], 'list customers'),
      ),
    ).toThrow(new Forbidden('Only bank-admin or compliance-officer of this bank may list customers.'));
  });

  it('a bank admin of the addressed tenant passes and gets that tenant', () => {
    expect(
      as(bankUser(['bank-admin']), () => requireTenantRole(['bank-admin'], 'list customers')).tenant,
    ).toEqual(tenant);
  });

  it('a bank user holding a role named platform-operator in its own realm is still not an operator', () => {
    expect(() =>
      as(bankUser(['platform-operator' as never]), () =>
        requirePlatformRole(['platform-operator'], 'onboard a tenant'),
      ),
    ).toThrow(Forbidden);
  });

  it('an operator is not staff of any bank', () => {
    const operator: Principal = {
      kind: 'platform',
      subject: 'o',
      realm: 'platform',
      username: 'operator',
      displayName: undefined,
      roles: ['platform-operator'],
    };
    expect(() => as(operator, () => requireTenantRole(['bank-admin'], 'list customers'), false)).toThrow(
      Forbidden,
    );
    expect(as(operator, () => requirePlatformRole(['platform-operator'], 'onboard a tenant'), false)).toBe(
      operator,
    );
  });
});

describe('authorize (CASL)', () => {
  it('anonymous callers are told to sign in, and nothing is recorded', () => {
    const context = createRequestContext({});
    expect(() => runInContext(context, () => authorize('read', 'Customer', 'list customers'))).toThrow(
      new Unauthenticated('Sign in to list customers.'),
    );
    expect(context.deniedAttempts).toEqual([]);
  });

  it('a refusal is FORBIDDEN and kept on the context for the audit trail', () => {
    const context = createRequestContext({});
    context.principal = bankUser(['customer']);
    context.tenant = tenant;
    expect(() =>
      runInContext(context, () => authorize('verify', 'AuditEntry', 'verify the audit trail')),
    ).toThrow(new Forbidden('Your role may not verify the audit trail in this bank.'));
    expect(context.deniedAttempts).toEqual([
      expect.objectContaining({ action: 'verify the audit trail', tenant, code: 'FORBIDDEN' }),
    ]);
  });

  it('a compliance officer may verify the trail; a customer may read (their own) customer record', () => {
    expect(() =>
      as(bankUser(['compliance-officer']), () => authorize('verify', 'AuditEntry', 'verify')),
    ).not.toThrow();
    expect(() =>
      as(bankUser(['customer']), () => authorize('read', 'Customer', 'read a customer')),
    ).not.toThrow();
  });
});
