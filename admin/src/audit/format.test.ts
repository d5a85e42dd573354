import { describe, expect, it } from 'vitest';
import {
  dayOf,
  dayRange,
  defaultExportDays,
  exportFileName,
  noFilters,
  outcomeLook,
  prettyChanges,
  shortened,
  startOfDay,
  trailFilters,
} from './format.ts';

describe('audit trail entries', () => {
  it('shows allowed as a success, denied as refused and failed as failed', () => {
    expect(outcomeLook('allowed')).toEqual({ label: 'Allowed', tone: 'success', mark: 'done' });
    expect(outcomeLook('denied')).toEqual({ label: 'Denied', tone: 'error', mark: 'refused' });
    expect(outcomeLook('failed')).toEqual({ label: 'Failed', tone: 'warning', mark: 'failed' });
    expect(outcomeLook('later')).toEqual({ label: 'later', tone: 'neutral', mark: 'idle' });
  });

  it('shortens long values only', () => {
    expect(shortened('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortened('abc')).toBe('abc');
    expect(shortened('a'.repeat(13))).toBe('a'.repeat(13));
  });

  it('indents the changes JSON, and leaves text that is not JSON as it is', () => {
    expect(prettyChanges('{"returned":2,"filters":{"action":"consent."}}')).toBe(
      '{\n  "returned": 2,\n  "filters": {\n    "action": "consent."\n  }\n}',
    );
    expect(prettyChanges('{}')).toBe('{}');
    expect(prettyChanges('not json')).toBe('not json');
  });
});

describe('audit trail filters', () => {
  it('turns local days into the API’s [from, to) with the last day included', () => {
    expect(startOfDay('2026-11-27')).toEqual(new Date(2026, 10, 27));
    expect(startOfDay('2026-11-30', 1)).toEqual(new Date(2026, 11, 1));
    expect(startOfDay('27/11/2026')).toBeUndefined();
    expect(dayRange('2026-11-01', '2026-11-27')).toEqual({
      from: new Date(2026, 10, 1).toISOString(),
      to: new Date(2026, 10, 28).toISOString(),
    });
    expect(dayRange('', '')).toEqual({ from: undefined, to: undefined });
  });

  it('sends only what is filled in, trimmed', () => {
    expect(trailFilters(noFilters)).toEqual({});
    expect(
      trailFilters({
        ...noFilters,
        to: '2026-11-27',
        action: ' consent. ',
        outcome: 'DENIED',
        resourceId: 'abc',
        actorSubject: '  ',
      }),
    ).toEqual({
      to: new Date(2026, 10, 28).toISOString(),
      action: 'consent.',
      outcome: 'DENIED',
      resourceId: 'abc',
    });
  });
});

describe('audit trail export', () => {
  it('offers the last 30 days, today included', () => {
    expect(defaultExportDays(new Date(2026, 10, 27, 15, 30))).toEqual({
      from: '2026-10-29',
      to: '2026-11-27',
    });
    expect(defaultExportDays(new Date(2026, 0, 10))).toEqual({ from: '2025-12-12', to: '2026-01-10' });
    expect(dayOf(new Date(2026, 2, 5, 23, 59))).toBe('2026-03-05');
  });

  it('names the file after the bank, the days and the format', () => {
    expect(exportFileName('demo-bank', '2026-10-29', '2026-11-27', 'CSV')).toBe(
      'audit-demo-bank-2026-10-29-2026-11-27.csv',
    );
    expect(exportFileName('demo-bank', '2026-10-29', '2026-11-27', 'JSON')).toBe(
      'audit-demo-bank-2026-10-29-2026-11-27.json',
    );
  });
});
