// Shown when the API answers STEP_UP_REQUIRED: says why, then signs in again through Keycloak asking for
// the second factor (acr_values), and the sign-in callback brings the person back to where they were.
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Typography } from '@mui/material';
import { safeReturnPath, STEP_UP_MESSAGE } from '@finpersona/api-client';
import { config } from '../config.ts';
import { startStepUp } from './authProvider.ts';

export function StepUpPage() {
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const acrValues = params.get('acr') ?? '';
  const returnTo = safeReturnPath(params.get('returnTo'));

  async function confirm() {
    setRedirecting(true);
    setError(null);
    try {
      await startStepUp(config(), acrValues, returnTo);
    } catch (failure) {
      setError((failure as Error).message || 'The confirmation could not start.');
      setRedirecting(false);
    }
  }

  return (
    <Box component="main" sx={{ display: 'grid', placeItems: 'center', p: 4 }}>
      <Card sx={{ width: '100%', maxWidth: 480 }} data-testid="step-up">
        <CardContent sx={{ display: 'grid', gap: 2, p: 4 }}>
          <Typography variant="h5" component="h1" sx={{ fontWeight: 600 }}>
            Confirm it is you
          </Typography>
          <Typography variant="body1" data-testid="step-up-message">
            {STEP_UP_MESSAGE}
          </Typography>
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          <Button
            variant="contained"
            size="large"
            onClick={confirm}
            disabled={redirecting || acrValues === ''}
            startIcon={redirecting ? <CircularProgress size={18} color="inherit" /> : undefined}
          >
            {redirecting ? 'Redirecting…' : 'Confirm with one-time code'}
          </Button>
        </CardContent>
      </Card>
    </Box>
  );
}
