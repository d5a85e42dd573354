// A change that asks first (e.g. uninstalling a plugin, deleting a webhook subscription): what it does, Cancel,
// and the button that runs it through useStaffAction (step-up, audited by the API, the outcome announced).
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import type { FinPersonaDataProvider } from '../data/index.ts';
import { useStaffAction } from './useStaffAction.ts';

/** A change that asks first: what it does, Cancel, and the button that runs it (step-up, audited). */
export function ConfirmDialog<Result>({
  title,
  text,
  confirm,
  danger = false,
  testId,
  action,
  done,
  onClose,
  onDone,
}: {
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  /** `<testId>-dialog`, `<testId>-confirm`. */
  testId: string;
  action(provider: FinPersonaDataProvider): Promise<Result>;
  done: string;
  onClose(): void;
  onDone?(result: Result): void;
}) {
  const { busy, run } = useStaffAction();
  return (
    <Dialog open onClose={onClose} data-testid={`${testId}-dialog`}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color={danger ? 'error' : 'primary'}
          variant="contained"
          disabled={busy}
          data-testid={`${testId}-confirm`}
          onClick={async () => {
            const result = await run(action, done);
            if (result === undefined) return;
            onClose();
            onDone?.(result);
          }}
        >
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
