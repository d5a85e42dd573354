import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, keycloakTokenEndpoint, totp, totpNow } from './keycloak-auth.ts';

// RFC 6238 appendix B, SHA1 rows: the key is the ASCII string "12345678901234567890", codes have 8 digits.
const RFC6238_SHA1: Array<[unixSeconds: number, code: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];
const RFC_KEY = '12345678901234567890';

describe('totp', () => {
  it.each(RFC6238_SHA1)('matches the RFC 6238 vector at T=%i', (seconds, code) => {
    expect(totp(RFC_KEY, { at: new Date(seconds * 1000), digits: 8 })).toBe(code);
    expect(totp(Buffer.from(RFC_KEY, 'ascii'), { at: new Date(seconds * 1000), digits: 8 })).toBe(code);
  });

  it('totpNow gives the 6-digit code (the last six digits of the 8-digit one)', () => {
    for (const [seconds, code] of RFC6238_SHA1) {
      expect(totpNow(RFC_KEY, new Date(seconds * 1000))).toBe(code.slice(-6));
    }
  });

  it('keeps one code for a whole 30 s window and changes at its boundary', () => {
    const start = new Date(1_800_000_000 * 1000); // a multiple of 30 s
    const code = totpNow(DEMO.otpSecret, start);
    expect(code).toMatch(/^\d{6}$/);
    expect(totpNow(DEMO.otpSecret, new Date(start.getTime() + 29_999))).toBe(code);
    expect(totpNow(DEMO.otpSecret, new Date(start.getTime() + 30_000))).not.toBe(code);
  });
});

describe('keycloakTokenEndpoint', () => {
  it('builds the realm token URL without doubled slashes', () => {
    expect(keycloakTokenEndpoint('demo-bank', 'http://localhost:8180/')).toBe(
      'http://localhost:8180/realms/demo-bank/protocol/openid-connect/token',
    );
  });
});

describe('DEMO matches the realm files', () => {
  const realm = (name: string) =>
    JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'keycloak', `${name}.realm.json`), 'utf8'),
    ) as {
      realm: string;
      displayName: string;
      users: Array<{
        id: string;
        username: string;
        email: string;
        realmRoles: string[];
        credentials: Array<{ type: string; value?: string; secretData?: string }>;
      }>;
    };

  const cases = [
    ['platform', DEMO.platform.displayName, [DEMO.platform.operator]],
    ['demo-bank', DEMO.bank.displayName, [DEMO.bank.admin, DEMO.bank.complianceOfficer, DEMO.bank.customer]],
  ] as const;

  it.each(cases)('realm %s', (name, displayName, users) => {
    const file = realm(name);
    expect(file.realm).toBe(name);
    expect(file.displayName).toBe(displayName);
    expect(file.users.map((u) => u.username).sort()).toEqual(users.map((u) => u.username).sort());
    for (const user of users) {
      const imported = file.users.find((u) => u.username === user.username)!;
      expect(imported.id).toBe(user.id);
      expect(imported.email).toBe(user.email);
      expect(imported.realmRoles).toEqual(expect.arrayContaining([...user.roles]));
      expect(imported.credentials.find((c) => c.type === 'password')?.value).toBe(user.password);
      const otp = imported.credentials.find((c) => c.type === 'otp');
      expect(otp ? (JSON.parse(otp.secretData!) as { value: string }).value : undefined).toBe(
        user.otp ? DEMO.otpSecret : undefined,
      );
    }
  });
});
