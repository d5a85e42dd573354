import { AppBar as RaAppBar, TitlePortal, useGetIdentity } from 'react-admin';
import { Typography } from '@mui/material';

/** react-admin's app bar plus whose data this is: the bank, or the platform for operators. */
export function AppBar() {
  const { identity } = useGetIdentity();
  const tenant = identity?.tenant as { name?: string } | null | undefined;
  const organisation = tenant?.name ?? (identity?.realm === 'platform' ? 'Platform operations' : undefined);
  return (
    <RaAppBar>
      <TitlePortal />
      {organisation && (
        <Typography variant="body2" sx={{ mr: 2, opacity: 0.9 }} data-testid="organisation">
          {organisation}
        </Typography>
      )}
    </RaAppBar>
  );
}
