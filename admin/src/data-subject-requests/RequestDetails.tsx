// The expanded row of a data-subject request: its progress, the export's download window, and for a
// completed erasure the certificate (what was removed, what was retained and why). No personal data.
import { useRecordContext } from 'react-admin';
import {
  Alert,
  AlertTitle,
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { DataSubjectRequestRecord } from '../data/index.ts';
import {
  endedSummary,
  type ErasureCertificate,
  identityOutcomes,
  parseCertificate,
  removedRows,
  stepLabel,
  suppressionSummary,
} from './certificate.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
/** Who holds an export's one-time download: the customer, or the officer who recorded their access request. */
const downloader = (request: DataSubjectRequestRecord) =>
  request.recordedByStaff ? 'The compliance officer who recorded it' : 'The customer';

function Progress({ request }: { request: DataSubjectRequestRecord }) {
  if (request.progress.length === 0) return <Typography variant="body2">No step done yet.</Typography>;
  return (
    <Box component="ol" sx={{ m: 0, pl: 3 }} data-testid="request-progress">
      {request.progress.map((step) => (
        <li key={`${step.step}-${step.at}`}>
          <Typography variant="body2">
            {stepLabel(step.step)} — {when(step.at)}
          </Typography>
        </li>
      ))}
    </Box>
  );
}

function Certificate({ certificate }: { certificate: ErasureCertificate }) {
  const removed = removedRows(certificate);
  return (
    <Box data-testid="erasure-certificate" sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="subtitle1">Erasure certificate</Typography>
      <Typography variant="body2">
        Region {certificate.region}; relationship ended {when(certificate.relationshipEndedAt)}; completed{' '}
        {when(certificate.completedAt)}.{' '}
        {certificate.keyExisted
          ? `The customer's data key was destroyed ${when(certificate.keyShreddedAt)}: every retained encrypted value is unreadable from then on.`
          : 'The customer had no data key (no encrypted data was ever stored).'}{' '}
        Identity in realm {certificate.identity.realm}: {identityOutcomes[certificate.identity.outcome]}. The
        customer record is kept as a tombstone without personal data.
      </Typography>
      <Typography variant="body2" data-testid="erasure-ended">
        {endedSummary(certificate)}
      </Typography>
      <Box>
        <Typography variant="subtitle2">Removed ({removed.total} rows)</Typography>
        <Table size="small" sx={{ width: 'auto' }} aria-label="Rows removed per table">
          <TableHead>
            <TableRow>
              <TableCell>Table</TableCell>
              <TableCell align="right">Rows</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {removed.rows.map(([table, rows]) => (
              <TableRow key={table}>
                <TableCell>{table}</TableCell>
                <TableCell align="right">{rows}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <Box>
        <Typography variant="subtitle2">Retained, and why</Typography>
        {certificate.retained.length === 0 ? (
          <Typography variant="body2">Nothing was retained.</Typography>
        ) : (
          <Table size="small" aria-label="Rows retained per table">
            <TableHead>
              <TableRow>
                <TableCell>Table</TableCell>
                <TableCell align="right">Rows</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Legal source</TableCell>
                <TableCell>Kept until</TableCell>
                <TableCell>Columns cleared</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {certificate.retained.map((kept) => (
                <TableRow key={`${kept.table}-${kept.rule}`}>
                  <TableCell>{kept.table}</TableCell>
                  <TableCell align="right">{kept.rows}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{kept.rule}</TableCell>
                  <TableCell>{kept.reason}</TableCell>
                  <TableCell>{kept.source}</TableCell>
                  <TableCell>
                    {kept.until ? new Date(kept.until).toLocaleDateString() : 'as long as the record'}
                  </TableCell>
                  <TableCell>
                    {kept.clearedColumns.length > 0 ? kept.clearedColumns.join(', ') : '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      {certificate.blindIndexesRemoved.length > 0 && (
        <Typography variant="body2">
          Search indexes removed: {certificate.blindIndexesRemoved.join(', ')}.
        </Typography>
      )}
      {suppressionSummary(certificate) && (
        <Typography variant="body2" data-testid="erasure-suppression-marker">
          {suppressionSummary(certificate)}
        </Typography>
      )}
    </Box>
  );
}

function CertificateOrError({ json }: { json: string | null }) {
  let certificate: ErasureCertificate | null;
  try {
    certificate = parseCertificate(json);
  } catch (error) {
    return (
      <Alert severity="error">
        <AlertTitle>Certificate could not be shown</AlertTitle>
        {(error as Error).message}
      </Alert>
    );
  }
  return certificate ? <Certificate certificate={certificate} /> : null;
}

export function RequestDetails() {
  const request = useRecordContext<DataSubjectRequestRecord>();
  if (!request) return null;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, py: 1 }} data-testid="request-details">
      <Box>
        <Typography variant="subtitle2">Progress</Typography>
        <Progress request={request} />
      </Box>
      {request.failure && (
        <Alert severity="error">
          <AlertTitle>Failed</AlertTitle>
          {request.failure}
        </Alert>
      )}
      {request.kind === 'EXPORT' && request.status === 'COMPLETED' && (
        <Typography variant="body2" data-testid="export-download">
          {request.fetchedAt
            ? `${downloader(request)} downloaded the archive ${when(request.fetchedAt)}; it can no longer be fetched.`
            : `${downloader(request)} can download the archive once, until ${when(request.downloadExpiresAt)}.`}
        </Typography>
      )}
      {request.kind === 'ERASURE' && request.status === 'COMPLETED' && (
        <CertificateOrError json={request.certificate} />
      )}
    </Box>
  );
}
