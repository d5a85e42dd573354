// The API out of reach before the portal knows who is signed in: one plain page with "Try again", in place of
// react-admin's Loading (which would wait for ever) or its "Not Found" with a menu guessed without roles.
import type { ReactNode } from 'react';
import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { LoadingPage, usePermissions } from 'react-admin';
import { portalUnreachable, UNREACHABLE_MESSAGE } from './api-unreachable.ts';

/**
 * Shows `children`, or the "cannot be reached" page while the roles could not be loaded for want of the API.
 * "Try again" asks for them again; the session is kept, so the portal comes back without a new sign-in.
 */
export function ApiUnreachableGate({ children }: { children: ReactNode }) {
  const permissions = usePermissions();
  if (!portalUnreachable(permissions)) return <>{children}</>;
  const trying = permissions.isFetching;
  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2 }}
    >
      <Card sx={{ maxWidth: 480 }} data-testid="api-unreachable">
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            FinPersona admin
          </Typography>
          <Typography role="alert" sx={{ mb: 2 }} data-testid="api-unreachable-message">
            {UNREACHABLE_MESSAGE}
          </Typography>
          <Button
            variant="contained"
            disabled={trying}
            onClick={() => void permissions.refetch()}
            data-testid="api-unreachable-retry"
          >
            {trying ? 'Trying again…' : 'Try again'}
          </Button>
        </CardContent>
      </Card>
    </Box>
  );
}

/** The portal's loading page while the roles load: react-admin's, or the gate's page once a try failed. */
export function PortalLoading() {
  return (
    <ApiUnreachableGate>
      <LoadingPage />
    </ApiUnreachableGate>
  );
}
