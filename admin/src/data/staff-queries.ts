// GraphQL documents of the bank's staff directory (platform/src/staff-directory is the source of truth): the
// names of the staff subjects the portal's screens show (`…By` fields, the audit trail's actors).

/** A colleague as their last access token named them. */
export interface StaffMemberNode {
  subject: string;
  displayName: string | null;
  username: string | null;
  roles: string[];
  lastSeenAt: string;
}

/** Most subjects one `staffMembers` call may name (the API refuses more). */
export const maxStaffSubjects = 100;

export const STAFF_MEMBERS = /* GraphQL */ `
  query StaffMembers($subjects: [String!]!) {
    staffMembers(subjects: $subjects) {
      subject
      displayName
      username
      roles
      lastSeenAt
    }
  }
`;
