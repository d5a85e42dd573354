import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { PageInfoView } from '../pagination';
import type { DataSubjectRequest } from './data-subject-request.entity';

export const DataSubjectRequestKindValue = graphqlEnum('DataSubjectRequestKind', {
  EXPORT: 'export',
  ERASURE: 'erasure',
});
export type DataSubjectRequestKindValue = EnumValue<typeof DataSubjectRequestKindValue>;

export const DataSubjectRequestStatusValue = graphqlEnum('DataSubjectRequestStatus', {
  REQUESTED: 'requested',
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
});
export type DataSubjectRequestStatusValue = EnumValue<typeof DataSubjectRequestStatusValue>;

export const DataSubjectRequestChannelValue = graphqlEnum('DataSubjectRequestChannel', {
  LETTER: 'letter',
  BRANCH: 'branch',
  PHONE: 'phone',
  EMAIL: 'email',
});
export type DataSubjectRequestChannelValue = EnumValue<typeof DataSubjectRequestChannelValue>;

@ObjectType('DataSubjectRequestStep')
export class DataSubjectRequestStepView {
  @Field(() => String, {
    description:
      'started, archive-stored, archive-fetched, archive-expired (export); identity-removed, consents-ended, rows-erased, key-shredded, certificate-issued (erasure)',
  })
  step!: string;
  @Field(() => Date) at!: Date;
}

/** A data-subject request as the customer and the bank's compliance officers see it: no personal data. */
@ObjectType('DataSubjectRequest')
export class DataSubjectRequestView {
  @Field(() => ID) id!: string;
  @Field(() => DataSubjectRequestKindValue) kind!: DataSubjectRequestKindValue;
  @Field(() => DataSubjectRequestStatusValue) status!: DataSubjectRequestStatusValue;
  @Field(() => ID, { description: 'The customer the request is about (an opaque id).' }) customerId!: string;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => DataSubjectRequestChannelValue, {
    nullable: true,
    description:
      "Recorded by the bank's staff: how the request reached the bank. Null for the customer's own request in the app.",
  })
  receivedVia!: DataSubjectRequestChannelValue | null;
  @Field(() => Boolean, {
    description:
      'True when a compliance officer recorded the request for the person (who is never named here).',
  })
  recordedByStaff!: boolean;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => [DataSubjectRequestStepView], { description: 'Steps done so far, in order.' })
  progress!: DataSubjectRequestStepView[];
  @Field(() => String, { nullable: true }) failure!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Erasure only, once completed: the certificate as JSON (what was removed per table, what was retained, the rule, its source and until when, when the key was shredded, the Keycloak user). No personal data.',
  })
  certificate!: string | null;
  @Field(() => Date, { nullable: true, description: 'Export only: the download works until then (once).' })
  downloadExpiresAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Export only: when it was downloaded (by the customer, or the officer who recorded it).',
  })
  fetchedAt!: Date | null;

  static of(request: DataSubjectRequest): DataSubjectRequestView {
    return Object.assign(new DataSubjectRequestView(), {
      id: request.id,
      kind: request.kind as DataSubjectRequestKindValue,
      status: request.status as DataSubjectRequestStatusValue,
      customerId: request.customerId,
      requestedAt: request.requestedAt,
      receivedVia: request.receivedVia as DataSubjectRequestChannelValue | null,
      recordedByStaff: request.receivedVia !== null,
      startedAt: request.startedAt,
      completedAt: request.completedAt,
      progress: request.progress.map((step) =>
        Object.assign(new DataSubjectRequestStepView(), { step: step.step, at: new Date(step.at) }),
      ),
      failure: request.failure,
      certificate: request.certificate ? JSON.stringify(request.certificate) : null,
      downloadExpiresAt: request.downloadExpiresAt,
      fetchedAt: request.fetchedAt,
    });
  }
}

@ObjectType('DataExportRequested')
export class DataExportRequestedView {
  @Field(() => DataSubjectRequestView) request!: DataSubjectRequestView;
  @Field(() => String, {
    description:
      'The one-time download token: shown only now (the platform keeps its hash). Send it as {"token": …} to downloadPath once the request is completed.',
  })
  downloadToken!: string;
  @Field(() => String, {
    description: 'POST here with the access token and {"token": …}: /data-exports/<id>',
  })
  downloadPath!: string;

  static of(created: { request: DataSubjectRequest; downloadToken?: string }): DataExportRequestedView {
    return Object.assign(new DataExportRequestedView(), {
      request: DataSubjectRequestView.of(created.request),
      downloadToken: created.downloadToken!,
      downloadPath: `/data-exports/${created.request.id}`,
    });
  }
}

@ObjectType('DataSubjectRequestEdge')
export class DataSubjectRequestEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => DataSubjectRequestView) node!: DataSubjectRequestView;
}

@ObjectType('DataSubjectRequestConnection')
export class DataSubjectRequestConnectionView {
  @Field(() => [DataSubjectRequestEdgeView]) edges!: DataSubjectRequestEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int) totalCount!: number;
}

/** The arguments of a request a compliance officer records for a person (erasure or access request). */
@ArgsType()
export class RecordedRequestArgs {
  @Field(() => ID) customerId!: string;
  @Field(() => DataSubjectRequestChannelValue) receivedVia!: DataSubjectRequestChannelValue;
  @Field(() => Boolean, {
    description: 'True once the officer has checked the identity of the person who asked.',
  })
  identityVerified!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
}
