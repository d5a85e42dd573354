import {
  DateField,
  EditButton,
  FunctionField,
  Labeled,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Box, Stack } from '@mui/material';
import type { TenantRecord } from '../data/index.ts';
import { TenantStatusActions } from './TenantStatusActions.tsx';
import { TenantStatusChip } from './TenantStatusChip.tsx';

function Swatch({ colour }: { colour: string }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Box
        sx={{ width: 16, height: 16, borderRadius: 0.5, bgcolor: colour, border: 1, borderColor: 'divider' }}
      />
      <span>{colour}</span>
    </Stack>
  );
}

function TenantShowActions() {
  return (
    <TopToolbar>
      <TenantStatusActions />
      <EditButton label="Edit branding" />
    </TopToolbar>
  );
}

function SuspensionDetails() {
  const tenant = useRecordContext<TenantRecord>();
  if (tenant?.status !== 'SUSPENDED') return null;
  return (
    <Stack direction="row" spacing={4}>
      <Labeled label="Suspended">
        <DateField source="suspendedAt" showTime />
      </Labeled>
      <Labeled label="Reason">
        <TextField source="suspensionReason" emptyText="—" />
      </Labeled>
    </Stack>
  );
}

export function TenantShow() {
  return (
    <Show actions={<TenantShowActions />}>
      <SimpleShowLayout>
        <TextField source="name" label="Bank" />
        <TextField source="slug" />
        <Labeled label="Status">
          <TenantStatusChip />
        </Labeled>
        <SuspensionDetails />
        <TextField source="realm" label="Keycloak realm" />
        <TextField source="region" />
        <TextField source="branding.displayName" label="Display name" />
        <FunctionField<TenantRecord>
          label="Primary colour"
          render={(t) => <Swatch colour={t.branding.primaryColor} />}
        />
        <FunctionField<TenantRecord>
          label="Accent colour"
          render={(t) => <Swatch colour={t.branding.accentColor} />}
        />
        <FunctionField<TenantRecord>
          label="Admin portal origins"
          render={(t) => t.appOrigins.admin.join(', ') || 'none (no browser sign-in)'}
        />
        <FunctionField<TenantRecord>
          label="Customer app origins"
          render={(t) => t.appOrigins.customer.join(', ') || 'none (no browser sign-in)'}
        />
        <DateField source="createdAt" label="Created" showTime />
        <DateField source="updatedAt" label="Updated" showTime />
      </SimpleShowLayout>
    </Show>
  );
}
