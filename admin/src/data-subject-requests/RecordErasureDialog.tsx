// A compliance officer records the erasure request a person made by letter, at a branch, by phone or by
// e-mail (GDPR Art. 12(2)/17) — the only way for a customer the bank imported without a login. Two steps:
// the form, then a confirmation of what cannot be undone; recording needs step-up and is audited by the API,
// whose field problems are shown under their fields.
import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormHelperText,
  MenuItem,
  TextField,
} from '@mui/material';
import { type DataSubjectRequestChannel, type ErasureRequestInput, fieldErrors } from '../data/index.ts';
import { OtherProblems, useStaffAction } from '../layout/index.ts';

export const channelLabels: Record<DataSubjectRequestChannel, string> = {
  LETTER: 'letter',
  BRANCH: 'branch',
  PHONE: 'phone',
  EMAIL: 'e-mail',
};

const fieldNames = ['customerId', 'receivedVia', 'identityVerified', 'note'];

export function RecordErasureDialog({ onClose }: { onClose(): void }) {
  const { busy, run } = useStaffAction();
  const [values, setValues] = useState<ErasureRequestInput>({
    customerId: '',
    receivedVia: 'LETTER',
    identityVerified: false,
    note: null,
  });
  const [confirming, setConfirming] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const set = (change: Partial<ErasureRequestInput>) => setValues({ ...values, ...change });
  const problemOf = (field: string) => problems[field];

  async function record() {
    setProblems({});
    const recorded = await run(
      (provider) =>
        provider.recordErasureRequest({
          ...values,
          customerId: values.customerId.trim(),
          note: values.note?.trim() || null,
        }),
      'The erasure request is recorded; its erasure has started',
      (fields) => {
        setProblems(fieldErrors(fields));
        setConfirming(false);
      },
    );
    if (recorded) onClose();
    // Refused otherwise (e.g. NOT_FOUND, CONFLICT): the notification says why; back to the form to correct it.
    else setConfirming(false);
  }

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="record-erasure-dialog">
      <DialogTitle>Record an erasure request</DialogTitle>
      {confirming ? (
        <DialogContent>
          <Alert severity="warning" data-testid="record-erasure-warning">
            This erases customer {values.customerId.trim()} for good: their data is deleted or kept only where
            the law requires, their data key is shredded and any login is removed. It cannot be undone.
          </Alert>
        </DialogContent>
      ) : (
        <DialogContent>
          <DialogContentText variant="body2">
            For a person who asked another way than in the app, e.g. a customer the bank imported, who has no
            login. Copy their customer id from the Customers screen.
          </DialogContentText>
          <OtherProblems problems={problems} fields={fieldNames} />
          <TextField
            fullWidth
            margin="dense"
            label="Customer id *"
            value={values.customerId}
            onChange={(event) => set({ customerId: event.target.value })}
            error={problemOf('customerId') !== undefined}
            helperText={problemOf('customerId')}
            slotProps={{ htmlInput: { 'data-testid': 'record-erasure-customer' } }}
          />
          <TextField
            select
            fullWidth
            margin="dense"
            label="Received by *"
            value={values.receivedVia}
            onChange={(event) => set({ receivedVia: event.target.value as DataSubjectRequestChannel })}
            error={problemOf('receivedVia') !== undefined}
            helperText={problemOf('receivedVia')}
            slotProps={{
              select: { SelectDisplayProps: { 'data-testid': 'record-erasure-channel' } as object },
            }}
          >
            {(Object.keys(channelLabels) as DataSubjectRequestChannel[]).map((channel) => (
              <MenuItem key={channel} value={channel} data-channel={channel}>
                {channelLabels[channel]}
              </MenuItem>
            ))}
          </TextField>
          <FormControl error={problemOf('identityVerified') !== undefined} margin="dense">
            <FormControlLabel
              control={
                <Checkbox
                  checked={values.identityVerified}
                  onChange={(event) => set({ identityVerified: event.target.checked })}
                  slotProps={{ input: { 'data-testid': 'record-erasure-identity' } as object }}
                />
              }
              label="I checked the person's identity"
            />
            {problemOf('identityVerified') && (
              <FormHelperText data-testid="record-erasure-identity-problem">
                {problemOf('identityVerified')}
              </FormHelperText>
            )}
          </FormControl>
          <TextField
            fullWidth
            multiline
            minRows={2}
            margin="dense"
            label="Note"
            value={values.note ?? ''}
            onChange={(event) => set({ note: event.target.value })}
            error={problemOf('note') !== undefined}
            helperText={problemOf('note') ?? 'Up to 500 characters, kept encrypted with the request'}
            slotProps={{ htmlInput: { 'data-testid': 'record-erasure-note' } }}
          />
        </DialogContent>
      )}
      <DialogActions>
        {confirming ? (
          <>
            <Button onClick={() => setConfirming(false)}>Back</Button>
            <Button
              color="error"
              variant="contained"
              disabled={busy}
              onClick={() => void record()}
              data-testid="record-erasure-confirm"
            >
              Record and erase
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              variant="contained"
              onClick={() => setConfirming(true)}
              data-testid="record-erasure-continue"
            >
              Continue
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
