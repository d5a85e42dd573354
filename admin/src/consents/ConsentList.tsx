// The bank's consents for staff (the API's `consentOverview`): counts, deadlines coming up, and a page of
// consents with the filters the API supports. Ids, purposes, statuses and dates only: no personal data.
import {
  BooleanInput,
  DataTable,
  DateField,
  List,
  SelectInput,
  TextField,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { Typography } from '@mui/material';
import type { ConsentRecord } from '../data/index.ts';
import { EnumChip, EnumText, ListEmpty, OpaqueId, ListError, ListPagination } from '../layout/index.ts';
import { ConsentSummaryPanel } from './ConsentSummaryPanel.tsx';
import {
  channelLabels,
  nextDeadline,
  purposeChoices,
  purposeLabels,
  statusChoices,
  statusLabels,
} from './labels.ts';

const filters = [
  <SelectInput
    key="purpose"
    source="purpose"
    label="Purpose"
    choices={purposeChoices}
    alwaysOn
    emptyText="All"
  />,
  <SelectInput
    key="status"
    source="status"
    label="Status"
    choices={statusChoices}
    alwaysOn
    emptyText="All"
  />,
  <BooleanInput key="dueSoon" source="dueSoon" label="Due soon" alwaysOn />,
  <TextInput key="customerId" source="customerId" label="Customer id" />,
];

const statusColours = { GRANTED: 'success', REVOKED: 'default', EXPIRED: 'warning' } as const;

function Deadline() {
  const consent = useRecordContext<ConsentRecord>();
  const deadline = consent ? nextDeadline(consent) : null;
  if (!deadline) return <Typography variant="body2">—</Typography>;
  return (
    <Typography variant="body2" data-testid="consent-deadline">
      {deadline.kind === 'renewal' ? 'Renewal due ' : 'Expires '}
      {new Date(deadline.at).toLocaleDateString()}
    </Typography>
  );
}

function Ended() {
  const consent = useRecordContext<ConsentRecord>();
  const at = consent?.revokedAt ?? consent?.expiredAt;
  return <Typography variant="body2">{at ? new Date(at).toLocaleString() : '—'}</Typography>;
}

export function ConsentList() {
  return (
    <List
      title="Consents"
      filters={filters}
      empty={
        <ListEmpty title="No consents yet" testId="consents-empty">
          Consents appear here once customers give them in the customer app.
        </ListEmpty>
      }
      error={<ListError what="Consents" testId="consents-error" />}
      perPage={25}
      pagination={<ListPagination />}
      // Errors are shown in place of the rows (ListError); no duplicate toast.
      queryOptions={{ onError: () => undefined }}
      // The API lists consents oldest first; it offers no other order.
      sort={{ field: 'grantedAt', order: 'ASC' }}
      exporter={false}
    >
      <ConsentSummaryPanel />
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="customerId" label="Customer id" disableSort>
          <OpaqueId source="customerId" />
        </DataTable.Col>
        <DataTable.Col source="purpose" disableSort>
          <EnumText source="purpose" labels={purposeLabels} />
        </DataTable.Col>
        <DataTable.Col source="status" disableSort>
          <EnumChip source="status" labels={statusLabels} colours={statusColours} testId="consent-status" />
        </DataTable.Col>
        <DataTable.Col source="grantedAt" label="Granted" disableSort>
          <DateField source="grantedAt" showTime />
        </DataTable.Col>
        <DataTable.Col label="Next deadline" disableSort>
          <Deadline />
        </DataTable.Col>
        <DataTable.Col label="Ended" disableSort>
          <Ended />
        </DataTable.Col>
        <DataTable.Col source="channel" disableSort>
          <EnumText source="channel" labels={channelLabels} />
        </DataTable.Col>
        <DataTable.Col source="textVersion" label="Text version" disableSort field={TextField} />
      </DataTable>
    </List>
  );
}
