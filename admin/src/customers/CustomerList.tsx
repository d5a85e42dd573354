// Customers of the signed-in bank, paged by the API's cursor connection (see data/).
import { DataTable, DateField, EmailField, List, TextField, TopToolbar, useListContext } from 'react-admin';
import { Chip } from '@mui/material';
import { ListEmpty, ListError, ListPagination, OpaqueId } from '../layout/index.ts';

function CustomerCount() {
  const { total, isPending } = useListContext();
  if (isPending || total === undefined) return null;
  return <Chip label={`${total} ${total === 1 ? 'customer' : 'customers'}`} data-testid="customers-total" />;
}

function CustomerListActions() {
  return (
    <TopToolbar>
      <CustomerCount />
    </TopToolbar>
  );
}

export function CustomerList() {
  return (
    <List
      title="Customers"
      actions={<CustomerListActions />}
      empty={
        <ListEmpty title="No customers yet" testId="customers-empty">
          Customers appear here once they are onboarded for this bank.
        </ListEmpty>
      }
      error={<ListError what="Customers" testId="customers-error" />}
      perPage={25}
      pagination={<ListPagination />}
      // Errors are shown in place of the rows (ListError); no duplicate toast.
      queryOptions={{ onError: () => undefined }}
      // The API returns customers in its own stable order; it offers no sorting or filtering yet.
      sort={{ field: 'createdAt', order: 'ASC' }}
    >
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="displayName" label="Name" disableSort field={TextField} />
        <DataTable.Col source="email" label="E-mail" disableSort field={EmailField} />
        <DataTable.Col source="createdAt" label="Created" disableSort>
          <DateField source="createdAt" showTime />
        </DataTable.Col>
        {/* What staff paste where a customer is named by id (e.g. recording an erasure request). */}
        <DataTable.Col source="id" label="Customer id" disableSort>
          <OpaqueId source="id" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
