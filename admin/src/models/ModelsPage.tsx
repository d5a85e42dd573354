// The bank's model registry (the API's recommendationModels, modelVersions, modelTrainingRuns): each enabled
// recommendation model with its champion and retraining policy, every version with the platform's validation
// beside the champion's and the baselines', the training runs with their progress. Bank administrators
// retrain, promote, approve and reject (step-up, each with a reason); compliance officers read.
import { Fragment, type ReactNode, useState } from 'react';
import { Title, usePermissions } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import {
  Box,
  Button,
  Card,
  CardContent,
  Collapse,
  IconButton,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import type {
  FinPersonaDataProvider,
  ModelVersionAction,
  ModelVersionNode,
  ModelVersionStatus,
  RecommendationModelNode,
  TrainingRunNode,
} from '../data/index.ts';
import {
  QuerySection,
  QueryState,
  ReasonDialog,
  StaffName,
  StateChip,
  useStaffAction,
} from '../layout/index.ts';
import {
  bestBaseline,
  difference,
  metric,
  parseDataWindow,
  parseValidation,
  windowText,
  type ModelFigures,
  type Validation,
} from './metrics.ts';
import { runLook, versionLook } from './status.ts';

const lower = (value: string) => value.toLowerCase().replaceAll('_', ' ');
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** What a bank administrator may do with a version in this status. */
export function versionActions(status: ModelVersionStatus): ModelVersionAction[] {
  if (status === 'AWAITING_APPROVAL') return ['approve', 'reject'];
  if (status === 'CHAMPION') return [];
  return ['promote'];
}

const actionWording: Record<ModelVersionAction, { label: string; text: string; done: string }> = {
  promote: {
    label: 'Promote',
    text: 'It becomes the champion now and scores every recommendation from then on; the current champion is retired.',
    done: 'is the champion now',
  },
  approve: {
    label: 'Approve',
    text: 'It becomes the champion now; the current champion is retired.',
    done: 'is approved and the champion now',
  },
  reject: {
    label: 'Reject',
    text: 'It will not be promoted; the reason is kept with it.',
    done: 'is rejected',
  },
};

export function ModelsPage() {
  const { permissions } = usePermissions<string[]>();
  const canChange = permissions?.includes('bank-admin') ?? false;
  const { dataProvider } = useStaffAction();
  const provider = dataProvider as FinPersonaDataProvider;
  const models = useQuery({ queryKey: ['models'], queryFn: () => provider.recommendationModels() });
  const versions = useQuery({ queryKey: ['models', 'versions'], queryFn: () => provider.modelVersions() });
  const runs = useQuery({ queryKey: ['models', 'runs'], queryFn: () => provider.modelTrainingRuns() });

  return (
    // minWidth 0: a table wider than its card (below 820 px) scrolls inside it instead of widening the page.
    <Box
      sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 2, minWidth: 0 }}
      data-testid="models-page"
    >
      <Title title="Models" />
      <QueryState
        query={models}
        what="The model registry"
        testId="models"
        isEmpty={(list) => list.length === 0}
        empty={{
          title: 'No recommendation model is enabled',
          text: 'Enable a recommendation-model plugin for the bank; its versions and training runs appear here.',
        }}
      >
        {(list) => (
          <>
            {list.map((model) => (
              <ModelCard key={model.pluginId} model={model} canChange={canChange} />
            ))}
            <Card>
              <CardContent>
                <QuerySection
                  title="Versions and their metrics over time"
                  intro="Measured by the platform on each version’s validation window, beside the champion of the time and the baselines. Newest first."
                  query={versions}
                  what="The model versions"
                  testId="model-versions"
                  empty={{
                    title: 'No version trained yet',
                    text: 'Retrain a model to train its first version.',
                  }}
                >
                  {(rows) => (
                    <>
                      <AucOverTime versions={rows} />
                      <Box sx={{ overflowX: 'auto' }}>
                        <VersionsTable versions={rows} canChange={canChange} />
                      </Box>
                    </>
                  )}
                </QuerySection>
              </CardContent>
            </Card>
            <Card>
              <CardContent>
                <QuerySection
                  title="Training runs"
                  query={runs}
                  what="The training runs"
                  testId="training-runs"
                  empty={{
                    title: 'No training run yet',
                    text: 'Runs start on schedule, on feedback, on drift or by hand.',
                  }}
                >
                  {(rows) => (
                    <Box sx={{ overflowX: 'auto' }}>
                      <RunsTable runs={rows} versions={versions.data ?? []} />
                    </Box>
                  )}
                </QuerySection>
              </CardContent>
            </Card>
          </>
        )}
      </QueryState>
    </Box>
  );
}

function ModelCard({ model, canChange }: { model: RecommendationModelNode; canChange: boolean }) {
  const { busy, run } = useStaffAction();
  const [open, setOpen] = useState(false);
  const champion = model.champion;
  return (
    <Card data-testid={`model-${model.pluginId}`}>
      <CardContent sx={{ display: 'flex', gap: 3, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Box sx={{ flex: '1 1 320px' }}>
          <Typography variant="h6">{model.pluginId}</Typography>
          <Typography variant="body2" color="text.secondary">
            Plugin version {model.version}; features: {model.features.join(', ')}
          </Typography>
          <Typography
            variant="body2"
            sx={{ mt: 1, color: champion ? 'text.primary' : 'warning.dark' }}
            data-testid="model-champion"
          >
            {champion
              ? `Champion: version ${champion.version} (AUC ${metric(champion.auc)}), promoted ${when(champion.promotedAt)}`
              : 'No champion yet: the bank’s customers get no recommendations from this model.'}
          </Typography>
        </Box>
        <Box sx={{ flex: '1 1 260px' }}>
          <Typography variant="subtitle2">Retraining policy</Typography>
          <Typography variant="body2">
            Every {model.policy.periodDays} days; early after {model.policy.feedbackThreshold} new outcomes or
            a feature drift (PSI) of {model.policy.driftThreshold}.{' '}
            {model.policy.approvalRequired
              ? 'A better version waits for a staff member’s approval.'
              : 'A better version is promoted automatically.'}
          </Typography>
        </Box>
        {canChange && (
          <Button variant="outlined" onClick={() => setOpen(true)} data-testid="retrain-model">
            Retrain now
          </Button>
        )}
      </CardContent>
      <ReasonDialog
        open={open}
        title={`Retrain ${model.pluginId} now?`}
        text="A training run starts on the bank’s current data; the new version is compared with the champion and the baselines and promoted only if it is better (or waits for approval)."
        confirm="Retrain"
        busy={busy}
        testId="retrain-dialog"
        onClose={() => setOpen(false)}
        onConfirm={async (reason) =>
          (await run(
            (provider) => provider.retrainModel(model.pluginId, reason),
            'Training run requested',
          )) !== undefined
        }
      />
    </Card>
  );
}

/** AUC per version as small bars (oldest left), the best baseline's AUC as a line: is the model improving? */
function AucOverTime({ versions }: { versions: ModelVersionNode[] }) {
  const points = [...versions]
    .reverse()
    .map((version) => ({ version, validation: parseValidation(version.validationMetrics) }))
    .filter((point) => point.version.auc !== null);
  if (points.length === 0) return null;
  const width = 28;
  const height = 80;
  const y = (auc: number) => height - Math.max(0, Math.min(1, (auc - 0.5) / 0.5)) * height;
  return (
    <Box sx={{ mb: 2 }} data-testid="auc-over-time">
      <Typography variant="caption" color="text.secondary">
        AUC per version (0.5 at the bottom, 1 at the top); dashes: best baseline
      </Typography>
      <svg width={points.length * width + 8} height={height + 16} role="img" aria-label="AUC per version">
        {points.map(({ version, validation }, index) => {
          const baseline = validation ? bestBaseline(validation)?.figures.auc : null;
          const x = index * width + 4;
          return (
            <g key={version.id}>
              <rect
                x={x + 4}
                y={y(version.auc!)}
                width={width - 8}
                height={height - y(version.auc!)}
                fill={version.status === 'CHAMPION' ? '#2e7d32' : '#90a4ae'}
              >
                <title>{`v${version.version}: AUC ${metric(version.auc)}`}</title>
              </rect>
              {typeof baseline === 'number' && (
                <line
                  x1={x}
                  x2={x + width}
                  y1={y(baseline)}
                  y2={y(baseline)}
                  stroke="#d32f2f"
                  strokeDasharray="3 2"
                />
              )}
              <text x={x + width / 2} y={height + 12} fontSize="10" textAnchor="middle">
                v{version.version}
              </text>
            </g>
          );
        })}
      </svg>
    </Box>
  );
}

const Nowrap = ({ children }: { children: ReactNode }) => (
  <span style={{ whiteSpace: 'nowrap' }}>{children}</span>
);

/**
 * Whether the tables have room for all their columns: from the `lg` breakpoint (1200 px, the menu beside the card)
 * they do; narrower, their secondary columns go under a main one, so that they fit the card without scrolling.
 */
const useAllColumns = () =>
  // noSsr: the first render already has the window's width (no flash of the narrow layout).
  useMediaQuery((theme: Theme) => theme.breakpoints.up('lg'), { noSsr: true });

/**
 * Every version with its figures. From 1200 px a column each (it fits the card beside the menu at 1280 px); narrower,
 * a version's row stacks — status, when trained, the decision and the actions under the version; the comparisons under
 * the AUC — so that the table fits its card (at 820 px too) without scrolling.
 */
function VersionsTable({ versions, canChange }: { versions: ModelVersionNode[]; canChange: boolean }) {
  const allColumns = useAllColumns();
  const [expanded, setExpanded] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<{ version: ModelVersionNode; action: ModelVersionAction } | null>(
    null,
  );
  const { busy, run } = useStaffAction();
  const columns = (allColumns ? 8 : 3) + (canChange && allColumns ? 1 : 0);
  return (
    <>
      <Table size="small" aria-label="Model versions">
        <TableHead>
          <TableRow>
            <TableCell />
            <TableCell>Version</TableCell>
            {allColumns && (
              <>
                <TableCell>Status</TableCell>
                <TableCell>Trained</TableCell>
              </>
            )}
            <TableCell align="right">AUC</TableCell>
            {allColumns && (
              <>
                <TableCell align="right">vs champion</TableCell>
                <TableCell align="right">Best baseline</TableCell>
                <TableCell>Decision</TableCell>
                {canChange && <TableCell />}
              </>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {versions.map((version) => {
            const validation = parseValidation(version.validationMetrics);
            const window = parseDataWindow(version.dataWindow);
            const baseline = validation ? bestBaseline(validation) : null;
            const open = expanded === version.id;
            const versusChampion = difference(version.auc, validation?.champion?.auc);
            const status = <StateChip look={versionLook(version.status)} testId="model-version-status" />;
            const trained = (
              <>
                {new Date(version.createdAt).toLocaleDateString()} ({lower(version.trigger)})
                {window && (
                  <Typography variant="caption" component="div" color="text.secondary">
                    {/* A date range is never broken at a date's hyphens. */}
                    features <Nowrap>{windowText(window.train.featureWindow)}</Nowrap>; validated on{' '}
                    <Nowrap>{windowText(window.validation.labelWindow)}</Nowrap>
                  </Typography>
                )}
                <Typography variant="caption" component="div" color="text.secondary">
                  {version.examples} examples, {version.positives} positive
                </Typography>
              </>
            );
            const decision = (
              <>
                <Typography variant="body2" data-testid="model-version-decision">
                  {version.decisionReason ?? '—'}
                </Typography>
                {version.decidedBy && (
                  <Typography variant="caption" color="text.secondary">
                    by <StaffName subject={version.decidedBy} />, {when(version.decidedAt)}
                  </Typography>
                )}
              </>
            );
            const actions = (direction: 'row' | 'column') =>
              canChange && (
                <Box
                  sx={{
                    display: 'flex',
                    flexDirection: direction,
                    alignItems: 'flex-start',
                    flexWrap: 'wrap',
                  }}
                >
                  {versionActions(version.status).map((action) => (
                    <Button
                      key={action}
                      size="small"
                      color={action === 'reject' ? 'error' : 'primary'}
                      onClick={() => setDeciding({ version, action })}
                      data-testid={`${action}-version`}
                    >
                      {actionWording[action].label}
                    </Button>
                  ))}
                </Box>
              );
            const auc = <span data-testid="model-version-auc">{metric(version.auc)}</span>;
            return (
              <Fragment key={version.id}>
                <TableRow data-testid="model-version" data-version={version.version}>
                  <TableCell padding="checkbox">
                    <IconButton
                      size="small"
                      aria-label={open ? 'Hide details' : 'Show details'}
                      onClick={() => setExpanded(open ? null : version.id)}
                    >
                      {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
                    </IconButton>
                  </TableCell>
                  {allColumns ? (
                    <>
                      <TableCell sx={{ whiteSpace: 'nowrap' }} title={version.modelPluginId}>
                        v{version.version}
                      </TableCell>
                      <TableCell>{status}</TableCell>
                      {/* Wide enough for a date range per line. */}
                      <TableCell sx={{ minWidth: 190 }}>{trained}</TableCell>
                      <TableCell align="right">{auc}</TableCell>
                      <TableCell align="right">{versusChampion}</TableCell>
                      <TableCell align="right">
                        {baseline ? metric(baseline.figures.auc) : '—'}
                        {baseline && (
                          <Typography variant="caption" component="div" color="text.secondary">
                            {baseline.name}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell sx={{ minWidth: 140, maxWidth: 320, overflowWrap: 'anywhere' }}>
                        {decision}
                      </TableCell>
                      {/* One action under the other: side by side they widened the table past its card. */}
                      {canChange && <TableCell>{actions('column')}</TableCell>}
                    </>
                  ) : (
                    <>
                      <TableCell sx={{ overflowWrap: 'anywhere' }} title={version.modelPluginId}>
                        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                          <span>v{version.version}</span>
                          {status}
                        </Box>
                        <Box sx={{ mt: 0.5 }}>Trained {trained}</Box>
                        <Box sx={{ mt: 0.5 }}>{decision}</Box>
                        {actions('row')}
                      </TableCell>
                      <TableCell align="right">
                        {auc}
                        <Typography
                          variant="caption"
                          component="div"
                          color="text.secondary"
                          sx={{ whiteSpace: 'nowrap' }}
                        >
                          {versusChampion} vs champion
                          <br />
                          best baseline {baseline ? metric(baseline.figures.auc) : '—'}
                          {baseline && (
                            <>
                              <br />({baseline.name})
                            </>
                          )}
                        </Typography>
                      </TableCell>
                    </>
                  )}
                </TableRow>
                <TableRow>
                  <TableCell colSpan={columns} sx={{ py: 0, borderBottom: open ? undefined : 'none' }}>
                    <Collapse in={open} unmountOnExit>
                      {validation ? (
                        <VersionDetails validation={validation} />
                      ) : (
                        <Typography variant="body2" sx={{ py: 1 }}>
                          This version has no validation.
                        </Typography>
                      )}
                    </Collapse>
                  </TableCell>
                </TableRow>
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
      <ReasonDialog
        open={deciding !== null}
        title={
          deciding
            ? `${actionWording[deciding.action].label} ${deciding.version.modelPluginId} v${deciding.version.version}?`
            : ''
        }
        text={deciding ? actionWording[deciding.action].text : ''}
        confirm={deciding ? actionWording[deciding.action].label : ''}
        reasonRequired={deciding?.action !== 'approve'}
        busy={busy}
        testId="version-dialog"
        onClose={() => setDeciding(null)}
        onConfirm={async (reason) => {
          if (!deciding) return false;
          const { version, action } = deciding;
          const done = await run(
            (provider) => provider.decideModelVersion(action, version.id, reason),
            `Version ${version.version} ${actionWording[action].done}`,
          );
          return done !== undefined;
        }}
      />
    </>
  );
}

type FiguresColumn = { name: string; figures: ModelFigures };
type FiguresRow = { label: string; read: (figures: ModelFigures) => number | null | undefined };

const overallFigures: FiguresRow[] = [
  { label: 'MAP@k', read: (figures) => figures.mapAtK },
  { label: 'NDCG@k', read: (figures) => figures.ndcgAtK },
  { label: 'Brier', read: (figures) => figures.brier },
  { label: 'ECE', read: (figures) => figures.ece },
];

/**
 * What the row leaves out to fit the card: the version's ranking and calibration figures (MAP@k, NDCG@k, Brier,
 * ECE) and its AUC per product, each beside the champion's and each baseline's on the same window.
 */
function VersionDetails({ validation }: { validation: Validation }) {
  const columns: FiguresColumn[] = [
    { name: 'This version', figures: validation.challenger },
    ...(validation.champion ? [{ name: 'Champion', figures: validation.champion }] : []),
    ...validation.baselines.map((baseline) => ({ name: baseline.name, figures: baseline.figures })),
  ];
  const perProduct: FiguresRow[] = Object.keys(validation.challenger.perProduct)
    .sort()
    .map((product) => ({ label: product, read: (figures) => figures.perProduct[product]?.auc }));
  return (
    <Box sx={{ py: 1 }} data-testid="model-version-per-product">
      <Typography variant="subtitle2">
        Ranking and calibration, all products (k = {validation.challenger.k})
      </Typography>
      <FiguresTable name="Ranking and calibration" corner="" columns={columns} rows={overallFigures} />
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        AUC per product
      </Typography>
      <FiguresTable name="AUC per product" corner="Product" columns={columns} rows={perProduct} />
    </Box>
  );
}

/** One figure per row and model (this version, the champion, each baseline). */
function FiguresTable(props: { name: string; corner: string; columns: FiguresColumn[]; rows: FiguresRow[] }) {
  const { name, corner, columns, rows } = props;
  return (
    <Table size="small" sx={{ width: 'auto' }} aria-label={name}>
      <TableHead>
        <TableRow>
          <TableCell>{corner}</TableCell>
          {columns.map((column) => (
            <TableCell key={column.name} align="right">
              {column.name}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(({ label, read }) => (
          <TableRow key={label} data-testid="model-version-figure" data-figure={label}>
            <TableCell>{label}</TableCell>
            {columns.map((column) => (
              <TableCell key={column.name} align="right">
                {metric(read(column.figures))}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Four columns (three below 1200 px), each a few lines, so the table fits the card beside the menu at 1280 px
 * and still at a tablet's width: when and which model, why, the status with its progress, and the outcome with
 * who asked. It wraps rather than being cut off at the card's edge.
 */
function RunsTable({ runs, versions }: { runs: TrainingRunNode[]; versions: ModelVersionNode[] }) {
  // Below 1200 px the "why" goes under the start instead of into a column of its own.
  const allColumns = useAllColumns();
  return (
    <Table size="small" aria-label="Training runs">
      <TableHead>
        <TableRow>
          <TableCell>Started</TableCell>
          {allColumns && <TableCell>Why</TableCell>}
          <TableCell>Status</TableCell>
          <TableCell sx={{ width: '40%' }}>Outcome</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map((run) => {
          const why = (
            <>
              {run.reason}
              <Typography variant="caption" component="div" color="text.secondary">
                {lower(run.trigger)}
              </Typography>
            </>
          );
          return (
            <TableRow key={run.id} data-testid="training-run">
              <TableCell>
                {when(run.startedAt)}
                <Typography variant="caption" component="div" color="text.secondary">
                  {run.modelPluginId}
                  {run.finishedAt && `, finished ${when(run.finishedAt)}`}
                </Typography>
                {!allColumns && <Box sx={{ mt: 0.5 }}>{why}</Box>}
              </TableCell>
              {allColumns && <TableCell>{why}</TableCell>}
              <TableCell>
                <StateChip look={runLook(run, versions)} testId="training-run-status" />
                <Tooltip title={`${Math.round(run.progress * 100)}% of ${run.stage}`}>
                  <Box sx={{ mt: 0.5 }}>
                    <Typography variant="caption">
                      {run.stage} {Math.round(run.progress * 100)}%
                    </Typography>
                    <LinearProgress variant="determinate" value={run.progress * 100} />
                  </Box>
                </Tooltip>
              </TableCell>
              <TableCell data-testid="training-run-outcome">
                {run.outcomeReason ?? '—'}
                <Typography variant="caption" component="div" color="text.secondary">
                  asked by <StaffName subject={run.requestedBy} />
                </Typography>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
