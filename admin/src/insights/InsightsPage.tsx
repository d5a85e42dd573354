// The bank's insights (Seam A, the API's insightSettings / updateInsightSettings / insightEngagement): which
// kinds customers get, from what relevance an insight is also notified, and per kind what customers did
// with them. Bank staff read; bank administrators change the settings (step-up).
import { useState } from 'react';
import { Title, usePermissions } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import {
  Box,
  Button,
  Card,
  CardContent,
  Slider,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { InsightEngagementNode, InsightSettingsNode } from '../data/index.ts';
import { QuerySection, QueryState, useStaffAction } from '../layout/index.ts';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** An insight kind as staff read it: its id in words ("idle-cash" → "Idle cash"); kinds come from plugins. */
export const kindName = (kind: string): string => {
  const words = kind.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** What changed between the stored settings and the form: only that is sent (the API keeps the rest). */
export function settingsChanges(
  stored: InsightSettingsNode,
  notifyThreshold: number,
  enabled: Readonly<Record<string, boolean>>,
): { notifyThreshold?: number; kinds?: { kind: string; enabled: boolean }[] } {
  const kinds = stored.kinds
    .filter((kind) => enabled[kind.kind] !== undefined && enabled[kind.kind] !== kind.enabled)
    .map((kind) => ({ kind: kind.kind, enabled: enabled[kind.kind]! }));
  return {
    ...(notifyThreshold !== stored.notifyThreshold ? { notifyThreshold } : {}),
    ...(kinds.length > 0 ? { kinds } : {}),
  };
}

function SettingsForm({ settings, canChange }: { settings: InsightSettingsNode; canChange: boolean }) {
  const { busy, run } = useStaffAction();
  const [threshold, setThreshold] = useState(settings.notifyThreshold);
  const [enabled, setEnabled] = useState<Record<string, boolean>>(
    Object.fromEntries(settings.kinds.map((kind) => [kind.kind, kind.enabled])),
  );
  const changes = settingsChanges(settings, threshold, enabled);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="insight-settings">
      <Box sx={{ maxWidth: 480 }}>
        <Typography variant="subtitle2">Notify from relevance {threshold.toFixed(2)}</Typography>
        <Typography variant="body2" color="text.secondary">
          Insights at least this relevant (learned from how customers engage with their kind) are also sent to
          the inbox, by e-mail or push; the others are only listed in the app.
        </Typography>
        <Slider
          value={threshold}
          min={0}
          max={1}
          step={0.05}
          disabled={!canChange}
          onChange={(_, value) => setThreshold(value)}
          valueLabelDisplay="auto"
          aria-label="Notification threshold"
          data-testid="notify-threshold"
        />
      </Box>
      <Table size="small" aria-label="Insight kinds">
        <TableHead>
          <TableRow>
            <TableCell>On</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell>What it is about</TableCell>
            <TableCell>Generator</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {settings.kinds.map((kind) => (
            <TableRow key={kind.kind} data-testid="insight-kind">
              <TableCell padding="checkbox">
                <Switch
                  checked={enabled[kind.kind] ?? kind.enabled}
                  disabled={!canChange}
                  onChange={(event) => setEnabled({ ...enabled, [kind.kind]: event.target.checked })}
                  slotProps={{ input: { 'aria-label': `${kindName(kind.kind)} on` } }}
                />
              </TableCell>
              <TableCell>{kindName(kind.kind)}</TableCell>
              <TableCell>{kind.description}</TableCell>
              <TableCell>{kind.pluginId}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        {canChange && (
          <Button
            variant="contained"
            disabled={busy || Object.keys(changes).length === 0}
            onClick={() =>
              run((provider) => provider.updateInsightSettings(changes), 'Insight settings saved')
            }
            data-testid="save-insight-settings"
          >
            Save
          </Button>
        )}
        <Typography variant="body2" color="text.secondary">
          {settings.isDefault ? 'The platform’s defaults.' : 'The bank’s own settings.'}
          {canChange ? '' : ' Bank administrators change them.'}
        </Typography>
      </Box>
    </Box>
  );
}

function EngagementTable({ rows }: { rows: InsightEngagementNode[] }) {
  return (
    <Table size="small" aria-label="Insight engagement">
      <TableHead>
        <TableRow>
          <TableCell>Kind</TableCell>
          <TableCell align="right">Created</TableCell>
          <TableCell align="right">Shown</TableCell>
          <TableCell align="right">Opened</TableCell>
          <TableCell align="right">Dismissed</TableCell>
          <TableCell align="right">Acted on</TableCell>
          <TableCell align="right">Thumbs up / down</TableCell>
          <TableCell align="right">Engagement</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.kind} data-testid="insight-engagement-row">
            <TableCell>{kindName(row.kind)}</TableCell>
            <TableCell align="right">{row.generated}</TableCell>
            <TableCell align="right">{row.shown}</TableCell>
            <TableCell align="right">
              {row.opened} ({percent(row.openedRate)})
            </TableCell>
            <TableCell align="right">
              {row.dismissed} ({percent(row.dismissedRate)})
            </TableCell>
            <TableCell align="right">
              {row.acted} ({percent(row.actedRate)})
            </TableCell>
            <TableCell align="right">
              {row.thumbsUp} / {row.thumbsDown}
            </TableCell>
            <TableCell align="right">{percent(row.engagementRate)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function InsightsPage() {
  const { permissions } = usePermissions<string[]>();
  const canChange = permissions?.includes('bank-admin') ?? false;
  const { dataProvider } = useStaffAction();
  const settings = useQuery({
    queryKey: ['insight-settings'],
    queryFn: () => dataProvider.insightSettings(),
  });
  const engagement = useQuery({
    queryKey: ['insight-engagement'],
    queryFn: () => dataProvider.insightEngagement(),
  });
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 2 }} data-testid="insights-page">
      <Title title="Insights" />
      <Card>
        <CardContent>
          <Typography variant="h6">Settings</Typography>
          <QueryState
            query={settings}
            what="The insight settings"
            testId="insight-settings"
            isEmpty={(current) => current.kinds.length === 0}
            empty={{
              title: 'No insight generator is enabled',
              text: 'Enable an insight-generator plugin (e.g. insights-core); its kinds appear here.',
            }}
          >
            {(current) => (
              <SettingsForm key={JSON.stringify(current)} settings={current} canChange={canChange} />
            )}
          </QueryState>
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <QuerySection
            title="Engagement, last 90 days"
            intro="Per kind: insights created, how many customers saw, and what they did; rates are over those shown."
            query={engagement}
            what="Insight engagement"
            testId="insight-engagement"
            empty={{ title: 'No insights yet', text: 'Figures appear once customers get insights.' }}
          >
            {(rows) => <EngagementTable rows={rows} />}
          </QuerySection>
        </CardContent>
      </Card>
    </Box>
  );
}
