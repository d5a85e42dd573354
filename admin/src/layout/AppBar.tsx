import { AppBar as RaAppBar, TitlePortal, useGetIdentity } from 'react-admin';
import { Typography } from '@mui/material';

/** react-admin's app bar plus whose data this is: the bank, or the platform for operators. */
export function AppBar() {
  const { identity } = useGetIdentity();
  const tenant = identity?.tenant as { name?: string } | null | undefined;
  const organisation = tenant?.name ?? (identity?.realm === 'platform' ? 'Platform operations' : undefined);
  return (
    <RaAppBar>
      {/* On a phone the title and the bank's name share a narrow bar: each keeps to its part and ends in "…". */}
      <TitlePortal sx={{ minWidth: 0 }} />
      {organisation && (
        <Typography
          variant="body2"
          noWrap
          sx={{ ml: 1, mr: 2, opacity: 0.9, flexShrink: 1, maxWidth: '40%' }}
          data-testid="organisation"
        >
          {organisation}
        </Typography>
      )}
    </RaAppBar>
  );
}
