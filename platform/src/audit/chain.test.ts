import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  canonicalJson,
  GENESIS_HASH,
  hashEntry,
  PLATFORM_CHAIN,
  verifyEntries,
} from './chain';
import { exportEntries } from './export';
import { REDACTED, redactedChanges } from './redaction';

function chainOf(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const unhashed = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      tenantId: null,
      chain: PLATFORM_CHAIN,
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 24, 10, 0, seq)),
      actor: { subject: 'system', realm: null, roles: [], client: null },
      action: 'tenant.update',
      resourceType: 'tenant',
      resourceId: `t-${seq}`,
      changes: { name: REDACTED, region: 'EU' },
      ip: null,
      requestId: `job-${seq}`,
      outcome: 'allowed' as const,
      prevHash,
    };
    const entry = { ...unhashed, hash: hashEntry(unhashed) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

describe('canonical serialisation and hashing', () => {
  it('sorts object keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[true,null]},"b":1}',
    );
  });

  it('the hash does not depend on the order keys were written in (jsonb reorders them)', () => {
    const [entry] = chainOf(1);
    const reordered = { ...entry!, changes: { region: 'EU', name: REDACTED } };
    expect(hashEntry(reordered)).toBe(entry!.hash);
  });

  it('refuses values that are not JSON', () => {
    expect(() => canonicalJson({ a: undefined } as never)).toThrow(/undefined/);
    expect(() => canonicalJson(Number.NaN)).toThrow(/finite/);
  });
});

describe('verifyEntries', () => {
  it('an untouched chain is intact and names its head', () => {
    const entries = chainOf(5);
    expect(verifyEntries(PLATFORM_CHAIN, entries)).toEqual({
      chain: PLATFORM_CHAIN,
      intact: true,
      checked: 5,
      headSeq: 5,
      headHash: entries[4]!.hash,
      firstBroken: null,
    });
  });

  it('an empty chain is intact', () => {
    expect(verifyEntries(PLATFORM_CHAIN, []).intact).toBe(true);
  });

  it('an edited field is a HASH_MISMATCH at that entry', () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2]!, action: 'tenant.delete' };
    expect(verifyEntries(PLATFORM_CHAIN, entries).firstBroken).toMatchObject({
      seq: 3,
      problem: 'HASH_MISMATCH',
    });
  });

  it('a deleted entry is a GAP where it was', () => {
    const entries = chainOf(5);
    entries.splice(1, 1);
    expect(verifyEntries(PLATFORM_CHAIN, entries).firstBroken).toMatchObject({ seq: 2, problem: 'GAP' });
  });

  it('two swapped entries (seq exchanged) are a REORDER at the earlier position', () => {
    const entries = chainOf(6);
    const [second, fifth] = [entries[1]!, entries[4]!];
    entries[1] = { ...fifth, seq: 2 };
    entries[4] = { ...second, seq: 5 };
    expect(verifyEntries(PLATFORM_CHAIN, entries).firstBroken).toMatchObject({ seq: 2, problem: 'REORDER' });
  });

  it('a removed tail is only visible against an anchor: TRUNCATED', () => {
    const entries = chainOf(5);
    const anchor = { seq: 5, hash: entries[4]!.hash };
    expect(verifyEntries(PLATFORM_CHAIN, entries.slice(0, 4)).intact).toBe(true);
    expect(verifyEntries(PLATFORM_CHAIN, entries.slice(0, 4), { anchor }).firstBroken).toMatchObject({
      seq: 5,
      problem: 'TRUNCATED',
    });
  });

  it('a range starts from the hash of the entry before it', () => {
    const entries = chainOf(8);
    expect(verifyEntries(PLATFORM_CHAIN, entries.slice(2), { from: 4, to: 6 })).toMatchObject({
      intact: true,
      checked: 3,
      headSeq: 6,
    });
  });
});

describe('redaction and export', () => {
  it('names every field but keeps values only of allow-listed ones', () => {
    expect(
      redactedChanges(
        {
          slug: 'b',
          name: 'Ana Novak',
          email: 'ana@x.example',
          branding: { primaryColor: '#000000', displayName: 'A' },
        },
        ['slug', 'branding.primaryColor'],
      ),
    ).toEqual({
      slug: 'b',
      name: REDACTED,
      email: REDACTED,
      'branding.primaryColor': '#000000',
      'branding.displayName': REDACTED,
    });
  });

  it('CSV quotes every field and doubles quotes; JSON keeps the hashed fields', () => {
    const entries = chainOf(2);
    const csv = exportEntries(entries, 'CSV').split('\r\n');
    expect(csv[0]).toMatch(/^"chain","seq","id",/);
    expect(csv[1]).toContain('"{""name"":""[redacted]"",""region"":""EU""}"');
    expect(csv).toHaveLength(4);
    const json = JSON.parse(exportEntries(entries, 'JSON')) as { entries: { hash: string }[] };
    const reparsed = json.entries.map((entry) => ({
      ...entry,
      occurredAt: new Date((entry as never as { occurredAt: string }).occurredAt),
    }));
    expect(verifyEntries(PLATFORM_CHAIN, reparsed as never).intact).toBe(true);
  });
});
