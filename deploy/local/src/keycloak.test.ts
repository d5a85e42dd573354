import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realmsDir, withAppPortsMoved } from './keycloak.ts';

interface RealmClient {
  clientId: string;
  rootUrl?: string;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
}

const realmText = (name: string) => readFileSync(join(realmsDir, `${name}.realm.json`), 'utf8');
const clientOf = (text: string, clientId: string) =>
  (JSON.parse(text) as { clients: RealmClient[] }).clients.find((client) => client.clientId === clientId)!;

// What the test services pass at FINPERSONA_TEST_PORT_OFFSET=300.
const offset300 = new Map([
  [15173, 15473],
  [15174, 15474],
]);

describe('withAppPortsMoved (the realm files as a test Keycloak at another port offset imports them)', () => {
  it("names the moved admin port in the demo realm's and the platform realm's admin client, keeping the stack's", () => {
    for (const realm of ['demo-bank', 'platform']) {
      const admin = clientOf(withAppPortsMoved(realmText(realm), offset300), 'finpersona-admin');
      expect(admin.redirectUris, realm).toEqual([
        'http://localhost:5173/*',
        'http://localhost:15473/*',
        'http://127.0.0.1:5173/*',
        'http://127.0.0.1:15473/*',
      ]);
      expect(admin.webOrigins, realm).toEqual([
        'http://localhost:5173',
        'http://localhost:15473',
        'http://127.0.0.1:5173',
        'http://127.0.0.1:15473',
      ]);
      expect(admin.attributes!['post.logout.redirect.uris'], realm).toBe(
        'http://localhost:5173/*##http://localhost:15473/*##http://127.0.0.1:5173/*##http://127.0.0.1:15473/*',
      );
      expect(admin.rootUrl, realm).toBe('http://localhost:5173');
    }
  });

  it("names the moved customer-app port in the demo realm's customer client, and no unmoved test port is left", () => {
    const moved = withAppPortsMoved(realmText('demo-bank'), offset300);
    const customer = clientOf(moved, 'finpersona-customer');
    expect(customer.redirectUris).toEqual([
      'http://localhost:5174/*',
      'http://localhost:15474/*',
      'http://127.0.0.1:5174/*',
      'http://127.0.0.1:15474/*',
    ]);
    expect(customer.webOrigins).toContain('http://127.0.0.1:15474');
    expect(moved).not.toMatch(/:1517[34]\b/);
  });

  it('leaves a realm file unchanged without moves (the stack) and other ports alone (Keycloak, 5173 vs 51730)', () => {
    for (const realm of ['demo-bank', 'platform']) {
      expect(withAppPortsMoved(realmText(realm), new Map())).toBe(realmText(realm));
    }
    const moves = new Map([[5173, 6000]]);
    expect(
      withAppPortsMoved('"http://localhost:51730" "http://localhost:8180" "https://localhost:5173"', moves),
    ).toBe('"http://localhost:51730" "http://localhost:8180" "https://localhost:5173"');
  });
});
