// The bank's staff directory (the API's staffDirectory and forgetStaffMember): everyone of the bank's staff the
// API has recorded, by the name their sign-in carried, with their roles and when they were last seen, and Forget
// to remove one now. Bank administrators only; forgetting asks for the second factor (step-up) and is audited
// by the API. The directory mirrors who uses the API: a forgotten person who signs in again is listed again.
import { useState } from 'react';
import { Title } from 'react-admin';
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
  Tooltip,
  Typography,
} from '@mui/material';
import type { StaffMemberNode } from '../data/index.ts';
import { ConfirmDialog, QuerySection, shortSubject, staffNameOf, useStaffAction } from '../layout/index.ts';

const roleNames: Record<string, string> = {
  'bank-admin': 'Bank administrator',
  'compliance-officer': 'Compliance officer',
};

/** A staff member as the portal names them everywhere (StaffName's rules): display name, else username. */
const nameOf = (member: StaffMemberNode) => staffNameOf(member.subject, null, member).text;

function StaffTable({
  rows,
  onForget,
}: {
  rows: StaffMemberNode[];
  onForget(member: StaffMemberNode): void;
}) {
  return (
    <Table size="small" data-testid="staff-table">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Roles</TableCell>
          <TableCell>Last seen</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((member) => (
          <TableRow key={member.subject} data-testid="staff-row" data-subject={member.subject}>
            <TableCell>
              <Typography variant="body2" data-testid="staff-row-name">
                {nameOf(member)}
              </Typography>
              <Tooltip title={member.subject} describeChild>
                <Typography variant="caption" color="text.secondary" component="div">
                  {member.username && member.displayName ? `${member.username} · ` : ''}
                  {shortSubject(member.subject)}
                </Typography>
              </Tooltip>
            </TableCell>
            <TableCell data-testid="staff-row-roles">
              {member.roles.map((role) => roleNames[role] ?? role).join(', ')}
            </TableCell>
            <TableCell>{new Date(member.lastSeenAt).toLocaleString()}</TableCell>
            <TableCell align="right">
              <Button size="small" color="error" onClick={() => onForget(member)} data-testid="staff-forget">
                Forget
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function StaffPage() {
  const { dataProvider } = useStaffAction();
  const directory = useQuery({ queryKey: ['staff-directory'], queryFn: () => dataProvider.staffDirectory() });
  const [forgetting, setForgetting] = useState<StaffMemberNode | undefined>();
  return (
    <Box sx={{ mt: 2 }} data-testid="staff-page">
      <Title title="Staff" />
      <Card>
        <CardContent>
          <QuerySection
            title="Staff directory"
            intro="The bank’s staff who used the portal or the API, as their sign-in named them: how the portal names who did something. Someone not seen for the platform’s retention period (400 days unless the platform sets another) is removed automatically; Forget removes them now, asks for your one-time code and is recorded in the audit trail. It does not end their access: that is their login, in the bank’s identity provider."
            query={directory}
            what="The bank’s staff directory"
            testId="staff-directory"
            empty={{
              title: 'No staff member yet',
              text: 'Staff are listed here once they have used the portal or the API.',
            }}
          >
            {(rows) => <StaffTable rows={rows} onForget={setForgetting} />}
          </QuerySection>
        </CardContent>
      </Card>
      {forgetting && (
        <ConfirmDialog
          title={`Forget ${nameOf(forgetting)}?`}
          text={`Their name is removed from the bank’s staff directory now, so the portal shows the short id ${shortSubject(forgetting.subject)} wherever they acted. The audit trail keeps that id, never the name. If they sign in again, they are listed again.`}
          confirm="Forget"
          danger
          testId="staff-forget"
          action={(provider) => provider.forgetStaffMember(forgetting.subject)}
          done={`${nameOf(forgetting)} is forgotten`}
          onClose={() => setForgetting(undefined)}
        />
      )}
    </Box>
  );
}
