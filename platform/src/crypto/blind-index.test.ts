import { describe, expect, it } from 'vitest';
import { BLIND_INDEX_BYTES, blindIndexKey, computeBlindIndex, normalise } from './blind-index';
import { EnvelopeEncryption } from './envelope';
import { LocalFileKeyProvider } from './local-file-key-provider';
import { InMemoryWrappedKeyStore } from './wrapped-key-store';

describe('blind index', () => {
  const encryption = new EnvelopeEncryption(
    new InMemoryWrappedKeyStore(),
    LocalFileKeyProvider.fromKey(Buffer.alloc(32, 1)),
  );

  it('normalises e-mail by trimming, lower-casing and NFC', () => {
    expect(normalise('  Ana.Novak@Example.COM \n', 'email')).toBe('ana.novak@example.com');
    // "é" as e + combining acute (NFD) and as one code point (NFC) are the same address.
    expect(normalise('Ren\u0065\u0301@example.com', 'email')).toBe('ren\u00e9@example.com');
    expect(normalise('si56 1910 0000 0123 438', 'iban')).toBe('SI56191000000123438');
  });

  it('is equal for values that normalise alike', async () => {
    const a = await encryption.blindIndex('tenant-a', 'customer', 'email', 'Ana.Novak@example.com', 'email');
    const b = await encryption.blindIndex(
      'tenant-a',
      'customer',
      'email',
      ' ana.novak@EXAMPLE.com ',
      'email',
    );
    expect(a).toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(BLIND_INDEX_BYTES);
  });

  it('differs for different values', async () => {
    const a = await encryption.blindIndex('tenant-a', 'customer', 'email', 'ana@example.com', 'email');
    const b = await encryption.blindIndex('tenant-a', 'customer', 'email', 'ane@example.com', 'email');
    expect(a).not.toBe(b);
  });

  it('differs across tenants and across columns for the same value', async () => {
    const value = 'ana@example.com';
    const indexes = new Set([
      await encryption.blindIndex('tenant-a', 'customer', 'email', value, 'email'),
      await encryption.blindIndex('tenant-b', 'customer', 'email', value, 'email'),
      await encryption.blindIndex('tenant-a', 'customer', 'login', value, 'email'),
      await encryption.blindIndex('tenant-a', 'contact', 'email', value, 'email'),
    ]);
    expect(indexes.size).toBe(4);
  });

  it('derives column keys unambiguously (no collision from shifting a separator)', () => {
    const dataKey = Buffer.alloc(32, 5);
    const first = blindIndexKey(dataKey, { tenantId: 't', table: 'a:b', column: 'c' });
    const second = blindIndexKey(dataKey, { tenantId: 't', table: 'a', column: 'b:c' });
    expect(first.equals(second)).toBe(false);
    expect(computeBlindIndex(first, 'x', 'exact')).not.toBe(computeBlindIndex(second, 'x', 'exact'));
  });

  it('does not contain the value', async () => {
    const index = await encryption.blindIndex('tenant-a', 'customer', 'email', 'ana@example.com', 'email');
    expect(index).not.toContain('ana');
    expect(index).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
