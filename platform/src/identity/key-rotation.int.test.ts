// A bank rotates its realm's signing key: tokens signed with the new key are accepted once the API's cached
// key set has been refreshed (jose re-fetches a realm's JWKS on an unknown `kid`, at most once per cooldown),
// tokens signed with the old key stay valid while the realm still publishes it, and once the old key is gone
// its tokens are refused. Real Keycloak, real key providers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadKeycloakAdminConfig } from '../config';
import { KeycloakAdminApi } from '../realms';
import { TenancyService } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { otherBank } from '../testing/seed';

const meQuery = '{ me { realm roles } }';
const kidOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

describe('identity: a realm rotating its signing key', () => {
  let api: ApiFixture;
  let bank: BankRealm;
  let admin: KeycloakAdminApi;

  beforeAll(async () => {
    api = await startApiFixture();
    bank = await createBankRealm('rotation');
    await api.running.app
      .get(TenancyService)
      .upsertTenant({ ...otherBank, slug: bank.realm, realm: bank.realm, name: 'Rotating Bank' });
    admin = new KeycloakAdminApi(
      loadKeycloakAdminConfig({
        KEYCLOAK_URL: inject('services').KEYCLOAK_URL,
        KEYCLOAK_ADMIN_USERNAME: 'admin',
        KEYCLOAK_ADMIN_PASSWORD: 'admin',
      }),
    );
  });
  afterAll(async () => {
    await bank?.remove().catch(() => undefined);
    await api?.close();
  });

  it('accepts tokens of the new key after a rotation, keeps the old ones until their key is removed', async () => {
    const before = await bank.bankAdminToken();
    expect((await api.graphql(meQuery, { token: before })).status).toBe(200); // the realm's keys are now cached

    // Rotate: a new RSA key with a higher priority signs every token from now on.
    const realm = (await admin.request<{ id: string }>('GET', `/${bank.realm}`)).body;
    const created = await admin.request('POST', `/${bank.realm}/components`, {
      body: {
        name: 'rotated-rsa',
        providerId: 'rsa-generated',
        providerType: 'org.keycloak.keys.KeyProvider',
        parentId: realm.id,
        config: { priority: ['500'], algorithm: ['RS256'], keySize: ['2048'] },
      },
    });
    expect(created.status).toBe(201);
    const after = await bank.bankAdminToken();
    expect(kidOf(after)).not.toBe(kidOf(before));

    // Within jose's re-fetch cooldown (30 s) the new key may still be unknown; it must be accepted after it.
    await expect
      .poll(async () => (await api.graphql(meQuery, { token: after })).status, {
        timeout: 45_000,
        interval: 2_000,
      })
      .toBe(200);
    expect((await api.graphql(meQuery, { token: before })).status).toBe(200);

    // Retire the old key: the realm stops publishing it, so tokens it signed are refused (after a refresh).
    const keys = await admin.request<{ id: string; name: string; providerId: string }[]>(
      'GET',
      `/${bank.realm}/components?parent=${realm.id}&type=org.keycloak.keys.KeyProvider`,
    );
    const oldRsa = keys.body.filter(
      (key) => key.providerId === 'rsa-generated' && key.name !== 'rotated-rsa',
    );
    expect(oldRsa.length).toBeGreaterThan(0);
    for (const key of oldRsa) await admin.request('DELETE', `/${bank.realm}/components/${key.id}`);
    // The cached set still holds the old key until the next refresh; a token signed by a key the realm
    // no longer publishes must be refused once a refresh happened (forced here by a token of another new key).
    await admin.request('POST', `/${bank.realm}/components`, {
      body: {
        name: 'rotated-rsa-2',
        providerId: 'rsa-generated',
        providerType: 'org.keycloak.keys.KeyProvider',
        parentId: realm.id,
        config: { priority: ['600'], algorithm: ['RS256'], keySize: ['2048'] },
      },
    });
    const newest = await bank.bankAdminToken();
    await expect
      .poll(async () => (await api.graphql(meQuery, { token: newest })).status, {
        timeout: 45_000,
        interval: 2_000,
      })
      .toBe(200);
    const refused = await api.graphql(meQuery, { token: before });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  }, 150_000);
});
