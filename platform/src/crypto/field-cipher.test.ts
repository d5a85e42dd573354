import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lengthPrefixed } from './encoding';
import { FieldDecryptionFailed } from './errors';
import { seededRandom } from '../testing/seeded-random';
import {
  type DataKey,
  type FieldLocation,
  decryptField,
  encryptField,
  fieldAssociatedData,
  NONCE_BYTES,
  parseStoredField,
  sealFieldBytes,
  TAG_BYTES,
} from './field-cipher';

const key: DataKey = { id: 'dk-tenant-a', material: Buffer.alloc(32, 7) };
const otherKey: DataKey = { id: 'dk-tenant-b', material: Buffer.alloc(32, 9) };
const keys = new Map([key, otherKey].map((k) => [k.id, k.material]));
const resolve = (id: string) => keys.get(id);
const here: FieldLocation = { tenantId: 'tenant-a', table: 'customer', column: 'email', rowId: 'row-1' };

function expectDecryptionFailure(run: () => unknown): FieldDecryptionFailed {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FieldDecryptionFailed);
    return error as FieldDecryptionFailed;
  }
  throw new Error('decryption unexpectedly succeeded');
}

function flipBit(bytes: Buffer, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

describe('field cipher', () => {
  it('round-trips text, including empty and non-ASCII values', () => {
    for (const value of ['', 'ana.novak@example.com', 'Šime Đurić 😀', 'x'.repeat(10_000)]) {
      expect(decryptField(encryptField(key, here, value), here, resolve)).toBe(value);
    }
  });

  it('stores version 1, the key id, a 96-bit nonce and a 128-bit tag as unpadded base64url', () => {
    const stored = encryptField(key, here, 'hello');
    expect(stored).toMatch(/^[A-Za-z0-9_-]+$/);
    const bytes = Buffer.from(stored, 'base64url');
    expect(bytes[0]).toBe(1);
    expect(bytes[1]).toBe(key.id.length);
    const sealed = parseStoredField(stored);
    expect(sealed).toMatchObject({ version: 1, keyId: key.id });
    expect(sealed.nonce).toHaveLength(NONCE_BYTES);
    expect(sealed.tag).toHaveLength(TAG_BYTES);
    expect(sealed.ciphertext).toHaveLength(5);
    expect(bytes).toHaveLength(2 + key.id.length + 12 + 5 + 16);
  });

  it('encrypting the same value twice gives different ciphertexts', () => {
    expect(encryptField(key, here, 'same')).not.toBe(encryptField(key, here, 'same'));
  });

  it('never repeats a nonce over 10^6 encryptions', () => {
    const count = 1_000_000;
    const nonces = Buffer.alloc(count * NONCE_BYTES);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const sealed = sealFieldBytes(key, here, 'v');
      // The nonce sits after version, key id length and key id.
      sealed.copy(nonces, i * NONCE_BYTES, 2 + key.id.length, 2 + key.id.length + NONCE_BYTES);
    }
    const encryptMs = performance.now() - started;
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      seen.add(nonces.toString('latin1', i * NONCE_BYTES, (i + 1) * NONCE_BYTES));
    }
    const totalMs = performance.now() - started;
    console.info(
      `10^6 encryptions: ${(encryptMs / 1000).toFixed(1)} s; with the uniqueness check ${(totalMs / 1000).toFixed(1)} s`,
    );
    expect(seen.size).toBe(count);
  }, 300_000);

  it('fails on a single bit flip at every bit position of a stored value', () => {
    const bytes = sealFieldBytes(key, here, 'IBAN SI56 1910 0000 0123 438');
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      expectDecryptionFailure(() => decryptField(flipBit(bytes, bit), here, resolve));
    }
  });

  it('fails on a single bit flip at random positions of many stored values (seeded)', () => {
    const { int } = seededRandom(20261124);
    const random = (below: number) => int(0, below - 1);
    for (let sample = 0; sample < 2000; sample++) {
      const value = randomBytes(random(64)).toString('hex');
      const bytes = sealFieldBytes(key, here, value);
      const flipped = flipBit(bytes, random(bytes.length * 8));
      expectDecryptionFailure(() => decryptField(flipped.toString('base64url'), here, resolve));
    }
  });

  it('fails on a single bit flip in the tag', () => {
    const bytes = sealFieldBytes(key, here, 'tag');
    const tagStart = bytes.length - TAG_BYTES;
    for (let bit = tagStart * 8; bit < bytes.length * 8; bit++) {
      expect(expectDecryptionFailure(() => decryptField(flipBit(bytes, bit), here, resolve)).reason).toBe(
        'authentication',
      );
    }
  });

  it.each(['tenantId', 'table', 'column', 'rowId'] as const)(
    'fails when any single bit of the %s in the associated data flips',
    (part) => {
      const stored = encryptField(key, here, 'bound to its place');
      const original = Buffer.from(here[part], 'utf8');
      for (let bit = 0; bit < original.length * 8; bit++) {
        const changed = flipBit(original, bit).toString('latin1');
        expectDecryptionFailure(() => decryptField(stored, { ...here, [part]: changed }, resolve));
      }
    },
  );

  it('a ciphertext copied to another row of the same column fails', () => {
    const rowOne = encryptField(key, here, 'ana@example.com');
    expectDecryptionFailure(() => decryptField(rowOne, { ...here, rowId: 'row-2' }, resolve));
  });

  it('swapping the ciphertexts of two rows makes both fail', () => {
    const rowTwo: FieldLocation = { ...here, rowId: 'row-2' };
    const first = encryptField(key, here, 'first');
    const second = encryptField(key, rowTwo, 'second');
    expectDecryptionFailure(() => decryptField(second, here, resolve));
    expectDecryptionFailure(() => decryptField(first, rowTwo, resolve));
  });

  it('swapping ciphertexts between tenants fails, even when the same row id and key are used', () => {
    const tenantB: FieldLocation = { ...here, tenantId: 'tenant-b' };
    expectDecryptionFailure(() => decryptField(encryptField(otherKey, tenantB, 'b'), here, resolve));
    expectDecryptionFailure(() => decryptField(encryptField(key, here, 'a'), tenantB, resolve));
    expectDecryptionFailure(() => decryptField(encryptField(key, tenantB, 'b'), here, resolve));
  });

  it('a ciphertext moved to another column of the same row fails', () => {
    const email = encryptField(key, here, 'ana@example.com');
    expectDecryptionFailure(() => decryptField(email, { ...here, column: 'phone' }, resolve));
  });

  it('associated data is unambiguous where string concatenation would not be', () => {
    const a = fieldAssociatedData(1, 'k', { tenantId: 't', table: 'customer', column: 'e:mail', rowId: 'r' });
    const b = fieldAssociatedData(1, 'k', { tenantId: 't', table: 'customer:e', column: 'mail', rowId: 'r' });
    expect(a.equals(b)).toBe(false);
    expect(lengthPrefixed(['ab', 'c']).equals(lengthPrefixed(['a', 'bc']))).toBe(false);
  });

  it('an unknown key id, truncated or malformed value fails with the same error', () => {
    const stored = encryptField(key, here, 'x');
    expect(expectDecryptionFailure(() => decryptField(stored, here, () => undefined)).reason).toBe('key');
    for (const bad of [
      '',
      'AQ',
      stored.slice(0, 20),
      `${stored}=`,
      `${stored}!`,
      stored.replace(/^./, 'B'),
    ]) {
      expectDecryptionFailure(() => decryptField(bad, here, resolve));
    }
  });

  it('the decryption error reveals neither key material nor plaintext', () => {
    const secret = 'very-secret-value';
    const stored = sealFieldBytes(key, here, secret);
    const error = expectDecryptionFailure(() => decryptField(flipBit(stored, 200), here, resolve));
    const shown = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)} ${String(error.cause)}`;
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(key.material.toString('hex'));
    expect(shown).not.toContain(key.material.toString('base64'));
    expect(error.code).toBe('INTERNAL');
    expect(error.cause).toBeUndefined();
  });

  it('refuses to encrypt with a key that is not 32 bytes or whose id is not printable ASCII', () => {
    expect(() => encryptField({ id: 'k', material: Buffer.alloc(16) }, here, 'x')).toThrow(TypeError);
    expect(() => encryptField({ id: 'kłucz', material: Buffer.alloc(32) }, here, 'x')).toThrow(TypeError);
    expect(() => encryptField({ id: '', material: Buffer.alloc(32) }, here, 'x')).toThrow(TypeError);
  });
});
