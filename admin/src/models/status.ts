// What each model version and training run state is, in words and in style: only a promotion looks like a
// success. A run that "succeeded" as a workflow may have produced a version that was rejected or still waits
// for approval; it is shown as that outcome, not as a green "succeeded".
import type { ModelVersionNode, ModelVersionStatus, TrainingRunNode } from '../data/index.ts';

import type { Mark, Tone } from '../layout/index.ts';

export interface StateLook {
  label: string;
  tone: Tone;
  mark: Mark;
}

const versionLooks: Record<ModelVersionStatus, StateLook> = {
  CHAMPION: { label: 'Champion', tone: 'success', mark: 'done' },
  CANDIDATE: { label: 'Candidate (not decided)', tone: 'neutral', mark: 'idle' },
  RETIRED: { label: 'Retired', tone: 'neutral', mark: 'idle' },
  REJECTED: { label: 'Rejected', tone: 'error', mark: 'refused' },
  AWAITING_APPROVAL: { label: 'Awaiting approval', tone: 'warning', mark: 'waiting' },
};

export function versionLook(status: ModelVersionStatus): StateLook {
  return versionLooks[status] ?? { label: status.toLowerCase(), tone: 'neutral', mark: 'idle' };
}

/** A run's state as its outcome: the version it produced decides what a finished run means. */
export function runLook(
  run: Pick<TrainingRunNode, 'status' | 'modelVersionId'>,
  versions: readonly Pick<ModelVersionNode, 'id' | 'status'>[],
): StateLook {
  switch (run.status) {
    case 'RUNNING':
      return { label: 'Training', tone: 'info', mark: 'busy' };
    case 'AWAITING_APPROVAL':
      return { label: 'Awaiting approval', tone: 'warning', mark: 'waiting' };
    case 'FAILED':
      return { label: 'Failed — not trained', tone: 'error', mark: 'failed' };
    case 'CANCELLED':
      return { label: 'Cancelled — not trained', tone: 'neutral', mark: 'refused' };
    case 'SUCCEEDED': {
      const version = versions.find((candidate) => candidate.id === run.modelVersionId);
      if (!version) return { label: 'Finished (version not listed)', tone: 'neutral', mark: 'idle' };
      if (version.status === 'CHAMPION') return { label: 'Promoted', tone: 'success', mark: 'done' };
      if (version.status === 'RETIRED')
        return { label: 'Promoted, retired since', tone: 'neutral', mark: 'done' };
      if (version.status === 'REJECTED')
        return { label: 'Trained — not promoted', tone: 'warning', mark: 'refused' };
      if (version.status === 'AWAITING_APPROVAL')
        return { label: 'Awaiting approval', tone: 'warning', mark: 'waiting' };
      return { label: 'Trained — not decided', tone: 'neutral', mark: 'idle' };
    }
    default:
      return { label: String(run.status).toLowerCase(), tone: 'neutral', mark: 'idle' };
  }
}
