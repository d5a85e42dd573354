import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientProtocolMappers, secondFactorMaxAgeSeconds, stepUpRealmSettings } from './realm-settings';

const realmFile = (name: string) =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../deploy/keycloak', `${name}.realm.json`), 'utf8'),
  ) as Record<string, unknown> & {
    clients: { clientId: string; protocolMappers?: unknown; attributes?: Record<string, string> }[];
    attributes?: Record<string, string>;
  };

describe('step-up realm settings', () => {
  it.each([
    ['demo-bank', ['bank-admin', 'compliance-officer']],
    ['platform', ['platform-operator']],
  ])('deploy/keycloak/%s.realm.json mirrors stepUpRealmSettings and the client mappers', (name, staff) => {
    const realm = realmFile(name);
    const settings = stepUpRealmSettings(staff);
    expect(realm.browserFlow).toBe(settings.browserFlow);
    expect(realm.directGrantFlow).toBe(settings.directGrantFlow);
    expect(realm.authenticationFlows).toEqual(settings.authenticationFlows);
    expect(realm.authenticatorConfig).toEqual(settings.authenticatorConfig);
    expect(realm.attributes).toMatchObject(settings.attributes);
    for (const client of realm.clients) {
      expect(client.protocolMappers, client.clientId).toEqual(clientProtocolMappers('finpersona-api'));
    }
  });

  it('every flow and config an execution names exists, and every OTP execution carries the otp reference', () => {
    const settings = stepUpRealmSettings(['bank-admin', 'compliance-officer']);
    const flows = new Set(settings.authenticationFlows.map((flow) => flow.alias));
    const configs = new Map(settings.authenticatorConfig.map((config) => [config.alias, config.config]));
    expect(flows.has(settings.browserFlow) && flows.has(settings.directGrantFlow)).toBe(true);
    const executions = settings.authenticationFlows.flatMap((flow) => flow.authenticationExecutions);
    for (const execution of executions) {
      if (execution.flowAlias) expect(flows.has(execution.flowAlias), execution.flowAlias).toBe(true);
      if (execution.authenticatorConfig) {
        expect(configs.has(execution.authenticatorConfig), execution.authenticatorConfig).toBe(true);
      }
    }
    const otpSteps = executions.filter((execution) =>
      ['auth-otp-form', 'direct-grant-validate-otp'].includes(execution.authenticator ?? ''),
    );
    // browser: level 2, and at level 1 two staff roles and everyone else; direct grant: the same three
    expect(otpSteps.length).toBe(7);
    for (const execution of otpSteps) {
      expect(configs.get(execution.authenticatorConfig!)).toEqual({
        'default.reference.value': 'otp',
        'default.reference.maxAge': String(secondFactorMaxAgeSeconds),
      });
    }
    // Keycloak asks for a new code before `otp` leaves the tokens, so stepping up cannot loop.
    expect(Number(configs.get('level 2')!['loa-max-age'])).toBeLessThan(secondFactorMaxAgeSeconds);
  });
});
