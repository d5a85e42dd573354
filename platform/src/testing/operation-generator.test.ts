import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CannotGenerate, generateCall, type TargetWorld } from './operation-generator';

const world: TargetWorld = {
  tenant: { id: '00000000-0000-4000-8000-00000000000b', slug: 'bank-b', realm: 'bank-b' },
  customerIds: ['00000000-0000-4000-8000-0000000000c1'],
  workflowId: 'onboard-tenant:bank-b',
  onboardingSlug: 'bank-b',
};

// Shaped like the tenant-lifecycle operations being added in parallel, plus one the generator cannot know.
const schema = buildSchema(`
  type Query { tenants: [Tenant!]! customer(id: ID!): Customer weird(code: String!): String }
  type Mutation {
    suspendTenant(id: ID!): Tenant!
    updateTenantBranding(tenantId: ID!, branding: BrandingInput!): Tenant!
  }
  input BrandingInput { displayName: String! primaryColor: String! accentColor: String! logoUrl: String }
  type Tenant { id: ID! slug: String! name: String! }
  type Customer { id: ID! email: String }
`);

describe('operation generator', () => {
  it('aims id arguments at the target tenant’s resources by what the operation returns', () => {
    expect(generateCall(schema, 'Query', 'customer', world, 'all').variables).toEqual({
      a0: world.customerIds[0],
    });
    expect(generateCall(schema, 'Mutation', 'suspendTenant', world, 'all')).toMatchObject({
      document: 'mutation Generated($a0: ID!) { suspendTenant(id: $a0) { id slug name } }',
      variables: { a0: world.tenant.id },
    });
  });

  it('builds input objects field by field (required ones and those naming a resource)', () => {
    expect(generateCall(schema, 'Mutation', 'updateTenantBranding', world, 'all').variables).toEqual({
      a0: world.tenant.id,
      a1: { displayName: 'Generated name', primaryColor: '#123456', accentColor: '#654321' },
    });
  });

  it('selects only the fields the role may use per the role matrix', () => {
    const call = generateCall(schema, 'Query', 'customer', world, ['compliance-officer']);
    expect(call.document).toContain('customer(id: $a0) { id }');
  });

  it('fails, saying what to teach it, for an argument it cannot build', () => {
    expect(() => generateCall(schema, 'Query', 'weird', world, 'all')).toThrow(CannotGenerate);
    expect(() => generateCall(schema, 'Query', 'weird', world, 'all')).toThrow(
      /cannot build argument Query\.weird\(code\) of type String: teach platform\/src\/testing\/operation-generator\.ts/,
    );
  });
});
