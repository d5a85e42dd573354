// GraphQL documents of the data-subject requests page beyond its list (the API's code-first schema in
// platform/src/data-subject-rights is the source of truth): compliance officers record an erasure or an access
// request a person made by letter, at a branch, by phone or by e-mail (step-up, audited by the API).
import type { DataSubjectRequestNode } from './queries.ts';

export const RECORD_ERASURE_REQUEST = /* GraphQL */ `
  mutation RecordErasureRequest(
    $customerId: ID!
    $receivedVia: DataSubjectRequestChannel!
    $identityVerified: Boolean!
    $note: String
  ) {
    recordErasureRequest(
      customerId: $customerId
      receivedVia: $receivedVia
      identityVerified: $identityVerified
      note: $note
    ) {
      id
      kind
      status
      customerId
      receivedVia
      recordedByStaff
    }
  }
`;

export type RecordedErasureRequest = Pick<
  DataSubjectRequestNode,
  'id' | 'kind' | 'status' | 'customerId' | 'receivedVia' | 'recordedByStaff'
>;

export const RECORD_DATA_EXPORT_REQUEST = /* GraphQL */ `
  mutation RecordDataExportRequest(
    $customerId: ID!
    $receivedVia: DataSubjectRequestChannel!
    $identityVerified: Boolean!
    $note: String
  ) {
    recordDataExportRequest(
      customerId: $customerId
      receivedVia: $receivedVia
      identityVerified: $identityVerified
      note: $note
    ) {
      downloadToken
      downloadPath
      request {
        id
        kind
        status
        customerId
        receivedVia
        recordedByStaff
      }
    }
  }
`;

/** The recorded access request with its one-time download token (shown only in this answer). */
export interface RecordedDataExportRequest {
  request: RecordedErasureRequest;
  downloadToken: string;
  downloadPath: string;
}
