// What every list shows when it has no rows: an explanation when there is nothing yet, the API's error
// (with "Not allowed" for a role that may not see it) in place of the rows with "Try again", and no pager
// under an error.
import type { ReactNode } from 'react';
import { Pagination, useListContext } from 'react-admin';
import { Alert, AlertTitle, Box, Button, Typography } from '@mui/material';

export function ListEmpty({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Box sx={{ textAlign: 'center', py: 8 }} data-testid={testId}>
      <Typography variant="h6">{title}</Typography>
      <Typography variant="body2" color="text.secondary">
        {children}
      </Typography>
    </Box>
  );
}

/** The list's error in place of its rows; FORBIDDEN reads "Not allowed" (the message says which role is needed). */
export function ListError({ what, testId }: { what: string; testId: string }) {
  const { error, refetch } = useListContext();
  return <QueryError error={error} what={what} testId={testId} onRetry={() => void refetch()} />;
}

/**
 * An API error in place of what could not be loaded, with "Try again" (`onRetry`: loads it again); FORBIDDEN
 * reads "Not allowed" and offers no retry, which would be refused the same way, and names its code and request
 * id for support (`data-refused`: the layout hides a refused list's filters and actions).
 */
export function QueryError({
  error,
  what,
  testId,
  onRetry,
}: {
  error: unknown;
  what: string;
  testId: string;
  onRetry?: () => void;
}) {
  const forbidden = (error as { code?: string } | null)?.code === 'FORBIDDEN';
  const requestId = (error as { requestId?: string } | null)?.requestId;
  return (
    <Alert
      severity="error"
      sx={{ m: 2 }}
      data-testid={testId}
      data-refused={forbidden || undefined}
      action={
        onRetry &&
        !forbidden && (
          <Button
            color="inherit"
            size="small"
            sx={{ whiteSpace: 'nowrap' }}
            onClick={onRetry}
            data-testid={`${testId}-retry`}
          >
            Try again
          </Button>
        )
      }
    >
      <AlertTitle>{forbidden ? 'Not allowed' : `${what} could not be loaded`}</AlertTitle>
      {(error as Error | null)?.message ?? 'Unknown error.'}
      {forbidden && (
        <Typography variant="caption" component="div" sx={{ mt: 1 }} data-testid={`${testId}-support`}>
          For support: FORBIDDEN{requestId ? `, request ${requestId}` : ''}
        </Typography>
      )}
    </Alert>
  );
}

/** No page controls when there is nothing to page through (the error replaces the rows). */
export function ListPagination({ rowsPerPage = [10, 25, 50] }: { rowsPerPage?: readonly number[] }) {
  const { error } = useListContext();
  return error ? null : <Pagination rowsPerPageOptions={[...rowsPerPage]} />;
}
