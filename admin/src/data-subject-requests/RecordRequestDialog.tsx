// A compliance officer records the erasure (GDPR Art. 17) or access request (Art. 15) a person made by letter,
// at a branch, by phone or by e-mail (Art. 12(2)) — the only way for a customer the bank imported without a
// login. One form for both kinds; an erasure adds a confirmation of what cannot be undone. Recording needs
// step-up and is audited by the API, whose field problems are shown under their fields. An access request's
// one-time download token is kept for this tab (data/recorded-exports.ts) until the officer downloads it.
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
import {
  type DataSubjectRequestChannel,
  fieldErrors,
  type RecordedRequestInput,
  rememberRecordedExport,
} from '../data/index.ts';
import { OtherProblems, useStaffAction } from '../layout/index.ts';

export const channelLabels: Record<DataSubjectRequestChannel, string> = {
  LETTER: 'letter',
  BRANCH: 'branch',
  PHONE: 'phone',
  EMAIL: 'e-mail',
};

const fieldNames = ['customerId', 'receivedVia', 'identityVerified', 'note'];

/** What differs between the two kinds of request an officer records (the list's buttons say the title). */
export const recordedKinds = {
  erasure: {
    title: 'Record an erasure request',
    done: 'The erasure request is recorded; its erasure has started',
  },
  export: {
    title: 'Record an access request',
    done: 'The access request is recorded; its export is being built — download it from this screen when it is ready',
  },
} as const;

export type RecordedKind = keyof typeof recordedKinds;

export function RecordRequestDialog({ kind, onClose }: { kind: RecordedKind; onClose(): void }) {
  const { busy, run } = useStaffAction();
  const [values, setValues] = useState<RecordedRequestInput>({
    customerId: '',
    receivedVia: 'LETTER',
    identityVerified: false,
    note: null,
  });
  const [confirming, setConfirming] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const set = (change: Partial<RecordedRequestInput>) => setValues({ ...values, ...change });
  const problemOf = (field: string) => problems[field];
  const testId = (part: string) => `record-${kind}-${part}`;

  async function record() {
    setProblems({});
    const input = { ...values, customerId: values.customerId.trim(), note: values.note?.trim() || null };
    const recorded = await run(
      async (provider) => {
        if (kind === 'erasure') return provider.recordErasureRequest(input);
        const created = await provider.recordDataExportRequest(input);
        // Shown once by the API: kept for this tab, where the list offers the download when it is ready.
        rememberRecordedExport(created.request.id, {
          downloadPath: created.downloadPath,
          downloadToken: created.downloadToken,
        });
        return created;
      },
      recordedKinds[kind].done,
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
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid={testId('dialog')}>
      <DialogTitle>{recordedKinds[kind].title}</DialogTitle>
      {confirming ? (
        <DialogContent>
          <Alert severity="warning" data-testid={testId('warning')}>
            This erases customer {values.customerId.trim()} for good: their data is deleted or kept only where
            the law requires, their data key is shredded and any login is removed. It cannot be undone.
          </Alert>
        </DialogContent>
      ) : (
        <DialogContent>
          <DialogContentText variant="body2">
            For a person who asked another way than in the app, e.g. a customer the bank imported, who has no
            login. Copy their customer id from the Customers screen.
            {kind === 'export' &&
              ' The archive of everything held on them is built in a minute or so; you alone can then download it, once, from this screen in this browser tab (if you close the tab or sign out, record a new request).'}
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
            slotProps={{ htmlInput: { 'data-testid': testId('customer') } }}
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
              select: { SelectDisplayProps: { 'data-testid': testId('channel') } as object },
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
                  slotProps={{ input: { 'data-testid': testId('identity') } as object }}
                />
              }
              label="I checked the person's identity"
            />
            {problemOf('identityVerified') && (
              <FormHelperText data-testid={testId('identity-problem')}>
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
            slotProps={{ htmlInput: { 'data-testid': testId('note') } }}
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
              data-testid={testId('confirm')}
            >
              Record and erase
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            {kind === 'erasure' ? (
              <Button
                variant="contained"
                onClick={() => setConfirming(true)}
                data-testid={testId('continue')}
              >
                Continue
              </Button>
            ) : (
              // An export changes nothing about the person: recorded without a second confirmation.
              <Button
                variant="contained"
                disabled={busy}
                onClick={() => void record()}
                data-testid={testId('confirm')}
              >
                Record and build the export
              </Button>
            )}
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
