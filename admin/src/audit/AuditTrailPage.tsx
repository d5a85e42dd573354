// The bank's audit trail for compliance officers (the API's auditTrail, verifyAuditTrail and exportAuditTrail):
// the entries newest first a page at a time, narrowed by date, action, outcome, resource and actor; the hash
// chain verified end to end; an export of a date range as CSV or JSON (second factor). Bank administrators,
// whose actions the trail records, may not read it: the API refuses them and the page says "Not allowed".
// Every read here is itself recorded in the trail by the API.
import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { Title, useGetIdentity } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  Collapse,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  IconButton,
  LinearProgress,
  MenuItem,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import {
  ApiError,
  currentCursor,
  fieldErrors,
  firstPage,
  type AuditEntryNode,
  type AuditExportFormat,
  type AuditVerificationNode,
  type PageCursors,
} from '../data/index.ts';
import { NewerOlder, QueryState, saveFile, StateChip, useStaffAction } from '../layout/index.ts';
import { AuditActor } from './AuditActor.tsx';
import {
  dayRange,
  defaultExportDays,
  exportFileName,
  exportMediaType,
  type FilterValues,
  maxExportDays,
  maxExportEntries,
  noFilters,
  outcomeLook,
  prettyChanges,
  shortened,
  trailFilters,
} from './format.ts';

/** Entries per page. */
const pageSize = 25;

/** A date-time in the officer's local time, the exact UTC instant in the element and on hover. */
function When({ value }: { value: string }) {
  return (
    <time dateTime={value} title={value}>
      {new Date(value).toLocaleString()}
    </time>
  );
}

/** A long value (hash, id) shortened in monospace; the whole value on hover and in `data-value`. */
function Long({ value, testId }: { value: string; testId: string }) {
  return (
    <Tooltip title={value}>
      <Box component="code" data-testid={testId} data-value={value} sx={{ fontSize: '0.8rem' }}>
        {shortened(value)}
      </Box>
    </Tooltip>
  );
}

function EntryDetails({ entry }: { entry: AuditEntryNode }) {
  const facts: [string, ReactNode][] = [
    ['Seq', <code key="seq">{entry.seq}</code>],
    ['Request id', <Long key="request" value={entry.requestId} testId="audit-entry-request-id" />],
    ['IP address', entry.ip ?? '—'],
    ['Client', entry.actor.client ?? '—'],
    ['Actor subject', <Long key="subject" value={entry.actor.subject} testId="audit-entry-subject" />],
    ['Hash', <Long key="hash" value={entry.hash} testId="audit-entry-hash" />],
    ['Previous hash', <Long key="prev" value={entry.prevHash} testId="audit-entry-prev-hash" />],
  ];
  return (
    <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap', py: 1 }} data-testid="audit-entry-details">
      <Box
        component="dl"
        sx={{ m: 0, display: 'grid', gridTemplateColumns: 'auto auto', gap: 0.5, columnGap: 2 }}
      >
        {facts.map(([label, value]) => (
          <Fragment key={label}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0 }}>
              {value}
            </Typography>
          </Fragment>
        ))}
      </Box>
      <Box sx={{ flex: 1, minWidth: 240 }}>
        <Typography variant="body2" color="text.secondary">
          Changes
        </Typography>
        <Box
          component="pre"
          data-testid="audit-entry-changes"
          sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: '0.8rem', overflowX: 'auto' }}
        >
          {prettyChanges(entry.changes)}
        </Box>
      </Box>
    </Box>
  );
}

function EntryRow({ entry }: { entry: AuditEntryNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <TableRow data-testid="audit-entry" data-seq={entry.seq} data-action={entry.action}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={open ? 'Hide details' : 'Show details'}
            onClick={() => setOpen(!open)}
            data-testid="audit-entry-expand"
          >
            {open ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
          </IconButton>
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }} data-testid="audit-entry-when">
          <When value={entry.occurredAt} />
        </TableCell>
        <TableCell>
          <AuditActor actor={entry.actor} />
        </TableCell>
        <TableCell data-testid="audit-entry-action">
          <code>{entry.action}</code>
        </TableCell>
        <TableCell data-testid="audit-entry-resource">
          {entry.resourceType}
          {entry.resourceId && (
            <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
              <Long value={entry.resourceId} testId="audit-entry-resource-id" />
            </Typography>
          )}
        </TableCell>
        <TableCell>
          <StateChip look={outcomeLook(entry.outcome)} testId="audit-entry-outcome" />
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={6} sx={{ py: 0, ...(open ? {} : { borderBottom: 'none' }) }}>
          <Collapse in={open} unmountOnExit>
            <EntryDetails entry={entry} />
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}

function Filters({
  applied,
  problems,
  onApply,
}: {
  applied: FilterValues;
  problems: Record<string, string>;
  onApply(values: FilterValues): void;
}) {
  const [values, setValues] = useState<FilterValues>(applied);
  const set = (change: Partial<FilterValues>) => setValues({ ...values, ...change });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };
  const text = (field: keyof FilterValues, label: string, helper?: string) => (
    <TextField
      size="small"
      label={label}
      value={values[field]}
      onChange={(event) => set({ [field]: event.target.value })}
      error={Boolean(problems[field])}
      helperText={problems[field] ?? helper}
      slotProps={{ htmlInput: { 'data-testid': `audit-filter-${field}` } }}
    />
  );
  const day = (field: 'from' | 'to', label: string) => (
    <TextField
      size="small"
      type="date"
      label={label}
      value={values[field]}
      onChange={(event) => set({ [field]: event.target.value })}
      error={Boolean(problems[field])}
      helperText={problems[field]}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `audit-filter-${field}` } }}
    />
  );
  return (
    <Box
      component="form"
      onSubmit={submit}
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))',
        gap: 1.5,
        alignItems: 'start',
        mb: 2,
      }}
      data-testid="audit-filters"
    >
      {day('from', 'From (day)')}
      {day('to', 'To (day, included)')}
      {text('action', 'Action', 'Exact, or a prefix ending in “.”')}
      <TextField
        select
        size="small"
        label="Outcome"
        value={values.outcome}
        onChange={(event) => set({ outcome: event.target.value as FilterValues['outcome'] })}
        slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'audit-filter-outcome' } as object } }}
      >
        <MenuItem value="">Any</MenuItem>
        <MenuItem value="ALLOWED">Allowed</MenuItem>
        <MenuItem value="DENIED">Denied</MenuItem>
        <MenuItem value="FAILED">Failed</MenuItem>
      </TextField>
      {text('resourceType', 'Resource type')}
      {text('resourceId', 'Resource id')}
      {text('actorSubject', 'Actor subject')}
      <Box sx={{ display: 'flex', gap: 1, pt: 0.5 }}>
        <Button type="submit" variant="contained" size="small" data-testid="audit-filter-apply">
          Apply
        </Button>
        <Button
          size="small"
          onClick={() => {
            setValues(noFilters);
            onApply(noFilters);
          }}
          data-testid="audit-filter-clear"
        >
          Clear
        </Button>
      </Box>
    </Box>
  );
}

/** The chain's verification: progress while the API walks it, then intact or the first broken link. */
function Verification({ busy, result }: { busy: boolean; result: AuditVerificationNode | undefined }) {
  if (busy) {
    return (
      <Box data-testid="audit-verify-progress" sx={{ mt: 1 }}>
        <Typography variant="body2" color="text.secondary">
          Checking every entry’s hash and link to the one before…
        </Typography>
        <LinearProgress />
      </Box>
    );
  }
  if (!result) return null;
  if (result.intact) {
    return (
      <Alert severity="success" sx={{ mt: 1 }} data-testid="audit-verify-result" data-intact="true">
        <AlertTitle>The chain is intact</AlertTitle>
        {result.checked.toLocaleString()} {result.checked === 1 ? 'entry' : 'entries'} checked
        {result.headSeq !== null && (
          <>
            ; the newest is seq {result.headSeq}, hash{' '}
            <Long value={result.headHash ?? ''} testId="audit-verify-head-hash" /> — keep this hash elsewhere
            to detect a truncated chain later.
          </>
        )}
      </Alert>
    );
  }
  return (
    <Alert severity="error" sx={{ mt: 1 }} data-testid="audit-verify-result" data-intact="false">
      <AlertTitle>The chain is broken</AlertTitle>
      {result.firstBroken
        ? `First broken link at seq ${result.firstBroken.seq} (${result.firstBroken.problem}): ${result.firstBroken.detail}. `
        : ''}
      {result.checked.toLocaleString()} entries checked. Report this to the platform’s security contact: an
      entry was changed, removed or inserted outside the platform.
    </Alert>
  );
}

function ExportDialog({ bank, onClose }: { bank: string; onClose(): void }) {
  const { busy, run } = useStaffAction();
  const [days, setDays] = useState(() => defaultExportDays(new Date()));
  const [format, setFormat] = useState<AuditExportFormat>('CSV');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const submit = async () => {
    const range = dayRange(days.from, days.to);
    if (!range.from || !range.to) {
      setProblems({
        ...(range.from ? {} : { from: 'Choose the first day' }),
        ...(range.to ? {} : { to: 'Choose the last day' }),
      });
      return;
    }
    setProblems({});
    const fileName = exportFileName(bank, days.from, days.to, format);
    const text = await run(
      (provider) => provider.exportAuditTrail(range.from!, range.to!, format),
      `The audit trail is saved as ${fileName}`,
      (fields) => setProblems(fieldErrors(fields)),
    );
    if (text === undefined) return;
    saveFile(text, fileName, exportMediaType(format));
    onClose();
  };
  const day = (field: 'from' | 'to', label: string) => (
    <TextField
      type="date"
      label={label}
      value={days[field]}
      onChange={(event) => setDays({ ...days, [field]: event.target.value })}
      error={Boolean(problems[field])}
      helperText={problems[field]}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `audit-export-${field}` } }}
    />
  );
  return (
    <Dialog open onClose={onClose} data-testid="audit-export-dialog">
      <DialogTitle>Export the audit trail</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Every entry of the days chosen, both included, with its hashes so that the file can be verified
          independently. At most {maxExportDays} days and {maxExportEntries.toLocaleString()} entries: narrow
          the range if the API refuses it. Exporting asks for your one-time code and is recorded in the trail.
        </DialogContentText>
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', pt: 1 }}>
          {day('from', 'From (day)')}
          {day('to', 'To (day, included)')}
        </Box>
        <RadioGroup
          row
          value={format}
          onChange={(event) => setFormat(event.target.value as AuditExportFormat)}
          sx={{ mt: 1 }}
        >
          <FormControlLabel
            value="CSV"
            control={<Radio slotProps={{ input: { 'data-testid': 'audit-export-csv' } as object }} />}
            label="CSV (spreadsheets)"
          />
          <FormControlLabel
            value="JSON"
            control={<Radio slotProps={{ input: { 'data-testid': 'audit-export-json' } as object }} />}
            label="JSON (the chain format)"
          />
        </RadioGroup>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          disabled={busy}
          onClick={() => void submit()}
          data-testid="audit-export-save"
        >
          Export
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function AuditTrailPage() {
  const { busy: verifying, run, dataProvider } = useStaffAction();
  const { identity } = useGetIdentity();
  const bank = (identity as { tenant?: { slug?: string } | null } | undefined)?.tenant?.slug ?? 'bank';
  const [filters, setFilters] = useState<FilterValues>(noFilters);
  const [pages, setPages] = useState<PageCursors>(firstPage);
  const [verification, setVerification] = useState<AuditVerificationNode | undefined>();
  const [exporting, setExporting] = useState(false);
  const after = currentCursor(pages);
  const trail = useQuery({
    queryKey: ['audit-trail', filters, after],
    queryFn: () => dataProvider.auditTrail(trailFilters(filters), pageSize, after),
  });
  const problems =
    trail.error instanceof ApiError && trail.error.code === 'INVALID' ? fieldErrors(trail.error.fields) : {};
  const filtered = Object.values(filters).some((value) => value !== '');
  // A role the API refuses: nothing to filter, verify or export (the list says "Not allowed").
  const forbidden = trail.error instanceof ApiError && trail.error.code === 'FORBIDDEN';
  const verify = async () => {
    setVerification(undefined);
    const result = await run(
      (provider) => provider.verifyAuditTrail(),
      (checked) =>
        checked.intact
          ? 'The audit trail’s chain is intact'
          : { message: 'The audit trail’s chain is broken', type: 'warning' },
    );
    setVerification(result);
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 2 }} data-testid="audit-trail-page">
      <Title title="Audit trail" />
      <Card>
        <CardContent>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'baseline', flexWrap: 'wrap' }}>
            <Typography variant="body2" color="text.secondary" sx={{ flex: 1, minWidth: 280 }}>
              Everything done in the bank — by its staff, its customers and the platform — newest first. Each
              entry is chained to the one before by its hash, so a change, removal or insertion made outside
              the platform breaks the chain. Your own reads here are recorded too.
            </Typography>
            <Button
              variant="outlined"
              size="small"
              disabled={verifying || forbidden}
              onClick={() => void verify()}
              data-testid="audit-verify"
            >
              Verify the chain
            </Button>
            <Button
              variant="contained"
              size="small"
              disabled={!trail.isSuccess}
              onClick={() => setExporting(true)}
              data-testid="audit-export"
            >
              Export
            </Button>
          </Box>
          <Verification busy={verifying} result={verification} />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          {!forbidden && (
            <Filters
              applied={filters}
              problems={problems}
              onApply={(values) => {
                setFilters(values);
                setPages(firstPage);
              }}
            />
          )}
          {Object.keys(problems).length > 0 ? (
            // The API refused a filter: its problem is under that filter, so no "could not be loaded" here.
            <Alert severity="info" sx={{ mt: 2 }} data-testid="audit-trail-fix-filters">
              Correct the filter marked above to see entries.
            </Alert>
          ) : (
            <QueryState
              query={trail}
              what="The audit trail"
              testId="audit-trail"
              isEmpty={(page) => page.entries.length === 0 && pages.length === 1}
              empty={{
                title: 'No entries in this range',
                text: filtered
                  ? 'Nothing recorded matches these filters. Widen the dates or clear a filter.'
                  : 'Nothing has been recorded for this bank yet.',
              }}
            >
              {(page) => (
                <>
                  <Table size="small" aria-label="Audit trail">
                    <TableHead>
                      <TableRow>
                        <TableCell padding="checkbox" />
                        <TableCell>When</TableCell>
                        <TableCell>Who</TableCell>
                        <TableCell>Action</TableCell>
                        <TableCell>Resource</TableCell>
                        <TableCell>Outcome</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {page.entries.map((entry) => (
                        <EntryRow key={entry.id} entry={entry} />
                      ))}
                    </TableBody>
                  </Table>
                  <NewerOlder pages={pages} onPages={setPages} page={page} testId="audit-trail" />
                </>
              )}
            </QueryState>
          )}
        </CardContent>
      </Card>
      {exporting && <ExportDialog bank={bank} onClose={() => setExporting(false)} />}
    </Box>
  );
}
