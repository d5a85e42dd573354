// The expanded row of a review request: what the customer was shown, the decision record under review
// (model and registry version, score, the exact input features, every candidate with the rule pack's
// refusals) and the decision — or, for compliance officers, the form to decide it (step-up).
import { createContext, useContext, useState } from 'react';
import { usePermissions, useRecordContext } from 'react-admin';
import {
  Alert,
  AlertTitle,
  Box,
  FormControlLabel,
  Radio,
  RadioGroup,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReviewDecision, ReviewRecord } from '../data/index.ts';
import { ReasonDialog, useStaffAction } from '../layout/index.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const decisionLabels: Record<ReviewDecision, string> = {
  UPHELD: 'Upheld: the recommendation stands',
  WITHDRAWN: 'Withdrawn: the recommendation is taken back',
};

function DecisionRecord({ review }: { review: ReviewRecord }) {
  const record = review.decisionRecord;
  if (!record) return <Typography variant="body2">The decision record is no longer available.</Typography>;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }} data-testid="decision-record">
      <Typography variant="body2">
        Model {record.modelPluginId} version {record.modelVersion} (registry id{' '}
        <Box component="span" sx={{ fontFamily: 'monospace' }}>
          {record.modelVersionId}
        </Box>
        ) scored it {record.score.toFixed(3)}, rank {record.rank}; rule pack {record.rulePackId}{' '}
        {record.rulePackVersion} approved it.
      </Typography>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Box>
          <Typography variant="subtitle2">Input features</Typography>
          <Table size="small" sx={{ width: 'auto' }} aria-label="Input features">
            <TableBody>
              {record.features.map((feature) => (
                <TableRow key={feature.name}>
                  <TableCell>{feature.name}</TableCell>
                  <TableCell align="right">{feature.value ?? 'unknown'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        <Box>
          <Typography variant="subtitle2">Candidates considered</Typography>
          <Table size="small" sx={{ width: 'auto' }} aria-label="Candidates considered">
            <TableHead>
              <TableRow>
                <TableCell>Product</TableCell>
                <TableCell>Type</TableCell>
                <TableCell align="right">Score</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell>Refused by</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {record.candidates.map((candidate) => (
                <TableRow key={candidate.productId}>
                  <TableCell>{candidate.productId}</TableCell>
                  <TableCell>{candidate.productType.toLowerCase().replaceAll('_', ' ')}</TableCell>
                  <TableCell align="right">
                    {candidate.score === null ? '—' : candidate.score.toFixed(3)}
                  </TableCell>
                  <TableCell>{candidate.outcome}</TableCell>
                  <TableCell>
                    {candidate.refusals.length === 0
                      ? '—'
                      : candidate.refusals
                          .map((refusal) => `${refusal.ruleId}: ${refusal.reason}`)
                          .join('; ')}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Box>
    </Box>
  );
}

/**
 * Which review the decision dialog is open for. The dialog lives with the list (`DecideDialog`), not in the
 * expanded row: a row re-rendered or collapsed while the list reloads would otherwise close it mid-decision
 * (a browser test once waited 30 s for its radio after the Decide click).
 */
export const DecidingContext = createContext<{
  decidingId: string | null;
  setDecidingId(id: string | null): void;
}>({ decidingId: null, setDecidingId: () => undefined });

function Decide({ review }: { review: ReviewRecord }) {
  const { setDecidingId } = useContext(DecidingContext);
  return (
    <Button variant="contained" onClick={() => setDecidingId(review.id)} data-testid="decide-review">
      Decide
    </Button>
  );
}

/** The decision dialog for the review `DecidingContext` names (compliance officers; step-up). */
export function DecideDialog() {
  const { decidingId, setDecidingId } = useContext(DecidingContext);
  const [decision, setDecision] = useState<ReviewDecision>('UPHELD');
  const { busy, run } = useStaffAction();
  const close = () => {
    setDecidingId(null);
    setDecision('UPHELD');
  };
  return (
    <ReasonDialog
      open={decidingId !== null}
      title="Decide this review"
      text="Your decision and note are kept with the review and shown to the customer; withdrawing takes the recommendation back."
      confirm="Record decision"
      reasonLabel="Note (why)"
      busy={busy}
      testId="review-dialog"
      onClose={close}
      onConfirm={async (note) =>
        decidingId !== null &&
        (await run(
          (provider) => provider.decideReview(decidingId, decision, note),
          decision === 'UPHELD' ? 'The recommendation is upheld' : 'The recommendation is withdrawn',
        )) !== undefined
      }
    >
      <RadioGroup
        value={decision}
        onChange={(event) => setDecision(event.target.value as ReviewDecision)}
        sx={{ mt: 1 }}
      >
        {(Object.keys(decisionLabels) as ReviewDecision[]).map((value) => (
          <FormControlLabel key={value} value={value} control={<Radio />} label={decisionLabels[value]} />
        ))}
      </RadioGroup>
    </ReasonDialog>
  );
}

export function ReviewDetails() {
  const review = useRecordContext<ReviewRecord>();
  const { permissions } = usePermissions<string[]>();
  if (!review) return null;
  const canDecide = permissions?.includes('compliance-officer') ?? false;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, py: 1 }} data-testid="review-details">
      <Box>
        <Typography variant="subtitle2">What the customer was told</Typography>
        <Typography variant="body2">{review.reason ?? '—'}</Typography>
        {review.customerText && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            The customer wrote: “{review.customerText}”
          </Typography>
        )}
      </Box>
      <DecisionRecord review={review} />
      {review.status === 'DECIDED' ? (
        <Alert
          severity={review.decision === 'WITHDRAWN' ? 'warning' : 'success'}
          data-testid="review-decision"
        >
          <AlertTitle>{review.decision ? decisionLabels[review.decision] : 'Decided'}</AlertTitle>
          {review.note} — {when(review.decidedAt)}
        </Alert>
      ) : canDecide ? (
        <Box>
          <Decide review={review} />
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Compliance officers decide review requests.
        </Typography>
      )}
    </Box>
  );
}
