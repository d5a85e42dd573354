// Customers of the signed-in bank, paged by the API's cursor connection (see data/).
import {
  DataTable,
  DateField,
  EmailField,
  List,
  Pagination,
  TextField,
  TopToolbar,
  useListContext,
} from 'react-admin';
import { Alert, AlertTitle, Box, Chip, Typography } from '@mui/material';

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

function CustomersEmpty() {
  return (
    <Box sx={{ textAlign: 'center', py: 8 }} data-testid="customers-empty">
      <Typography variant="h6">No customers yet</Typography>
      <Typography variant="body2" color="text.secondary">
        Customers appear here once they are onboarded for this bank.
      </Typography>
    </Box>
  );
}

/** No page controls when there is nothing to page through (the error replaces the rows). */
function CustomerPagination() {
  const { error } = useListContext();
  return error ? null : <Pagination rowsPerPageOptions={[10, 25, 50]} />;
}

function CustomersError() {
  const { error } = useListContext();
  const code = (error as { code?: string } | null)?.code;
  return (
    <Alert severity="error" sx={{ m: 2 }} data-testid="customers-error">
      <AlertTitle>{code === 'FORBIDDEN' ? 'Not allowed' : 'Customers could not be loaded'}</AlertTitle>
      {error?.message ?? 'Unknown error.'}
    </Alert>
  );
}

export function CustomerList() {
  return (
    <List
      title="Customers"
      actions={<CustomerListActions />}
      empty={<CustomersEmpty />}
      error={<CustomersError />}
      perPage={25}
      pagination={<CustomerPagination />}
      // Errors are shown in place of the rows (CustomersError); no duplicate toast.
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
      </DataTable>
    </List>
  );
}
