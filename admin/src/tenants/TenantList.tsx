// Every bank on the platform, for platform operators, paged by the API's cursor connection (see data/).
import { DataTable, DateField, List, SelectInput, TextField } from 'react-admin';
import { ListError, ListPagination } from '../layout/index.ts';
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

export function TenantList() {
  return (
    <List
      title="Banks"
      filters={filters}
      error={<ListError what="Banks" testId="tenants-error" />}
      perPage={25}
      pagination={<ListPagination />}
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
