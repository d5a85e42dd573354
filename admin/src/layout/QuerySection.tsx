// A titled section of a page showing a list its own query loads, with QueryState's loading, error and
// empty states (an empty list shows the explanation instead of an empty table).
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Typography } from '@mui/material';
import { QueryState } from './QueryState.tsx';

export function QuerySection<Row>({
  title,
  intro,
  query,
  what,
  testId,
  empty,
  children,
}: {
  title: string;
  intro?: ReactNode;
  query: UseQueryResult<Row[]>;
  what: string;
  testId: string;
  empty: { title: string; text: ReactNode };
  children(rows: Row[]): ReactNode;
}) {
  return (
    <>
      <Typography variant="h6">{title}</Typography>
      {intro && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {intro}
        </Typography>
      )}
      <QueryState
        query={query}
        what={what}
        testId={testId}
        isEmpty={(rows) => rows.length === 0}
        empty={empty}
      >
        {children}
      </QueryState>
    </>
  );
}
