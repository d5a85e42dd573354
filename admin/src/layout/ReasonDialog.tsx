// A confirmation that asks why (kept with the decision by the API), e.g. promoting a model version.
import { useState, type ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';

/** The API keeps reasons of 1 to 1000 characters. */
export const maxReasonLength = 1000;

export function ReasonDialog({
  open,
  title,
  text,
  confirm,
  reasonLabel = 'Reason',
  reasonRequired = true,
  busy,
  onConfirm,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  text: ReactNode;
  confirm: string;
  reasonLabel?: string;
  reasonRequired?: boolean;
  busy: boolean;
  /** Called with the trimmed reason; resolves true when done (the dialog then closes and forgets it). */
  onConfirm(reason: string): Promise<boolean>;
  onClose(): void;
  /** More inputs above the reason (e.g. the decision). */
  children?: ReactNode;
  testId: string;
}) {
  const [reason, setReason] = useState('');
  const trimmed = reason.trim();
  const tooLong = trimmed.length > maxReasonLength;
  const missing = reasonRequired && trimmed.length === 0;
  const close = () => {
    setReason('');
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} fullWidth data-testid={testId}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{text}</DialogContentText>
        {children}
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          label={reasonRequired ? reasonLabel : `${reasonLabel} (optional)`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={tooLong}
          helperText={
            tooLong ? `At most ${maxReasonLength} characters.` : `${trimmed.length}/${maxReasonLength}`
          }
          slotProps={{ htmlInput: { 'data-testid': `${testId}-reason` } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button
          variant="contained"
          disabled={busy || missing || tooLong}
          onClick={async () => {
            if (await onConfirm(trimmed)) close();
          }}
          data-testid={`${testId}-confirm`}
        >
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
