// Every bank on the platform, for platform operators, paged by the API's cursor connection (see data/).
import { DataTable, DateField, List, Pagination, SelectInput, TextField, useListContext } from 'react-admin';
import { Alert, AlertTitle } from '@mui/material';
import { TenantStatusChip, tenantStatusChoices } from './TenantStatusChip.tsx';

const filters = [
  <SelectInput
    key="status"
    source="status"
    label="Status"
    choices={tenantStatusChoices}
    alwaysOn
    emptyText="All"
  />,
];

function TenantsError() {
  const { error } = useListContext();
  return (
    <Alert severity="error" sx={{ m: 2 }} data-testid="tenants-error">
      <AlertTitle>Banks could not be loaded</AlertTitle>
      {error?.message ?? 'Unknown error.'}
    </Alert>
  );
}

function TenantPagination() {
  const { error } = useListContext();
  return error ? null : <Pagination rowsPerPageOptions={[10, 25, 50]} />;
}

export function TenantList() {
  return (
    <List
      title="Banks"
      filters={filters}
      error={<TenantsError />}
      perPage={25}
      pagination={<TenantPagination />}
      queryOptions={{ onError: () => undefined }}
      // The API lists banks oldest first; it offers no other order.
      sort={{ field: 'createdAt', order: 'ASC' }}
    >
      <DataTable bulkActionButtons={false} rowClick="show">
        <DataTable.Col source="name" label="Bank" disableSort field={TextField} />
        <DataTable.Col source="slug" disableSort field={TextField} />
        <DataTable.Col source="status" disableSort>
          <TenantStatusChip />
        </DataTable.Col>
        <DataTable.Col source="realm" label="Keycloak realm" disableSort field={TextField} />
        <DataTable.Col source="createdAt" label="Created" disableSort>
          <DateField source="createdAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
