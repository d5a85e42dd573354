import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors';
import {
  decodeCursor,
  decodeDayCursor,
  decodeKeyCursor,
  encodeCursor,
  encodeDayCursor,
  encodeKeyCursor,
} from './cursor';

describe('list cursors', () => {
  it('round-trip the position with millisecond precision', () => {
    const cursor = {
      createdAt: new Date('2026-11-24T08:00:00.123Z'),
      id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('are opaque (no readable id or timestamp in the string)', () => {
    const encoded = encodeCursor({ createdAt: new Date(0), id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01' });
    expect(encoded).not.toContain('5b0f3c1e');
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    '',
    'not-a-cursor',
    Buffer.from('["c1","yesterday","x"]').toString('base64url'),
    Buffer.from('{"id":1}').toString('base64url'),
  ])('reject %j as INVALID', (value) => {
    expect(() => decodeCursor(value)).toThrow(Invalid);
  });
});

describe('day cursors', () => {
  it('round-trip (day, id) and are opaque', () => {
    const cursor = { day: '2026-11-24', id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01' };
    const encoded = encodeDayCursor(cursor);
    expect(decodeDayCursor(encoded)).toEqual(cursor);
    expect(encoded).not.toContain('2026');
  });

  it('refuse a cursor of the (createdAt, id) kind, and the reverse', () => {
    const created = encodeCursor({ createdAt: new Date(0), id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01' });
    expect(() => decodeDayCursor(created)).toThrow(Invalid);
    expect(() =>
      decodeCursor(encodeDayCursor({ day: '2026-01-01', id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01' })),
    ).toThrow(Invalid);
  });

  it.each([
    '',
    Buffer.from('["d1","24.11.2026","5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01"]').toString('base64url'),
  ])('reject %j as INVALID', (value) => {
    expect(() => decodeDayCursor(value)).toThrow(Invalid);
  });
});

describe('key cursors', () => {
  it('round-trip a pair of keys, are opaque, and refuse the other kinds', () => {
    const cursor = { first: 'catalogue-retail', second: 'EU-SA-FLEX' };
    const encoded = encodeKeyCursor(cursor);
    expect(decodeKeyCursor(encoded)).toEqual(cursor);
    expect(encoded).not.toContain('catalogue');
    expect(() =>
      decodeKeyCursor(encodeDayCursor({ day: '2026-01-01', id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01' })),
    ).toThrow(Invalid);
    expect(() => decodeCursor(encoded)).toThrow(Invalid);
  });
});
