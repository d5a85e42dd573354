// Suspend (with a reason) and reactivate, each behind a confirmation: both take effect for every user of the
// bank at once.
import { useState } from 'react';
import { Confirm, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';
import type { FinPersonaDataProvider, TenantRecord } from '../data/index.ts';
import { maxSuspensionReasonLength, suspensionReasonProblem, tenantActionsFor } from './lifecycle.ts';

export function TenantStatusActions() {
  const tenant = useRecordContext<TenantRecord>();
  const dataProvider = useDataProvider<FinPersonaDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState<'suspend' | 'reactivate' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (!tenant) return null;
  const actions = tenantActionsFor(tenant.status);

  const run = async (action: () => Promise<TenantRecord>, done: string) => {
    setBusy(true);
    try {
      await action();
      notify(done, { type: 'success' });
      setOpen(null);
      setReason('');
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const problem = reason === '' ? undefined : suspensionReasonProblem(reason);

  return (
    <>
      {actions.includes('suspend') && (
        <Button
          color="warning"
          variant="outlined"
          onClick={() => setOpen('suspend')}
          data-testid="suspend-tenant"
        >
          Suspend
        </Button>
      )}
      {actions.includes('reactivate') && (
        <Button
          color="success"
          variant="outlined"
          onClick={() => setOpen('reactivate')}
          data-testid="reactivate-tenant"
        >
          Reactivate
        </Button>
      )}
      <Dialog open={open === 'suspend'} onClose={() => setOpen(null)} fullWidth>
        <DialogTitle>Suspend {tenant.name}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Every user of this bank — staff and customers — is refused from their next request, and its
            customer app stops showing the bank. Nothing is deleted; you can reactivate it later.
          </DialogContentText>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            label="Reason (no personal data)"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={problem !== undefined}
            helperText={problem ?? `${reason.length}/${maxSuspensionReasonLength}`}
            slotProps={{ htmlInput: { 'data-testid': 'suspension-reason' } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)}>Cancel</Button>
          <Button
            color="warning"
            disabled={busy || suspensionReasonProblem(reason) !== undefined}
            onClick={() =>
              run(() => dataProvider.suspendTenant(tenant.id, reason), `${tenant.name} is suspended`)
            }
            data-testid="confirm-suspend"
          >
            Suspend
          </Button>
        </DialogActions>
      </Dialog>
      <Confirm
        isOpen={open === 'reactivate'}
        loading={busy}
        title={`Reactivate ${tenant.name}?`}
        content="Its users can use FinPersona again from their next request."
        confirm="Reactivate"
        onConfirm={() => run(() => dataProvider.reactivateTenant(tenant.id), `${tenant.name} is live again`)}
        onClose={() => setOpen(null)}
      />
    </>
  );
}
