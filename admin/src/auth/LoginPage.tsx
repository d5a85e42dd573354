// Sign-in screen: choose the realm (a bank by its short name, or the platform operators' realm),
// then continue on Keycloak's own login page.
import { useState, type FormEvent } from 'react';
import { useLogin } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  FormControlLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import { config, isTenantSlug } from '../config.ts';
import type { LoginRequest } from './authProvider.ts';

type Kind = LoginRequest['kind'];

export function LoginPage() {
  const login = useLogin();
  const [kind, setKind] = useState<Kind>('bank');
  const [tenantSlug, setTenantSlug] = useState(config().defaultTenantSlug);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const slug = tenantSlug.trim().toLowerCase();
  const slugInvalid = kind === 'bank' && !isTenantSlug(slug);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (slugInvalid) return;
    setError(null);
    setSubmitting(true);
    const request: LoginRequest = kind === 'bank' ? { kind: 'bank', tenantSlug: slug } : { kind: 'platform' };
    try {
      await login(request);
    } catch (failure) {
      setError((failure as Error).message || 'Sign-in could not start.');
      setSubmitting(false);
    }
  }

  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'grey.100', p: 2 }}
    >
      <Card component="form" onSubmit={submit} sx={{ width: '100%', maxWidth: 420 }} aria-label="Sign in">
        <CardContent sx={{ display: 'grid', gap: 2, p: 4 }}>
          <Box>
            <Typography variant="h5" component="h1" sx={{ fontWeight: 600 }}>
              FinPersona admin
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Sign in with your bank's staff account or as a platform operator.
            </Typography>
          </Box>
          <RadioGroup
            aria-label="Sign in as"
            value={kind}
            onChange={(event) => setKind(event.target.value as Kind)}
          >
            <FormControlLabel value="bank" control={<Radio />} label="Bank staff" />
            <FormControlLabel value="platform" control={<Radio />} label="Platform operator" />
          </RadioGroup>
          {kind === 'bank' && (
            <TextField
              label="Bank"
              name="tenantSlug"
              value={tenantSlug}
              onChange={(event) => setTenantSlug(event.target.value)}
              error={slugInvalid}
              helperText={
                slugInvalid
                  ? 'Use the bank short name: lower-case letters, digits and dashes.'
                  : "The bank's short name, e.g. demo-bank"
              }
              autoComplete="organization"
              required
            />
          )}
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          <Button
            type="submit"
            variant="contained"
            size="large"
            disabled={submitting || slugInvalid}
            startIcon={submitting ? <CircularProgress size={18} color="inherit" /> : undefined}
          >
            {submitting ? 'Redirecting…' : 'Sign in'}
          </Button>
        </CardContent>
      </Card>
    </Box>
  );
}
