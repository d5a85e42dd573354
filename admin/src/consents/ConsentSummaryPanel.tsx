// Above the consents list: the whole bank's consents by purpose and status, and the deadlines coming up.
import { useListContext } from 'react-admin';
import {
  Box,
  Button,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ConsentOverviewSummary } from '../data/index.ts';
import { countTable, purposeLabels, statusLabels, statuses } from './labels.ts';

function DueCard({ label, count, testId }: { label: string; count: number; testId: string }) {
  return (
    <Card variant="outlined" sx={{ minWidth: 200 }}>
      <CardContent>
        <Typography variant="h4" data-testid={testId}>
          {count}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
      </CardContent>
    </Card>
  );
}

export function ConsentSummaryPanel() {
  const { meta, filterValues, setFilters } = useListContext();
  const summary = meta as ConsentOverviewSummary | undefined;
  if (!summary?.dueSoon) return null;
  const table = countTable(summary.counts);
  const { withinDays, renewals, expiries } = summary.dueSoon;
  const showingDue = filterValues?.dueSoon === true;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, p: 2 }} data-testid="consent-summary">
      {/* On a phone the counts scroll sideways inside the card rather than widen the page. */}
      <Box sx={{ maxWidth: '100%', overflowX: 'auto' }}>
        <Table size="small" sx={{ width: 'auto' }} aria-label="Consents by purpose and status">
          <TableHead>
            <TableRow>
              <TableCell>Purpose (whole bank)</TableCell>
              {statuses.map((status) => (
                <TableCell key={status} align="right">
                  {statusLabels[status]}
                </TableCell>
              ))}
              <TableCell align="right">Total</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {table.rows.map((row) => (
              <TableRow key={row.purpose} data-testid={`consent-counts-${row.purpose}`}>
                <TableCell>{purposeLabels[row.purpose]}</TableCell>
                {row.cells.map((cell, column) => (
                  <TableCell key={statuses[column]} align="right">
                    {cell}
                  </TableCell>
                ))}
                <TableCell align="right">{row.total}</TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell sx={{ fontWeight: 600 }}>All purposes</TableCell>
              {table.totals.map((cell, column) => (
                <TableCell key={statuses[column]} align="right" sx={{ fontWeight: 600 }}>
                  {cell}
                </TableCell>
              ))}
              <TableCell align="right" sx={{ fontWeight: 600 }} data-testid="consent-counts-total">
                {table.total}
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, maxWidth: '100%' }}>
        <Typography variant="subtitle2">
          Due within {withinDays} days (when customers are reminded)
        </Typography>
        {/* Side by side, or one under the other on a phone. */}
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
          <DueCard label="renewals due" count={renewals} testId="consents-renewals-due" />
          <DueCard label="expiring" count={expiries} testId="consents-expiring" />
        </Box>
        <Button
          variant="outlined"
          size="small"
          sx={{ alignSelf: 'flex-start' }}
          onClick={() => setFilters({ ...filterValues, dueSoon: showingDue ? undefined : true })}
        >
          {showingDue ? 'Show all consents' : 'Show only these'}
        </Button>
      </Box>
    </Box>
  );
}
