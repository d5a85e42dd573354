// The bank's minimum audience (Seam D, the API's surveySettings / updateSurveySettings): a result figure
// with fewer respondents than this is hidden. Bank staff read it; bank administrators change it (step-up).
import { useState } from 'react';
import { usePermissions } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import type { SurveySettingsNode } from '../data/index.ts';
import { QueryState, useStaffAction } from '../layout/index.ts';

/** The API's floor: fewer than this could single a customer out. */
export const minimumAudienceFloor = 5;

export function SurveySettingsPanel() {
  const { dataProvider } = useStaffAction();
  const settings = useQuery({ queryKey: ['survey-settings'], queryFn: () => dataProvider.surveySettings() });
  return (
    <Card sx={{ mb: 2 }} data-testid="survey-settings">
      <CardContent>
        <Typography variant="h6">Privacy of results</Typography>
        <QueryState query={settings} what="The survey settings" testId="survey-settings">
          {(current) => <MinimumAudienceForm settings={current} />}
        </QueryState>
      </CardContent>
    </Card>
  );
}

function MinimumAudienceForm({ settings }: { settings: SurveySettingsNode }) {
  const { permissions } = usePermissions<string[]>();
  const canChange = permissions?.includes('bank-admin') ?? false;
  const { busy, run } = useStaffAction();
  const [value, setValue] = useState(String(settings.minimumAudience));
  const wanted = Number(value);
  const valid = Number.isInteger(wanted) && wanted >= minimumAudienceFloor;
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <Typography variant="body2" color="text.secondary" sx={{ flex: '1 1 360px' }}>
        A result figure (a question, a choice, a rating) is shown only when at least{' '}
        <strong data-testid="minimum-audience">{settings.minimumAudience}</strong> customers are behind it;
        fewer are hidden, so no answer can be traced to a person
        {settings.isDefault ? ' (the platform’s default)' : ''}.
      </Typography>
      {canChange && (
        <>
          <TextField
            size="small"
            type="number"
            label="Minimum audience"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            error={!valid}
            sx={{ width: 200 }}
            helperText={
              valid ? `At least ${minimumAudienceFloor}` : `A whole number, ${minimumAudienceFloor} or more`
            }
            slotProps={{ htmlInput: { min: minimumAudienceFloor, 'data-testid': 'minimum-audience-input' } }}
          />
          <Button
            variant="outlined"
            disabled={busy || !valid || wanted === settings.minimumAudience}
            onClick={() =>
              run(
                (provider) => provider.updateSurveySettings({ minimumAudience: wanted }),
                (saved) => `Results now need at least ${saved.minimumAudience} respondents`,
              )
            }
            data-testid="save-minimum-audience"
          >
            Save
          </Button>
        </>
      )}
    </Box>
  );
}
