// Who did something, by name: a staff subject resolved through the bank's staff directory (batched: every
// StaffName of one render goes into one `staffMembers` call; cached per subject for the session).
import { useDataProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { Tooltip } from '@mui/material';
import type { FinPersonaDataProvider } from '../data/index.ts';
import { isStaffLookup, staffNameOf } from './staff-name.ts';

/** The query key of one subject's staff member (react-query caches each subject once). */
export const staffMemberKey = (subject: string) => ['staff-member', subject] as const;

/**
 * `subject` as a name: "the platform" for `system`, "a platform operator" for an actor of the platform realm
 * (`realm`, when the caller knows it, e.g. an audit entry's), a colleague's display name (username when they
 * have none) with the subject in a tooltip, or the shortened subject when the directory does not know it.
 */
export function StaffName({ subject, realm }: { subject: string; realm?: string | null }) {
  const dataProvider = useDataProvider<FinPersonaDataProvider>();
  const lookup = isStaffLookup(subject, realm);
  const member = useQuery({
    queryKey: staffMemberKey(subject),
    queryFn: () => dataProvider.staffMember(subject),
    enabled: lookup,
    // Names change rarely; a failed lookup shows the subject, it is not worth a retry.
    staleTime: 10 * 60_000,
    retry: false,
  });
  const shown = staffNameOf(subject, realm, lookup ? member.data : null);
  const text = (
    <span data-testid="staff-name" data-subject={subject} data-known={shown.known}>
      {shown.text}
    </span>
  );
  return shown.tooltip ? (
    <Tooltip title={shown.tooltip} describeChild>
      {text}
    </Tooltip>
  ) : (
    text
  );
}
