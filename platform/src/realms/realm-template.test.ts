import { describe, expect, it } from 'vitest';
import { flowVersion } from './flow-aliases';
import { bankRealmTemplate, type FlowStep, type FlowTemplate } from './realm-template';
import { signInFlows } from './sign-in';

const bank = {
  realm: 'north-bank',
  displayName: 'North Bank',
  appOrigins: {
    admin: ['https://admin.north.example'],
    customer: ['https://app.north.example', 'http://localhost:5174'],
  },
  apiAudience: 'finpersona-api',
};

/** Every authenticator of a flow, depth first, with the roles its conditions test. */
function authenticators(flow: FlowTemplate): string[] {
  return flow.steps.flatMap((step: FlowStep) =>
    'subflow' in step
      ? authenticators(step.subflow)
      : [
          step.config?.values.condUserRole
            ? `${step.authenticator}(${step.config.values.negate === 'true' ? '!' : ''}${step.config.values.condUserRole})`
            : step.config?.values['loa-condition-level']
              ? `${step.authenticator}(${step.config.values['loa-condition-level']})`
              : step.authenticator,
        ],
  );
}

describe('bank realm template', () => {
  it('builds exact redirect URIs, post-logout URIs and web origins from the app origins, never a wildcard', () => {
    const template = bankRealmTemplate(bank);
    const customer = template.clients.find((client) => client.clientId === 'finpersona-customer')!;
    expect(customer.representation).toMatchObject({
      redirectUris: ['https://app.north.example/auth/callback', 'http://localhost:5174/auth/callback'],
      webOrigins: ['https://app.north.example', 'http://localhost:5174'],
      attributes: expect.objectContaining({
        'post.logout.redirect.uris': 'https://app.north.example/##http://localhost:5174/',
        'pkce.code.challenge.method': 'S256',
      }),
      publicClient: true,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
    });
    expect(JSON.stringify(template.clients)).not.toContain('*');
  });

  it('gives both clients the API audience mapper (access tokens only) and the amr and acr mappers', () => {
    for (const client of bankRealmTemplate(bank).clients) {
      expect(client.protocolMappers).toEqual([
        expect.objectContaining({
          protocolMapper: 'oidc-audience-mapper',
          config: expect.objectContaining({
            'included.custom.audience': 'finpersona-api',
            'id.token.claim': 'false',
          }),
        }),
        expect.objectContaining({
          protocolMapper: 'oidc-amr-mapper',
          config: expect.objectContaining({ 'access.token.claim': 'true' }),
        }),
        expect.objectContaining({
          protocolMapper: 'oidc-acr-mapper',
          config: expect.objectContaining({ 'access.token.claim': 'true' }),
        }),
      ]);
    }
  });

  it('names the levels of authentication step-up asks for (acr.loa.map)', () => {
    expect(bankRealmTemplate(bank).attributes).toEqual({ 'acr.loa.map': '{"password":1,"mfa":2}' });
  });

  it('turns registration off and brute-force protection, a password policy and short access tokens on', () => {
    expect(bankRealmTemplate(bank).settings).toMatchObject({
      registrationAllowed: false,
      bruteForceProtected: true,
      accessTokenLifespan: 300,
      passwordPolicy: expect.stringContaining('length(12)'),
    });
    expect(bankRealmTemplate(bank).settings).not.toHaveProperty('enabled');
  });

  it('browser: level 1 asks each staff role once for a code, others only when configured; level 2 asks for a code', () => {
    expect(authenticators(bankRealmTemplate(bank).flows.browser)).toEqual([
      'auth-cookie',
      'identity-provider-redirector',
      'conditional-level-of-authentication(1)',
      'auth-username-password-form',
      'conditional-user-role(bank-admin)',
      'auth-otp-form',
      'conditional-user-role(compliance-officer)',
      'conditional-user-role(!bank-admin)',
      'auth-otp-form',
      'conditional-user-configured',
      'conditional-user-role(!bank-admin)',
      'conditional-user-role(!compliance-officer)',
      'auth-otp-form',
      'conditional-level-of-authentication(2)',
      'auth-otp-form',
    ]);
  });

  it('direct grant: staff send a code, others when configured', () => {
    expect(authenticators(signInFlows(['platform-operator']).directGrant)).toEqual([
      'direct-grant-validate-username',
      'direct-grant-validate-password',
      'conditional-user-role(platform-operator)',
      'direct-grant-validate-otp',
      'conditional-user-configured',
      'conditional-user-role(!platform-operator)',
      'direct-grant-validate-otp',
    ]);
  });

  it('versions flows by content: the same template has the same version, a changed one another', () => {
    const flow = bankRealmTemplate(bank).flows.browser;
    expect(flowVersion(flow)).toBe(flowVersion(bankRealmTemplate({ ...bank, realm: 'other' }).flows.browser));
    expect(flowVersion(flow)).not.toBe(flowVersion({ ...flow, description: 'changed' }));
    expect(flowVersion(flow)).toMatch(/^[0-9a-f]{12}$/);
  });
});
