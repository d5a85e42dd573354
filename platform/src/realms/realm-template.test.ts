import { describe, expect, it } from 'vitest';
import { flowVersion } from './realm-provisioner';
import { bankRealmTemplate, type FlowStep, type FlowTemplate, staffOtpFlow } from './realm-template';

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
          step.config?.condUserRole
            ? `${step.authenticator}(${step.config.negate === 'true' ? '!' : ''}${step.config.condUserRole})`
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

  it('gives both clients the API audience mapper (access tokens only)', () => {
    for (const client of bankRealmTemplate(bank).clients) {
      expect(client.protocolMappers).toEqual([
        expect.objectContaining({
          protocolMapper: 'oidc-audience-mapper',
          config: expect.objectContaining({
            'included.custom.audience': 'finpersona-api',
            'id.token.claim': 'false',
          }),
        }),
      ]);
    }
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

  it('requires a one-time code of each staff role once, and of others only when configured', () => {
    expect(
      authenticators(
        staffOtpFlow('browser', { verify: 'auth-username-password-form', otp: 'auth-otp-form' }),
      ),
    ).toEqual([
      'auth-cookie',
      'identity-provider-redirector',
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
    ]);
  });

  it('versions flows by content: the same template has the same version, a changed one another', () => {
    const flow = bankRealmTemplate(bank).flows.browser;
    expect(flowVersion(flow)).toBe(flowVersion(bankRealmTemplate({ ...bank, realm: 'other' }).flows.browser));
    expect(flowVersion(flow)).not.toBe(flowVersion({ ...flow, description: 'changed' }));
    expect(flowVersion(flow)).toMatch(/^[0-9a-f]{12}$/);
  });
});
