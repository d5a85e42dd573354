// Who an audit entry says acted. One small component so that the staff directory can later show names here:
// today the subject shortened (the full one on hover) and the roles, or "the platform" for background work.
import { Box, Tooltip, Typography } from '@mui/material';
import type { AuditActorNode } from '../data/index.ts';
import { actorLabel } from './format.ts';

/** A token's subject, rather than the platform or an anonymous caller. */
const isPerson = (actor: AuditActorNode) => actor.subject !== 'system' && actor.subject !== 'anonymous';

export function AuditActor({ actor }: { actor: AuditActorNode }) {
  return (
    <Box data-testid="audit-actor" data-subject={actor.subject}>
      <Tooltip title={actor.subject}>
        <Typography
          variant="body2"
          component="span"
          sx={isPerson(actor) ? { fontFamily: 'monospace' } : { fontStyle: 'italic' }}
        >
          {actorLabel(actor)}
        </Typography>
      </Tooltip>
      {actor.roles.length > 0 && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {actor.roles.join(', ')}
        </Typography>
      )}
    </Box>
  );
}
