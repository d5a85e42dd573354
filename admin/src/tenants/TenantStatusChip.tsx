import { useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import type { TenantRecord, TenantStatus } from '../data/index.ts';

export const tenantStatusChoices: { id: TenantStatus; name: string }[] = [
  { id: 'PROVISIONING', name: 'Provisioning' },
  { id: 'ACTIVE', name: 'Active' },
  { id: 'SUSPENDED', name: 'Suspended' },
];

const colours: Record<TenantStatus, 'default' | 'success' | 'warning'> = {
  PROVISIONING: 'default',
  ACTIVE: 'success',
  SUSPENDED: 'warning',
};

/** The bank's status as a coloured chip (the record of the surrounding list row or show page). */
export function TenantStatusChip() {
  const tenant = useRecordContext<TenantRecord>();
  if (!tenant) return null;
  const label = tenantStatusChoices.find((choice) => choice.id === tenant.status)?.name ?? tenant.status;
  return <Chip size="small" label={label} color={colours[tenant.status]} data-testid="tenant-status" />;
}
