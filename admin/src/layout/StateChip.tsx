// A status chip whose colour and icon say what the state is (a tick only for what succeeded), with the
// state's name in `data-state` so browser tests can read the style they check.
import { Chip } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import BlockIcon from '@mui/icons-material/Block';
import ErrorIcon from '@mui/icons-material/Error';
import SyncIcon from '@mui/icons-material/Sync';
import type { ReactElement } from 'react';

export type Tone = 'success' | 'warning' | 'error' | 'info' | 'neutral';
export type Mark = 'done' | 'waiting' | 'refused' | 'failed' | 'busy' | 'idle';

const icons: Record<Mark, ReactElement | undefined> = {
  done: <CheckCircleIcon />,
  waiting: <HourglassTopIcon />,
  refused: <BlockIcon />,
  failed: <ErrorIcon />,
  busy: <SyncIcon />,
  idle: undefined,
};

export function StateChip({
  look,
  testId,
}: {
  look: { label: string; tone: Tone; mark: Mark };
  testId: string;
}) {
  const icon = icons[look.mark];
  return (
    <Chip
      size="small"
      label={look.label}
      color={look.tone === 'neutral' ? 'default' : look.tone}
      variant={look.tone === 'neutral' ? 'outlined' : 'filled'}
      {...(icon ? { icon } : {})}
      data-testid={testId}
      data-tone={look.tone}
      data-mark={look.mark}
    />
  );
}
