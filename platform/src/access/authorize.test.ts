import { describe, expect, it } from 'vitest';
import { Forbidden, Unauthenticated } from '../errors';
import { createRequestContext, type Principal, runInContext } from '../request-context';
import { authorize } from './authorize';

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
    expect(() => as(undefined, () => authorize('read', 'Customer', 'list customers'))).toThrow(
      Unauthenticated,
    );
  });

  it('a customer may not manage tenants', () => {
    expect(() => as(bankUser(['customer']), () => authorize('update', 'Tenant', 'suspend tenants'))).toThrow(
      new Forbidden('Your role may not suspend tenants in this bank.'),
    );
  });

  it('a bank admin of the addressed tenant may read its customers', () => {
    expect(() =>
      as(bankUser(['bank-admin']), () => authorize('read', 'Customer', 'list customers')),
    ).not.toThrow();
  });

  it('a bank user holding a role named platform-operator in its own realm is still not an operator', () => {
    expect(() =>
      as(bankUser(['platform-operator' as never]), () => authorize('manage', 'Tenant', 'list tenants')),
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
    expect(() => as(operator, () => authorize('read', 'Customer', 'list customers'), false)).toThrow(
      Forbidden,
    );
    expect(() => as(operator, () => authorize('update', 'Tenant', 'suspend tenants'), false)).not.toThrow();
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
