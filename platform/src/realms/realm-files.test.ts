// deploy/keycloak/*.realm.json are imported, not provisioned; their sign-in part (flows, authenticator
// configs, flow bindings, `acr.loa.map`, client protocol mappers) must be the template's import form
// (`signInImport`, `clientProtocolMappers`). This test fails when they drift. To regenerate them from
// the code, run it once with FINPERSONA_WRITE_REALM_FILES=1 (then prettier and review the diff).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInImport } from './realm-import';
import { staffRoles as bankStaffRoles } from './realm-template';
import { clientProtocolMappers, signInFlows } from './sign-in';

const apiAudience = 'finpersona-api';
const realmFiles = [
  ['demo-bank', bankStaffRoles],
  ['platform', ['platform-operator']],
] as const;

type RealmFile = Record<string, unknown> & {
  clients: ({ clientId: string } & Record<string, unknown>)[];
  attributes?: Record<string, string>;
};

const pathOf = (name: string) => join(__dirname, '../../../deploy/keycloak', `${name}.realm.json`);

/** The realm file with its sign-in part replaced by the code's (other fields, and their order, kept). */
function withSignIn(realm: RealmFile, staff: readonly string[]): RealmFile {
  const signIn = signInImport(signInFlows(staff));
  return {
    ...realm,
    clients: realm.clients.map((client) => ({
      ...client,
      protocolMappers: clientProtocolMappers(apiAudience),
    })),
    authenticatorConfig: signIn.authenticatorConfig,
    authenticationFlows: signIn.authenticationFlows,
    browserFlow: signIn.browserFlow,
    directGrantFlow: signIn.directGrantFlow,
    attributes: { ...realm.attributes, ...signIn.attributes },
  };
}

describe('realm files (deploy/keycloak)', () => {
  it.each(realmFiles)('%s.realm.json has the sign-in part of the realm template', (name, staff) => {
    const realm = JSON.parse(readFileSync(pathOf(name), 'utf8')) as RealmFile;
    const expected = withSignIn(realm, staff);
    if (process.env.FINPERSONA_WRITE_REALM_FILES === '1') {
      writeFileSync(pathOf(name), `${JSON.stringify(expected, null, 2)}\n`);
    }
    const written = JSON.parse(readFileSync(pathOf(name), 'utf8')) as RealmFile;
    expect(written.browserFlow).toBe(expected.browserFlow);
    expect(written.directGrantFlow).toBe(expected.directGrantFlow);
    expect(written.authenticationFlows).toEqual(expected.authenticationFlows);
    expect(written.authenticatorConfig).toEqual(expected.authenticatorConfig);
    expect(written.attributes).toMatchObject(expected.attributes!);
    for (const client of written.clients) {
      expect(client.protocolMappers, client.clientId).toEqual(clientProtocolMappers(apiAudience));
    }
  });
});
