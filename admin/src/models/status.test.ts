import { describe, expect, it } from 'vitest';
import { runLook, versionLook } from './status.ts';

describe('model states say what they are', () => {
  it('gives a version the success style only as champion', () => {
    expect(versionLook('CHAMPION')).toMatchObject({ tone: 'success', mark: 'done' });
    expect(versionLook('REJECTED')).toMatchObject({ tone: 'error', mark: 'refused' });
    expect(versionLook('AWAITING_APPROVAL')).toMatchObject({ tone: 'warning', mark: 'waiting' });
    for (const status of ['CANDIDATE', 'RETIRED'] as const)
      expect(versionLook(status)).toMatchObject({ tone: 'neutral', mark: 'idle' });
  });

  it('shows a finished run as the outcome of the version it trained', () => {
    const versions = [
      { id: 'v1', status: 'CHAMPION' as const },
      { id: 'v2', status: 'REJECTED' as const },
      { id: 'v3', status: 'AWAITING_APPROVAL' as const },
    ];
    const finished = (modelVersionId: string | null) =>
      runLook({ status: 'SUCCEEDED', modelVersionId }, versions);
    expect(finished('v1')).toEqual({ label: 'Promoted', tone: 'success', mark: 'done' });
    expect(finished('v2')).toEqual({ label: 'Trained — not promoted', tone: 'warning', mark: 'refused' });
    expect(finished('v3')).toMatchObject({ tone: 'warning', mark: 'waiting' });
    expect(finished(null)).toMatchObject({ tone: 'neutral' });
  });

  it('never styles a failed, cancelled or running run as a success', () => {
    expect(runLook({ status: 'FAILED', modelVersionId: null }, [])).toMatchObject({
      tone: 'error',
      mark: 'failed',
    });
    expect(runLook({ status: 'CANCELLED', modelVersionId: null }, [])).toMatchObject({ tone: 'neutral' });
    expect(runLook({ status: 'RUNNING', modelVersionId: null }, [])).toMatchObject({
      tone: 'info',
      mark: 'busy',
    });
  });
});
