import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLEnumType } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TenancyService } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { demoBank } from '../testing/seed';

describe('GraphQL transport and public queries', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
    await api.running.app.get(TenancyService).upsertTenant(demoBank);
  });
  afterAll(() => api?.close());

  it('tenantBranding is public and names the realm and issuer to sign in with', async () => {
    const { body } = await api.graphql(
      `{ tenantBranding(slug: "demo-bank") { slug realm issuer branding { displayName primaryColor accentColor logoUrl } } }`,
    );
    expect(body.data?.tenantBranding).toEqual({
      slug: 'demo-bank',
      realm: 'demo-bank',
      issuer: `${inject('services').KEYCLOAK_URL.replace(/\/+$/, '')}/realms/demo-bank`,
      branding: {
        displayName: 'Demo Bank',
        primaryColor: '#0B5FFF',
        accentColor: '#00B894',
        logoUrl: demoBank.branding.logoUrl,
      },
    });
    expect(demoBank.branding.logoUrl).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('tenantBranding of a tenant still being onboarded (PROVISIONING) is null: it is not live yet', async () => {
    await api.running.app
      .get(TenancyService)
      .upsertTenant(
        { ...demoBank, slug: 'onboarding-bank', realm: 'onboarding-bank' },
        { initialStatus: 'PROVISIONING' },
      );
    const { body } = await api.graphql(`{ tenantBranding(slug: "onboarding-bank") { slug } }`);
    expect(body).toEqual({ data: { tenantBranding: null } });
  });

  it('the TenantStatus enum has PROVISIONING, ACTIVE and SUSPENDED', () => {
    // Read from the served schema: introspection over HTTP is off (see graphql-hardening.int.test.ts).
    const tenantStatus = api.running.app.get(GraphQLSchemaHost).schema.getType('TenantStatus') as
      GraphQLEnumType | undefined;
    expect(
      tenantStatus
        ?.getValues()
        .map((value) => value.name)
        .sort(),
    ).toEqual(['ACTIVE', 'PROVISIONING', 'SUSPENDED']);
  });

  it('tenantBranding of an unknown slug is null, not an error', async () => {
    const { body } = await api.graphql(`{ tenantBranding(slug: "nobody") { slug } }`);
    expect(body).toEqual({ data: { tenantBranding: null } });
  });

  it('GET /graphql is refused with 405: queries are JSON POSTs only', async () => {
    const response = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(405);
    expect(
      ((await response.json()) as { errors: { extensions: { code: string; requestId: string } }[] })
        .errors[0]!.extensions.code,
    ).toBe('INVALID');
  });

  it('a form-encoded POST is refused with 415 (no cross-site form posts)', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query={__typename}',
    });
    expect(response.status).toBe(415);
  });

  it('a query for an unknown field is INVALID with GraphQL’s message and a request id', async () => {
    const { body } = await api.graphql('{ nope }');
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Cannot query field "nope"'),
      extensions: { code: 'INVALID', requestId: expect.any(String) },
    });
  });

  it('malformed JSON is INVALID, not an internal error', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(response.status).toBe(400);
    expect(
      ((await response.json()) as { errors: { extensions: { code: string; requestId: string } }[] })
        .errors[0]!.extensions.code,
    ).toBe('INVALID');
  });

  it('echoes a caller-supplied X-Request-Id so logs and clients correlate', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-abc-123' },
      body: JSON.stringify({ query: '{ me { subject } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(
      ((await response.json()) as { errors: { extensions: { code: string; requestId: string } }[] })
        .errors[0]!.extensions.requestId,
    ).toBe('trace-abc-123');
  });

  it('allows the admin portal origin by CORS, with the X-Tenant header', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-tenant',
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-tenant');
  });
});
