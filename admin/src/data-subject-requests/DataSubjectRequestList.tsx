// The bank's data-subject requests for compliance officers (the API's `dataSubjectRequests`): kind and
// status filters, cursor pages, progress; a row opens its details and, for erasures, the certificate. A
// compliance officer records here an erasure request a person made by letter, branch, phone or e-mail.
import { useState } from 'react';
import {
  DataTable,
  DateField,
  List,
  SelectInput,
  TopToolbar,
  usePermissions,
  useRecordContext,
} from 'react-admin';
import { Button, Typography } from '@mui/material';
import type {
  DataSubjectRequestKind,
  DataSubjectRequestRecord,
  DataSubjectRequestStatus,
} from '../data/index.ts';
import { EnumChip, EnumText, ListEmpty, OpaqueId, ListError, ListPagination } from '../layout/index.ts';
import { stepLabel } from './certificate.ts';
import { RequestDetails } from './RequestDetails.tsx';
import { channelLabels, RecordErasureDialog } from './RecordErasureDialog.tsx';

const kindLabels: Record<DataSubjectRequestKind, string> = {
  EXPORT: 'Data export',
  ERASURE: 'Erasure',
};
const statusLabels: Record<DataSubjectRequestStatus, string> = {
  REQUESTED: 'Requested',
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
};
const statusColours = {
  REQUESTED: 'default',
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
} as const;

const choices = <Key extends string>(labels: Record<Key, string>) =>
  (Object.keys(labels) as Key[]).map((id) => ({ id, name: labels[id] }));

const filters = [
  <SelectInput
    key="kind"
    source="kind"
    label="Kind"
    choices={choices(kindLabels)}
    alwaysOn
    emptyText="All"
  />,
  <SelectInput
    key="status"
    source="status"
    label="Status"
    choices={choices(statusLabels)}
    alwaysOn
    emptyText="All"
  />,
];

function LastStep() {
  const request = useRecordContext<DataSubjectRequestRecord>();
  const last = request?.progress.at(-1);
  return (
    <Typography variant="body2">
      {last
        ? `${stepLabel(last.step)} (${request!.progress.length} ${request!.progress.length === 1 ? 'step' : 'steps'})`
        : 'Not started'}
    </Typography>
  );
}

/** Who asked: the customer in the app, or staff who recorded a request received another way. */
function Origin() {
  const request = useRecordContext<DataSubjectRequestRecord>();
  if (!request) return null;
  return (
    <Typography variant="body2" data-testid="request-origin">
      {request.recordedByStaff && request.receivedVia
        ? `recorded by staff · ${channelLabels[request.receivedVia]}`
        : 'customer, in the app'}
    </Typography>
  );
}

function ListActions() {
  const { permissions } = usePermissions<string[]>();
  const [recording, setRecording] = useState(false);
  if (!permissions?.includes('compliance-officer')) return null;
  return (
    <TopToolbar>
      <Button
        variant="contained"
        size="small"
        onClick={() => setRecording(true)}
        data-testid="record-erasure"
      >
        Record an erasure request
      </Button>
      {recording && <RecordErasureDialog onClose={() => setRecording(false)} />}
    </TopToolbar>
  );
}

export function DataSubjectRequestList() {
  return (
    <List
      title="Data-subject requests"
      actions={<ListActions />}
      filters={filters}
      empty={
        <ListEmpty title="No data-subject requests yet" testId="requests-empty">
          Customers' requests to export or erase their data appear here, with their progress.
        </ListEmpty>
      }
      error={<ListError what="Data-subject requests" testId="requests-error" />}
      perPage={25}
      pagination={<ListPagination />}
      queryOptions={{ onError: () => undefined }}
      // The API lists requests oldest first; it offers no other order.
      sort={{ field: 'requestedAt', order: 'ASC' }}
      exporter={false}
    >
      <DataTable bulkActionButtons={false} rowClick="expand" expand={<RequestDetails />} expandSingle>
        <DataTable.Col source="kind" disableSort>
          <EnumText source="kind" labels={kindLabels} />
        </DataTable.Col>
        <DataTable.Col source="status" disableSort>
          <EnumChip source="status" labels={statusLabels} colours={statusColours} testId="request-status" />
        </DataTable.Col>
        <DataTable.Col source="customerId" label="Customer id" disableSort>
          <OpaqueId source="customerId" />
        </DataTable.Col>
        <DataTable.Col label="Received" disableSort>
          <Origin />
        </DataTable.Col>
        <DataTable.Col source="requestedAt" label="Requested" disableSort>
          <DateField source="requestedAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="completedAt" label="Completed" disableSort>
          <DateField source="completedAt" showTime emptyText="—" />
        </DataTable.Col>
        <DataTable.Col label="Progress" disableSort>
          <LastStep />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
