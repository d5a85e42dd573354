// Loading, error and empty states of a page's own query (pages that are not one react-admin list): the same
// wording as the lists' (ListStates.tsx), "Try again" refetching the query, "Not allowed" for a role the API
// refuses.
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Box, CircularProgress } from '@mui/material';
import { ListEmpty, QueryError } from './ListStates.tsx';

export function QueryState<Data>({
  query,
  what,
  testId,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<Data>;
  /** What is loaded, for the error's title, e.g. "The model registry". */
  what: string;
  /** `<testId>-loading`, `<testId>-error`, `<testId>-empty`. */
  testId: string;
  isEmpty?(data: Data): boolean;
  /** The explanation when there is nothing yet: a title and a sentence. */
  empty?: { title: string; text: ReactNode };
  children(data: Data): ReactNode;
}) {
  if (query.isPending) {
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', py: 4 }} data-testid={`${testId}-loading`}>
        <CircularProgress size={28} />
      </Box>
    );
  }
  if (query.isError) {
    return (
      <QueryError
        error={query.error}
        what={what}
        testId={`${testId}-error`}
        onRetry={() => void query.refetch()}
      />
    );
  }
  if (empty && isEmpty?.(query.data)) {
    return (
      <ListEmpty title={empty.title} testId={`${testId}-empty`}>
        {empty.text}
      </ListEmpty>
    );
  }
  return <>{children(query.data)}</>;
}
