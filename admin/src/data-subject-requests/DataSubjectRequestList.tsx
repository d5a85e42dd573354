// The bank's data-subject requests for compliance officers (the API's `dataSubjectRequests`): kind and
// status filters, cursor pages, progress; a row opens its details and, for erasures, the certificate. A
// compliance officer records here an erasure or an access request a person made by letter, branch, phone or
// e-mail, and downloads the archive of an access request they recorded in this browser tab once it is ready.
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
import {
  type DataSubjectRequestKind,
  type DataSubjectRequestRecord,
  type DataSubjectRequestStatus,
  forgetRecordedExport,
  recordedExport,
} from '../data/index.ts';
import {
  EnumChip,
  EnumText,
  ListEmpty,
  OpaqueId,
  ListError,
  ListPagination,
  saveFile,
  useStaffAction,
} from '../layout/index.ts';
import { lastStepText } from './certificate.ts';
import { RequestDetails } from './RequestDetails.tsx';
import {
  channelLabels,
  type RecordedKind,
  recordedKinds,
  RecordRequestDialog,
} from './RecordRequestDialog.tsx';

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
  return request ? <Typography variant="body2">{lastStepText(request)}</Typography> : null;
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

/** An access request recorded in this tab that is still being built: the list looks again until it is ready. */
const beingBuilt = (request: DataSubjectRequestRecord) =>
  request.kind === 'EXPORT' &&
  (request.status === 'REQUESTED' || request.status === 'RUNNING') &&
  recordedExport(request.id) !== undefined;

/**
 * For the officer who recorded an access request in this browser tab: "being built", then Download (once,
 * step-up through the API; the file saves under the archive's name). Nothing for anyone else's requests.
 */
function RecordedExportDownload() {
  const request = useRecordContext<DataSubjectRequestRecord>();
  const { busy, run } = useStaffAction();
  const held = request ? recordedExport(request.id) : undefined;
  if (!request || !held || request.kind !== 'EXPORT') return null;
  if (beingBuilt(request)) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="recorded-export-building">
        Being built — download here when ready
      </Typography>
    );
  }
  const open =
    request.status === 'COMPLETED' &&
    request.fetchedAt === null &&
    (request.downloadExpiresAt === null || new Date(request.downloadExpiresAt) > new Date());
  if (!open) return null;
  async function download() {
    const file = await run(
      (provider) => provider.downloadDataExport(held!.downloadPath, held!.downloadToken),
      (saved) => `The archive is saved as ${saved.fileName}`,
    );
    if (!file) return;
    saveFile(file.content, file.fileName, 'application/zip');
    forgetRecordedExport(request!.id);
  }
  return (
    <Button
      size="small"
      variant="contained"
      sx={{ mt: 0.5 }}
      disabled={busy}
      onClick={(event) => {
        event.stopPropagation(); // not the row's expand
        void download();
      }}
      title="Once, for you only, from this browser tab"
      data-testid="recorded-export-download"
    >
      Download
    </Button>
  );
}

function ListActions() {
  const { permissions } = usePermissions<string[]>();
  const [recording, setRecording] = useState<RecordedKind | null>(null);
  if (!permissions?.includes('compliance-officer')) return null;
  return (
    <TopToolbar>
      {(Object.keys(recordedKinds) as RecordedKind[]).map((kind) => (
        <Button
          key={kind}
          variant={kind === 'erasure' ? 'contained' : 'outlined'}
          size="small"
          onClick={() => setRecording(kind)}
          data-testid={`record-${kind}`}
        >
          {recordedKinds[kind].title}
        </Button>
      ))}
      {recording && <RecordRequestDialog kind={recording} onClose={() => setRecording(null)} />}
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
      queryOptions={{
        onError: () => undefined,
        // While an access request recorded here is being built, look again every few seconds (each look is an
        // audited read, so only then).
        refetchInterval: (query) =>
          (query.state.data as { data?: DataSubjectRequestRecord[] } | undefined)?.data?.some(beingBuilt)
            ? 3000
            : false,
      }}
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
          {/* Under the progress, not a column of its own: the table keeps its width. */}
          <RecordedExportDownload />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
