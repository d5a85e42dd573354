// Above the review queue: how recommendations are delivered (bank administrators: the settings, changed with
// step-up) and how customers engage with them (bank staff: per product and model version, last 90 days).
import { useState } from 'react';
import { usePermissions } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
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
  TextField,
  Typography,
} from '@mui/material';
import type { RecommendationSettingsNode } from '../data/index.ts';
import { QuerySection, QueryState, useStaffAction } from '../layout/index.ts';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

function SettingsForm({ settings }: { settings: RecommendationSettingsNode }) {
  const { busy, run } = useStaffAction();
  const [maxPerPeriod, setMax] = useState(String(settings.maxPerPeriod));
  const [returnAfter, setReturnAfter] = useState(
    settings.dismissedReturnAfterDays === null ? '' : String(settings.dismissedReturnAfterDays),
  );
  const max = Number(maxPerPeriod);
  const maxProblem =
    Number.isInteger(max) && max >= 0 && max <= 20 ? undefined : 'A whole number from 0 to 20.';
  const days = returnAfter.trim() === '' ? null : Number(returnAfter);
  const daysProblem =
    days === null || (Number.isInteger(days) && days >= 1 && days <= 3650)
      ? undefined
      : 'Empty (never) or a whole number of days from 1 to 3650.';
  return (
    <Box
      sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}
      data-testid="delivery-settings"
    >
      <TextField
        size="small"
        label="Most per customer and month"
        value={maxPerPeriod}
        onChange={(event) => setMax(event.target.value)}
        error={maxProblem !== undefined}
        helperText={maxProblem ?? '0 turns recommendations off'}
        slotProps={{ htmlInput: { 'data-testid': 'max-per-period' } }}
      />
      <TextField
        size="small"
        label="A dismissed product may return after (days)"
        value={returnAfter}
        onChange={(event) => setReturnAfter(event.target.value)}
        error={daysProblem !== undefined}
        helperText={daysProblem ?? 'Empty: never'}
        slotProps={{ htmlInput: { 'data-testid': 'dismissed-return-after' } }}
      />
      <Button
        variant="outlined"
        disabled={busy || maxProblem !== undefined || daysProblem !== undefined}
        onClick={() =>
          run(
            (provider) =>
              provider.updateRecommendationSettings({ maxPerPeriod: max, dismissedReturnAfterDays: days }),
            'Delivery settings saved',
          )
        }
        data-testid="save-delivery-settings"
      >
        Save
      </Button>
      <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>
        {settings.isDefault ? 'The platform’s defaults.' : 'The bank’s own settings.'}
      </Typography>
    </Box>
  );
}

export function DeliveryPanel() {
  const { permissions } = usePermissions<string[]>();
  const { dataProvider } = useStaffAction();
  const isAdmin = permissions?.includes('bank-admin') ?? false;
  const settings = useQuery({
    queryKey: ['recommendation-settings'],
    queryFn: () => dataProvider.recommendationSettings(),
    enabled: isAdmin,
  });
  const engagement = useQuery({
    queryKey: ['recommendation-engagement'],
    queryFn: () => dataProvider.recommendationEngagement(),
  });
  return (
    <Card sx={{ m: 1 }} data-testid="delivery-panel">
      <CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        {isAdmin && (
          <Box>
            <Typography variant="h6">Delivery</Typography>
            <QueryState query={settings} what="The delivery settings" testId="delivery-settings">
              {(current) => <SettingsForm key={JSON.stringify(current)} settings={current} />}
            </QueryState>
          </Box>
        )}
        <Box>
          <QuerySection
            title="Engagement, last 90 days"
            query={engagement}
            what="Engagement"
            testId="engagement"
            empty={{
              title: 'Nothing delivered yet',
              text: 'Figures appear once customers get recommendations.',
            }}
          >
            {(rows) => (
              <Table size="small" aria-label="Recommendation engagement">
                <TableHead>
                  <TableRow>
                    <TableCell>Product</TableCell>
                    <TableCell>Model</TableCell>
                    <TableCell align="right">Delivered</TableCell>
                    <TableCell align="right">Shown</TableCell>
                    <TableCell align="right">Opened</TableCell>
                    <TableCell align="right">Accepted</TableCell>
                    <TableCell align="right">Dismissed</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={`${row.productId}-${row.modelVersionId}`} data-testid="engagement-row">
                      <TableCell>{row.productId}</TableCell>
                      <TableCell>{row.modelPluginId}</TableCell>
                      <TableCell align="right">{row.delivered}</TableCell>
                      <TableCell align="right">
                        {row.shown} ({percent(row.shownRate)})
                      </TableCell>
                      <TableCell align="right">
                        {row.opened} ({percent(row.openedRate)})
                      </TableCell>
                      <TableCell align="right">
                        {row.accepted} ({percent(row.acceptedRate)})
                      </TableCell>
                      <TableCell align="right">
                        {row.dismissed} ({percent(row.dismissedRate)})
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </QuerySection>
        </Box>
      </CardContent>
    </Card>
  );
}
