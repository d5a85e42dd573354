import { describe, expect, it } from 'vitest';
import { secondFactorMaxAgeSeconds } from '../identity';
import { flowAlias } from './flow-aliases';
import { flowImport, realmImport, signInImport } from './realm-import';
import { bankRealmTemplate } from './realm-template';
import { signInFlows } from './sign-in';

const bank = {
  realm: 'north-bank',
  displayName: 'North Bank',
  appOrigins: { admin: ['https://admin.north.example'], customer: ['https://app.north.example'] },
  apiAudience: 'finpersona-api',
};

describe('realm import JSON derived from the template', () => {
  it.each([
    ['a bank realm', ['bank-admin', 'compliance-officer']],
    ['the platform realm', ['platform-operator']],
  ])(
    '%s: every flow and config an execution names exists once, and the bound flows are top-level',
    (_, staff) => {
      const signIn = signInImport(signInFlows(staff));
      const flowAliases = signIn.authenticationFlows.map((flow) => flow.alias);
      const configAliases = signIn.authenticatorConfig.map((config) => config.alias);
      expect(new Set(flowAliases).size).toBe(flowAliases.length);
      expect(new Set(configAliases).size).toBe(configAliases.length);
      const topLevel = signIn.authenticationFlows.filter((flow) => flow.topLevel).map((flow) => flow.alias);
      expect(topLevel.sort()).toEqual([signIn.browserFlow, signIn.directGrantFlow].sort());
      const executions = signIn.authenticationFlows.flatMap((flow) => flow.authenticationExecutions);
      const referenced = executions.flatMap((execution) =>
        execution.authenticatorConfig ? [execution.authenticatorConfig] : [],
      );
      expect(referenced.sort()).toEqual([...configAliases].sort());
      for (const execution of executions) {
        if (execution.flowAlias) expect(flowAliases, execution.flowAlias).toContain(execution.flowAlias);
      }
    },
  );

  it('every password step carries the pwd reference and every one-time-code step the otp reference', () => {
    const signIn = signInImport(signInFlows(['bank-admin', 'compliance-officer']));
    const configs = new Map(signIn.authenticatorConfig.map((config) => [config.alias, config.config]));
    const executions = signIn.authenticationFlows.flatMap((flow) => flow.authenticationExecutions);
    const referenceOf = (authenticators: string[]) =>
      executions
        .filter((execution) => authenticators.includes(execution.authenticator ?? ''))
        .map((execution) => configs.get(execution.authenticatorConfig ?? ''));
    const otp = referenceOf(['auth-otp-form', 'direct-grant-validate-otp']);
    // browser: level 2, and at level 1 two staff roles and everyone else; direct grant: the same three
    expect(otp).toHaveLength(7);
    for (const config of otp) {
      expect(config).toEqual({
        'default.reference.value': 'otp',
        'default.reference.maxAge': String(secondFactorMaxAgeSeconds),
      });
    }
    const passwords = referenceOf(['auth-username-password-form', 'direct-grant-validate-password']);
    expect(passwords).toHaveLength(2);
    for (const config of passwords) expect(config).toMatchObject({ 'default.reference.value': 'pwd' });
    // Keycloak asks for a new code before `otp` leaves the tokens, so stepping up cannot loop.
    const level2 = signIn.authenticatorConfig.find((config) => config.config['loa-condition-level'] === '2');
    expect(Number(level2!.config['loa-max-age'])).toBeLessThan(secondFactorMaxAgeSeconds);
  });

  it('uses the aliases the provisioner gives: versioned top-level flow, sub-flows and configs named after it', () => {
    const flows = signInFlows(['bank-admin', 'compliance-officer']);
    const imported = flowImport(flows.directGrant);
    expect(imported.alias).toBe(flowAlias(flows.directGrant));
    expect(imported.alias).toMatch(/^finpersona direct grant [0-9a-f]{12}$/);
    expect(imported.authenticationFlows.map((flow) => flow.alias)).toEqual([
      imported.alias,
      `${imported.alias} - OTP for bank-admin`,
      `${imported.alias} - OTP for compliance-officer`,
      `${imported.alias} - OTP when configured`,
    ]);
    expect(imported.authenticatorConfig.map((config) => config.alias)).toContain(
      `${imported.alias} - OTP for compliance-officer - lacks role bank-admin`,
    );
  });

  it('a bank realm: settings, attributes, roles, clients with mappers, bound flows', () => {
    const template = bankRealmTemplate(bank);
    const realm = realmImport(template);
    expect(realm).toMatchObject({
      realm: 'north-bank',
      enabled: true,
      bruteForceProtected: true,
      attributes: { 'acr.loa.map': '{"password":1,"mfa":2}' },
      roles: { realm: template.roles },
      browserFlow: flowAlias(template.flows.browser),
      directGrantFlow: flowAlias(template.flows.directGrant),
    });
    expect(realm.clients.map((client) => client.clientId)).toEqual([
      'finpersona-admin',
      'finpersona-customer',
    ]);
    expect(realm.clients[0]!.protocolMappers).toEqual(template.clients[0]!.protocolMappers);
  });
});
