import { subject } from '@casl/ability';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../request-context';
import { defineAbilitiesFor } from './abilities';
import { refusalsFor } from './graphql-gate';
import { conditionsFor } from './query-conditions';

const bankA = { id: '00000000-0000-4000-8000-00000000000a', slug: 'bank-a', realm: 'bank-a' };
const bankB = { id: '00000000-0000-4000-8000-00000000000b', slug: 'bank-b', realm: 'bank-b' };

const principal = (kind: Principal['kind'], roles: Role[], extra: Partial<Principal> = {}): Principal => ({
  kind,
  subject: 'subject-1',
  realm: kind === 'platform' ? 'platform' : 'bank-a',
  username: 'user',
  displayName: undefined,
  roles,
  ...extra,
});
const bankUser = (role: Role) => defineAbilitiesFor({ principal: principal('bank', [role]), tenant: bankA });

describe('CASL abilities per role', () => {
  it('staff of a bank read that bank’s customers: the condition names the tenant', () => {
    for (const role of ['bank-admin', 'compliance-officer'] as const) {
      expect(conditionsFor(bankUser(role), 'read', 'Customer')).toEqual({ tenantId: bankA.id });
    }
  });

  it('a customer reads only their own record: tenant and token subject', () => {
    expect(conditionsFor(bankUser('customer'), 'read', 'Customer')).toEqual({
      tenantId: bankA.id,
      subject: 'subject-1',
    });
    const ability = bankUser('customer');
    expect(
      ability.can('read', subject('Customer', { id: 'c', tenantId: bankA.id, subject: 'subject-1' })),
    ).toBe(true);
    expect(
      ability.can('read', subject('Customer', { id: 'c', tenantId: bankB.id, subject: 'subject-1' })),
    ).toBe(false);
    expect(ability.can('read', subject('Customer', { id: 'c', tenantId: bankA.id, subject: 'other' }))).toBe(
      false,
    );
  });

  it('no customer rows at all for operators, anonymous callers and bank users without a tenant', () => {
    const operator = defineAbilitiesFor({
      principal: principal('platform', ['platform-operator']),
      tenant: undefined,
    });
    expect(conditionsFor(operator, 'read', 'Customer')).toBeNull();
    expect(
      conditionsFor(defineAbilitiesFor({ principal: undefined, tenant: bankA }), 'read', 'Customer'),
    ).toBeNull();
    expect(
      conditionsFor(
        defineAbilitiesFor({ principal: principal('bank', ['bank-admin']), tenant: undefined }),
        'read',
        'Customer',
      ),
    ).toBeNull();
  });

  it('operators manage the tenant directory and onboarding runs, and nothing of a bank', () => {
    const operator = defineAbilitiesFor({
      principal: principal('platform', ['platform-operator']),
      tenant: undefined,
    });
    expect(conditionsFor(operator, 'update', 'Tenant')).toEqual({});
    expect(operator.can('create', 'OnboardingRun')).toBe(true);
    expect(operator.can('read', 'AuditEntry')).toBe(false);
  });

  it('a role named platform-operator granted by a bank realm gives nothing', () => {
    const ability = defineAbilitiesFor({
      principal: principal('bank', ['platform-operator']),
      tenant: bankA,
    });
    expect(ability.can('update', 'Tenant')).toBe(false);
    expect(ability.can('create', 'OnboardingRun')).toBe(false);
    expect(conditionsFor(ability, 'read', 'Customer')).toBeNull();
  });

  it('only compliance officers read, verify and export their bank’s audit trail', () => {
    expect(conditionsFor(bankUser('compliance-officer'), 'export', 'AuditEntry')).toEqual({
      tenantId: bankA.id,
    });
    expect(bankUser('bank-admin').can('read', 'AuditEntry')).toBe(false);
    expect(bankUser('customer').can('verify', 'AuditEntry')).toBe(false);
  });

  it('field rules: a compliance officer may not read customers’ e-mail addresses; admins and customers may', () => {
    expect(bankUser('compliance-officer').can('read', 'Customer', 'email')).toBe(false);
    expect(bankUser('compliance-officer').can('read', 'Customer', 'createdAt')).toBe(true);
    expect(bankUser('bank-admin').can('read', 'Customer', 'email')).toBe(true);
    expect(bankUser('customer').can('read', 'Customer', 'email')).toBe(true);
  });

  it('anonymous callers read only the public branding fields of active tenants', () => {
    const ability = defineAbilitiesFor({ principal: undefined, tenant: undefined });
    expect(ability.can('read', subject('Tenant', { id: bankA.id, status: 'ACTIVE' }), 'branding')).toBe(true);
    expect(ability.can('read', subject('Tenant', { id: bankA.id, status: 'SUSPENDED' }), 'branding')).toBe(
      false,
    );
    expect(ability.can('read', subject('Tenant', { id: bankA.id, status: 'ACTIVE' }), 'name')).toBe(false);
  });

  it('plugin developers (API key hook) read only inside the sandbox tenant their key is bound to', () => {
    const developer = (tenant: typeof bankA) =>
      defineAbilitiesFor({
        principal: principal('plugin', ['plugin-developer'], { sandboxTenantId: bankA.id }),
        tenant,
      });
    expect(conditionsFor(developer(bankA), 'read', 'Customer')).toEqual({ tenantId: bankA.id });
    expect(developer(bankA).can('update', 'Customer')).toBe(false);
    expect(developer(bankA).can('read', 'AuditEntry')).toBe(false);
    expect(conditionsFor(developer(bankB), 'read', 'Customer')).toBeNull();
  });
});

describe('role matrix gate (static check of a document)', () => {
  const schema = buildSchema(`
    type Query { customers: CustomerConnection! verifyAuditTrail: AuditVerification! me: Me! unlisted: String }
    type CustomerConnection { totalCount: Int! edges: [CustomerEdge!]! }
    type CustomerEdge { node: Customer! }
    type Customer { id: ID! displayName: String! email: String createdAt: String! }
    type AuditVerification { intact: Boolean! }
    type Me { subject: ID! }
  `);
  const refusals = (query: string, roles: Role[]) =>
    refusalsFor(schema, parse(query), roles).map((refusal) => refusal.coordinate);

  it('refuses a root operation the role may not use, wherever it sits (fragments included)', () => {
    expect(
      refusals('{ me { subject } ...F } fragment F on Query { verifyAuditTrail { intact } }', ['bank-admin']),
    ).toEqual(['Query.verifyAuditTrail', 'AuditVerification.intact']);
    expect(refusals('{ customers { totalCount } }', [])).toEqual([
      'Query.customers',
      'CustomerConnection.totalCount',
    ]);
    expect(refusals('{ customers { totalCount } }', ['platform-operator'])[0]).toBe('Query.customers');
  });

  it('lets a nullable hidden field through (it reads as null) and refuses nothing the role may use', () => {
    expect(
      refusals('{ customers { edges { node { id email createdAt } } } }', ['compliance-officer']),
    ).toEqual([]);
    expect(refusals('{ customers { edges { node { ... on Customer { email } } } } }', ['customer'])).toEqual(
      [],
    );
  });

  it('refuses a field missing from the matrix (fail closed)', () => {
    expect(refusals('{ unlisted }', ['bank-admin'])).toEqual(['Query.unlisted']);
  });

  it('says who may use a refused operation', () => {
    const [refusal] = refusalsFor(schema, parse('{ verifyAuditTrail { intact } }'), ['customer']);
    expect(refusal).toMatchObject({
      does: 'verify the audit trail',
      message: 'Only compliance-officer may verify the audit trail.',
    });
  });
});
