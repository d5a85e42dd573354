// GraphQL documents of the bank's staff directory (platform/src/staff-directory is the source of truth): the
// names of the staff subjects the portal's screens show (`…By` fields, the audit trail's actors), and the
// Staff screen's list and forget.

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

export const STAFF_DIRECTORY = /* GraphQL */ `
  query StaffDirectory {
    staffDirectory {
      subject
      displayName
      username
      roles
      lastSeenAt
    }
  }
`;

export const FORGET_STAFF_MEMBER = /* GraphQL */ `
  mutation ForgetStaffMember($subject: String!) {
    forgetStaffMember(subject: $subject)
  }
`;
