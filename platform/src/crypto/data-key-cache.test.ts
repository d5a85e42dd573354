import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { toClientError } from '../errors';
import { DataKeyCache } from './data-key-cache';
import { FieldDecryptionFailed } from './errors';

const key = (byte: number) => Buffer.alloc(32, byte);

describe('DataKeyCache', () => {
  it('returns a copy of what was stored, per tenant: the same key id under another tenant is a miss', () => {
    const cache = new DataKeyCache();
    cache.set('tenant-a', 'key-1', key(1));
    const hit = cache.get('tenant-a', 'key-1');
    expect(hit).toEqual(key(1));
    hit!.fill(0);
    expect(cache.get('tenant-a', 'key-1')).toEqual(key(1));
    expect(cache.get('tenant-b', 'key-1')).toBeUndefined();
  });

  it('keeps its own copy: zeroing the caller buffer after set does not change the cached key', () => {
    const cache = new DataKeyCache();
    const material = key(7);
    cache.set('t', 'k', material);
    material.fill(0);
    expect(cache.get('t', 'k')).toEqual(key(7));
  });

  it('holds at most maxEntries keys, dropping the oldest first', () => {
    const cache = new DataKeyCache({ maxEntries: 2 });
    cache.set('t', 'k1', key(1));
    cache.set('t', 'k2', key(2));
    cache.set('t', 'k3', key(3));
    expect(cache.size).toBe(2);
    expect(cache.get('t', 'k1')).toBeUndefined();
    expect(cache.get('t', 'k3')).toEqual(key(3));
  });

  it('forgets a key once its time to live has passed', () => {
    let now = 1_000;
    const cache = new DataKeyCache({ ttlMs: 100, now: () => now });
    cache.set('t', 'k', key(1));
    now += 99;
    expect(cache.get('t', 'k')).toEqual(key(1));
    now += 1;
    expect(cache.get('t', 'k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('delete and clear remove keys', () => {
    const cache = new DataKeyCache();
    cache.set('t', 'k1', key(1));
    cache.set('t', 'k2', key(2));
    cache.delete('t', 'k1');
    expect(cache.get('t', 'k1')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

describe('FieldDecryptionFailed through the API error mapping', () => {
  it('reaches clients as INTERNAL with its fixed message, and the logs with its reason', () => {
    const log = { error: vi.fn() };
    const client = toClientError(
      new GraphQLError('x', { originalError: new FieldDecryptionFailed('authentication') }),
      'req-1',
      log,
    );
    expect(client).toEqual({
      message: 'An encrypted value could not be read. Quote the requestId when reporting it.',
      extensions: { code: 'INTERNAL', requestId: 'req-1' },
    });
    expect(log.error).toHaveBeenCalledWith(
      'internal error',
      expect.objectContaining({
        requestId: 'req-1',
        error: expect.objectContaining({ name: 'FieldDecryptionFailed', reason: 'authentication' }),
      }),
    );
  });
});
