// One survey version: its definition, what a bank administrator may do with it in its status (edit and
// publish a draft, close a published version, start a new version), and its aggregate results (counts,
// averages, the response rate — never free-text words; a figure below the bank's minimum audience is hidden).
import { EditButton, Show, TopToolbar, usePermissions, useRecordContext, useRedirect } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type {
  SurveyQuestionResultNode,
  SurveyRecord,
  SurveyResultsNode,
  SurveyStatus,
  SurveyStep,
} from '../data/index.ts';
import { QueryState, useStaffAction } from '../layout/index.ts';
import { hiddenFigure, kindChoices, productLink, statusColours, statusLabels } from './labels.ts';

/** What a bank administrator may do with a version in this status (the API refuses the rest with CONFLICT). */
export function surveySteps(status: SurveyStatus): SurveyStep[] {
  if (status === 'DRAFT') return ['publish'];
  if (status === 'PUBLISHED') return ['close', 'newVersion'];
  return ['newVersion'];
}

const stepWording: Record<SurveyStep, { label: string; done: (version: number) => string }> = {
  publish: { label: 'Publish', done: (version) => `Version ${version} is published` },
  close: { label: 'Close', done: (version) => `Version ${version} is closed` },
  newVersion: { label: 'New version', done: (version) => `Version ${version} is a new draft` },
};

const kindLabel = (kind: string) => kindChoices.find((choice) => choice.id === kind)?.name ?? kind;

function SurveyActions() {
  const survey = useRecordContext<SurveyRecord>();
  const { permissions } = usePermissions<string[]>();
  const { busy, run } = useStaffAction();
  const redirect = useRedirect();
  if (!survey || !(permissions?.includes('bank-admin') ?? false)) return null;
  return (
    <TopToolbar>
      {survey.status === 'DRAFT' && <EditButton />}
      {surveySteps(survey.status).map((step) => (
        <Button
          key={step}
          variant="outlined"
          disabled={busy}
          data-testid={`survey-${step}`}
          onClick={async () => {
            const result = await run(
              (provider) => provider.surveyStep(step, survey.id),
              (changed) => stepWording[step].done(changed.version),
            );
            // A new version is another record: go to it.
            if (result && result.id !== survey.id) redirect('show', 'surveys', result.id);
          }}
        >
          {stepWording[step].label}
        </Button>
      ))}
    </TopToolbar>
  );
}

function Definition() {
  const survey = useRecordContext<SurveyRecord>();
  if (!survey) return null;
  const thresholds = survey.audience.featureThresholds
    .map((threshold) => `${threshold.feature} ${threshold.min ?? '…'}–${threshold.max ?? '…'}`)
    .join('; ');
  return (
    <CardContent>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Typography variant="h6">
          {survey.title} — version {survey.version}
        </Typography>
        <Chip
          size="small"
          label={statusLabels[survey.status] ?? survey.status}
          color={statusColours[survey.status] ?? 'default'}
          data-testid="survey-status"
        />
      </Box>
      <Typography variant="body2" color="text.secondary">
        Asked of customers with a live {survey.audience.consentPurpose.toLowerCase()} consent
        {thresholds ? `, narrowed by ${thresholds}` : ''}.{' '}
        {survey.opensAt ? `Opens ${new Date(survey.opensAt).toLocaleString()}. ` : ''}
        {survey.closesAt ? `Closes ${new Date(survey.closesAt).toLocaleString()}.` : ''}
      </Typography>
      <ol>
        {survey.questions.map((question) => (
          <li key={question.id}>
            <Typography variant="body2" data-testid="survey-question">
              {question.text}{' '}
              <em>
                ({kindLabel(question.kind)}
                {question.productType ? ` of ${productLink(question.productType)}` : ''}
                {question.required ? '' : ', optional'})
              </em>
              {question.choices.length > 0 &&
                `: ${question.choices
                  .map((choice) =>
                    choice.productType
                      ? `${choice.label} (${productLink(choice.productType, choice.signal)})`
                      : choice.label,
                  )
                  .join(' / ')}`}
            </Typography>
          </li>
        ))}
      </ol>
    </CardContent>
  );
}

function Results() {
  const survey = useRecordContext<SurveyRecord>();
  const { dataProvider } = useStaffAction();
  const results = useQuery({
    queryKey: ['survey-results', survey?.id],
    queryFn: () => dataProvider.surveyResults(survey!.id),
    enabled: survey !== undefined && survey.status !== 'DRAFT',
  });
  if (!survey) return null;
  if (survey.status === 'DRAFT')
    return (
      <Typography variant="body2" color="text.secondary" data-testid="survey-results-draft">
        A draft has no results: publish it to ask its audience.
      </Typography>
    );
  return (
    <QueryState
      query={results}
      what="The survey's results"
      testId="survey-results"
      isEmpty={(data) => data.responses === 0}
      empty={{ title: 'No responses yet', text: 'Figures appear once customers of the audience answer.' }}
    >
      {(data) => <ResultFigures results={data} />}
    </QueryState>
  );
}

function ResultFigures({ results }: { results: SurveyResultsNode }) {
  return (
    <Box data-testid="survey-results">
      <Typography variant="body2" data-testid="survey-response-rate">
        {results.responses} responses from an audience of {results.audience}
        {results.responseRate === null ? '' : ` (${Math.round(results.responseRate * 100)}%)`}. Figures with
        fewer than {results.minimumAudience} respondents are hidden.
      </Typography>
      {results.questions.map((question) => (
        <QuestionFigures key={question.questionId} question={question} minimum={results.minimumAudience} />
      ))}
    </Box>
  );
}

function QuestionFigures({ question, minimum }: { question: SurveyQuestionResultNode; minimum: number }) {
  const hidden = <em>{hiddenFigure(minimum)}</em>;
  return (
    <Box sx={{ mt: 2 }} data-testid="survey-question-result" data-question={question.questionId}>
      <Typography variant="subtitle2">
        {question.text} — {question.answered} answered
      </Typography>
      {question.suppressionReason && (
        <Alert
          severity="info"
          sx={{ my: 1 }}
          data-testid={question.suppressed ? 'survey-question-suppressed' : 'survey-question-partly-hidden'}
        >
          {question.suppressionReason}
        </Alert>
      )}
      {question.suppressed ? (
        <Typography variant="body2" color="text.secondary">
          {hiddenFigure(minimum)}
        </Typography>
      ) : question.kind === 'FREE_TEXT' ? (
        <Typography variant="body2" color="text.secondary">
          Free-text answers are counted; their words are never shown to staff.
        </Typography>
      ) : question.kind === 'RATING' ? (
        <Typography variant="body2" data-testid="survey-rating">
          Average {question.ratingAverage === null ? '—' : question.ratingAverage.toFixed(2)}; 1–5:{' '}
          {question.ratingCounts.length > 0 ? question.ratingCounts.join(' / ') : hidden}
        </Typography>
      ) : (
        <Table size="small" sx={{ width: 'auto' }} aria-label={`Choices of ${question.questionId}`}>
          <TableHead>
            <TableRow>
              <TableCell>Choice</TableCell>
              <TableCell align="right">Chosen</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {question.choices.map((choice) => (
              <TableRow key={choice.choiceId} data-testid="survey-choice-count">
                <TableCell>{choice.label}</TableCell>
                <TableCell align="right">
                  {choice.suppressed || choice.count === null ? hidden : choice.count}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

export function SurveyShow() {
  return (
    <Show title="Survey" actions={<SurveyActions />}>
      <Definition />
      <Card variant="outlined" sx={{ m: 2 }}>
        <CardContent>
          <Typography variant="h6">Results</Typography>
          <Results />
        </CardContent>
      </Card>
    </Show>
  );
}
