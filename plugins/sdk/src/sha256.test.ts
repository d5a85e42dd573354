import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSourceId } from './source-id';
import { base64Url, sha256 } from './sha256';

/** What deriveSourceId computed with node:crypto before it had to run inside isolates. */
function nodeSourceId(parts: readonly string[], occurrence: number): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  hash.update(`#${occurrence}`);
  return `d-${hash.digest('base64url').slice(0, 32)}`;
}

describe('sha256 in plain JavaScript', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    const hex = (text: string) => Buffer.from(sha256(text)).toString('hex');
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto for every length across the padding boundaries and for non-ASCII text', () => {
    for (let length = 0; length < 200; length++) {
      const text = 'é€a😀'.repeat(length).slice(0, length);
      expect(Buffer.from(sha256(text)).toString('hex')).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('encodes base64url like Buffer for every remainder length', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 13) % 256);
      expect(base64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });

  it('keeps deriveSourceId equal to the node:crypto ids stored by earlier imports', () => {
    const cases: [string[], number][] = [
      [['2026-01-31', '-12.30', 'EUR', 'Coffee'], 0],
      [['2026-01-31', '-12.30', 'EUR', 'Coffee'], 1],
      [['Kč 1 000', 'Praha', ''], 7],
      [[], 0],
    ];
    for (const [parts, occurrence] of cases) {
      expect(deriveSourceId(parts, occurrence)).toBe(nodeSourceId(parts, occurrence));
    }
  });
});
