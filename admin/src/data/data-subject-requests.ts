// The data-subject requests page's side of the data provider beyond its list (react-admin's getList in
// dataProvider.ts): a compliance officer records an erasure request a person made another way.
import type { GraphqlRequest } from './graphqlClient.ts';
import { RECORD_ERASURE_REQUEST, type RecordedErasureRequest } from './data-subject-request-queries.ts';
import type { DataSubjectRequestChannel } from './queries.ts';

/** What recording sends; `note` null: none. */
export interface ErasureRequestInput {
  customerId: string;
  receivedVia: DataSubjectRequestChannel;
  identityVerified: boolean;
  note: string | null;
}

export interface DataSubjectRequestMethods {
  /** Starts the customer's erasure (step-up; INVALID names the fields; CONFLICT when one is already open). */
  recordErasureRequest(input: ErasureRequestInput): Promise<RecordedErasureRequest>;
}

export function dataSubjectRequestMethods(request: GraphqlRequest): DataSubjectRequestMethods {
  return {
    recordErasureRequest: async (input) =>
      (
        await request<{ recordErasureRequest: RecordedErasureRequest }>(RECORD_ERASURE_REQUEST, {
          ...input,
        })
      ).recordErasureRequest,
  };
}
