import { describe, expect, it } from 'vitest';
import { countTable, nextDeadline } from './labels.ts';

describe('consent overview helpers', () => {
  it('pivots the counts per purpose and status, with zeros for pairs the API did not list, and totals', () => {
    const table = countTable([
      { purpose: 'AGGREGATION', status: 'GRANTED', count: 3 },
      { purpose: 'AGGREGATION', status: 'EXPIRED', count: 1 },
      { purpose: 'MARKETING', status: 'REVOKED', count: 2 },
    ]);
    expect(table.rows.map((row) => [row.purpose, ...row.cells, row.total])).toEqual([
      ['AGGREGATION', 3, 0, 1, 4],
      ['PERSONALISATION', 0, 0, 0, 0],
      ['MARKETING', 0, 2, 0, 2],
      ['ANALYTICS', 0, 0, 0, 0],
    ]);
    expect(table.totals).toEqual([3, 2, 1]);
    expect(table.total).toBe(6);
  });

  it('names the next deadline of a granted consent: the earlier date, a tie being a renewal', () => {
    const renewal = '2026-12-01T00:00:00.000Z';
    const later = '2027-01-01T00:00:00.000Z';
    expect(nextDeadline({ status: 'GRANTED', renewalDueAt: renewal, expiresAt: later })).toEqual({
      kind: 'renewal',
      at: renewal,
    });
    expect(nextDeadline({ status: 'GRANTED', renewalDueAt: later, expiresAt: renewal })).toEqual({
      kind: 'expiry',
      at: renewal,
    });
    expect(nextDeadline({ status: 'GRANTED', renewalDueAt: renewal, expiresAt: renewal })?.kind).toBe(
      'renewal',
    );
    expect(nextDeadline({ status: 'GRANTED', renewalDueAt: null, expiresAt: null })).toBeNull();
    // An ended consent has no deadline any more.
    expect(nextDeadline({ status: 'REVOKED', renewalDueAt: renewal, expiresAt: later })).toBeNull();
  });
});
