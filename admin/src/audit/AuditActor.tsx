// Who an audit entry says acted: by name through the bank's staff directory (StaffName: "the platform" for
// background work, "an anonymous caller", "a platform operator" for an actor of the platform realm, a colleague's
// name, or the shortened subject the directory does not know; the full subject on hover), and the roles.
import { Box, Typography } from '@mui/material';
import type { AuditActorNode } from '../data/index.ts';
import { StaffName } from '../layout/index.ts';

export function AuditActor({ actor }: { actor: AuditActorNode }) {
  return (
    <Box data-testid="audit-actor" data-subject={actor.subject}>
      <Typography variant="body2" component="span">
        <StaffName subject={actor.subject} realm={actor.realm} />
      </Typography>
      {actor.roles.length > 0 && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {actor.roles.join(', ')}
        </Typography>
      )}
    </Box>
  );
}
