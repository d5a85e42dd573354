// The data-subject requests page's side of the data provider beyond its list (react-admin's getList in
// dataProvider.ts): a compliance officer records an erasure or an access request a person made another way,
// and downloads the archive of an access request they recorded (once, with its one-time token).
import type { ApiFile, FileRequest, GraphqlRequest } from './graphqlClient.ts';
import {
  RECORD_DATA_EXPORT_REQUEST,
  RECORD_ERASURE_REQUEST,
  type RecordedDataExportRequest,
  type RecordedErasureRequest,
} from './data-subject-request-queries.ts';
import type { DataSubjectRequestChannel } from './queries.ts';

/** What recording sends; `note` null: none. */
export interface RecordedRequestInput {
  customerId: string;
  receivedVia: DataSubjectRequestChannel;
  identityVerified: boolean;
  note: string | null;
}

export interface DataSubjectRequestMethods {
  /** Starts the customer's erasure (step-up; INVALID names the fields; CONFLICT when one is already open). */
  recordErasureRequest(input: RecordedRequestInput): Promise<RecordedErasureRequest>;
  /**
   * Starts the customer's export (step-up; INVALID names the fields; CONFLICT when erased or one is being
   * built); answers the one-time download token, which only the recording officer may use.
   */
  recordDataExportRequest(input: RecordedRequestInput): Promise<RecordedDataExportRequest>;
  /** The archive of an export this officer recorded, once (step-up; NOT_FOUND for anyone else; CONFLICT after). */
  downloadDataExport(downloadPath: string, downloadToken: string): Promise<ApiFile>;
}

export function dataSubjectRequestMethods(
  request: GraphqlRequest,
  requestFile: FileRequest,
): DataSubjectRequestMethods {
  return {
    recordErasureRequest: async (input) =>
      (
        await request<{ recordErasureRequest: RecordedErasureRequest }>(RECORD_ERASURE_REQUEST, {
          ...input,
        })
      ).recordErasureRequest,
    recordDataExportRequest: async (input) =>
      (
        await request<{ recordDataExportRequest: RecordedDataExportRequest }>(RECORD_DATA_EXPORT_REQUEST, {
          ...input,
        })
      ).recordDataExportRequest,
    downloadDataExport: (downloadPath, downloadToken) => requestFile(downloadPath, { token: downloadToken }),
  };
}
