import { describe, expect, it } from 'vitest';
import {
  endedSummary,
  lastStepText,
  parseCertificate,
  removedRows,
  stepLabel,
  suppressionSummary,
} from './certificate.ts';

const certificate = {
  version: 1,
  requestId: 'r-1',
  customerId: 'c-1',
  region: 'EU',
  relationshipEndedAt: '2026-11-01T00:00:00.000Z',
  removed: { consent: 2, account_transaction: 120, notification: 2, account: 2 },
  retained: [
    {
      table: 'account_transaction',
      rows: 0,
      rule: 'aml-retention',
      reason: 'Anti-money-laundering records',
      source: 'Directive (EU) 2015/849 Art. 40',
      until: '2031-11-01T00:00:00.000Z',
      clearedColumns: [],
    },
  ],
  customerRecord: 'tombstone',
  blindIndexesRemoved: ['customer.email_index'],
  keyShreddedAt: '2026-11-01T00:00:01.000Z',
  keyExisted: true,
  identity: { realm: 'demo-bank', outcome: 'removed' },
  ended: {
    consents: 2,
    connections: 1,
    connectionIds: ['k-1'],
    lifecycleWorkflowIds: ['consent-a', 'consent-b'],
    endedAt: '2026-11-01T00:00:00.500Z',
  },
  completedAt: '2026-11-01T00:00:02.000Z',
};

describe('erasure certificate', () => {
  it('reads a version 1 certificate and lists removed rows largest first with their total', () => {
    const parsed = parseCertificate(JSON.stringify(certificate))!;
    expect(parsed.retained[0]!.rule).toBe('aml-retention');
    expect(removedRows(parsed)).toEqual({
      rows: [
        ['account_transaction', 120],
        ['account', 2],
        ['consent', 2],
        ['notification', 2],
      ],
      total: 126,
    });
  });

  it('has no certificate to show when the API sends none', () => {
    expect(parseCertificate(null)).toBeNull();
  });

  it('refuses broken JSON and unknown versions with a message instead of showing a guess', () => {
    expect(() => parseCertificate('{not json')).toThrow('not valid JSON');
    expect(() => parseCertificate(JSON.stringify({ ...certificate, version: 2 }))).toThrow('version 1');
    expect(() => parseCertificate(JSON.stringify({ ...certificate, retained: null }))).toThrow('version 1');
  });

  it('says what the erasure ended before erasing: consents revoked and connections stopped', () => {
    const parsed = parseCertificate(JSON.stringify(certificate))!;
    expect(endedSummary(parsed)).toMatch(
      /^Consents and connections ended .+: 2 consents revoked \(reason: erased\), 1 connection stopped; their sync schedules were deleted/,
    );
    expect(endedSummary({ ...parsed, ended: { ...parsed.ended!, consents: 1, connections: 0 } })).toContain(
      '1 consent revoked (reason: erased), 0 connections stopped',
    );
    expect(endedSummary({ ...parsed, ended: { ...parsed.ended!, consents: 0, connections: 0 } })).toBe(
      'Consents and connections ended: none was live at erasure.',
    );
    // An erasure from before the step existed: said plainly, not shown as "nothing ended".
    expect(endedSummary({ ...parsed, ended: null })).toMatch(/not recorded/);
  });

  it('says what stays so the bank never re-imports the person, only when the certificate names a marker', () => {
    const parsed = parseCertificate(JSON.stringify(certificate))!;
    // A person who was not imported from the bank's records, and a certificate from before markers existed.
    expect(suppressionSummary({ ...parsed, suppressionMarker: null })).toBeNull();
    expect(suppressionSummary(parsed)).toBeNull();
    expect(
      suppressionSummary({
        ...parsed,
        suppressionMarker: {
          table: 'erasure_suppression',
          kept: "the blind index of the bank's client reference",
          reason: 'GDPR Art. 17: not re-imported.',
          until: 'as long as the bank imports from those records',
        },
      }),
    ).toBe(
      "Kept in erasure_suppression: the blind index of the bank's client reference. Why: GDPR Art. 17: not re-imported. Until: as long as the bank imports from those records.",
    );
  });

  it('names the workflow steps for people, and shows unknown ones as they are', () => {
    expect(stepLabel('key-shredded')).toBe('Data key destroyed');
    expect(stepLabel('something-new')).toBe('something-new');
  });
});

describe("lastStepText (the list's progress column)", () => {
  it('a failed request says where it stopped, not a step that reads as running', () => {
    expect(lastStepText({ status: 'FAILED', progress: [{ step: 'started' }] })).toBe('Failed after: Started');
    expect(lastStepText({ status: 'FAILED', progress: [] })).toBe('Failed before it started');
  });

  it('a running or finished request shows its last step and how many it took', () => {
    expect(lastStepText({ status: 'RUNNING', progress: [{ step: 'started' }] })).toBe('Started (1 step)');
    expect(
      lastStepText({ status: 'COMPLETED', progress: [{ step: 'started' }, { step: 'archive-stored' }] }),
    ).toBe('Archive ready for download (2 steps)');
    expect(lastStepText({ status: 'REQUESTED', progress: [] })).toBe('Not started');
  });
});
