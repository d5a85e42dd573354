import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import {
  DataExportRequestedView,
  DataSubjectRequestChannelValue,
  DataSubjectRequestConnectionView,
  DataSubjectRequestKindValue,
  DataSubjectRequestStatusValue,
  DataSubjectRequestView,
} from './data-subject-rights.graphql';
import { DataSubjectRightsService } from './data-subject-rights.service';
import { DataSubjectWorkflowStarter } from './data-subject-requests.starter';

@Resolver()
export class DataSubjectRightsResolver {
  constructor(
    private readonly rights: DataSubjectRightsService,
    private readonly starter: DataSubjectWorkflowStarter,
  ) {}

  @Mutation(() => DataExportRequestedView, {
    description:
      'A customer asks for everything the bank holds on them (GDPR Art. 15/20): JSON (published JSON Schema) plus CSV in a ZIP, built by a workflow. Returns the one-time download token (shown only here); the archive can be fetched once, within 7 days of being ready. Audited.',
  })
  async requestDataExport(): Promise<DataExportRequestedView> {
    authorize('create', 'DataSubjectRequest', 'request a data export');
    const created = await this.rights.createRequest('export');
    await this.starter.start(created.workflow);
    return Object.assign(new DataExportRequestedView(), {
      request: DataSubjectRequestView.of(created.request),
      downloadToken: created.downloadToken!,
      downloadPath: `/data-exports/${created.request.id}`,
    });
  }

  @Mutation(() => DataSubjectRequestView, {
    description:
      "A customer asks for erasure of their data (GDPR Art. 17); needs a recent second factor (STEP_UP_REQUIRED otherwise). Deletes or retains per the region's rules, shreds their data key, removes their login, and issues a certificate. An erasure already in progress is returned. Audited.",
  })
  async requestErasure(): Promise<DataSubjectRequestView> {
    authorize('create', 'DataSubjectRequest', 'request erasure of your data');
    requireStepUp('request erasure of your data');
    const created = await this.rights.createRequest('erasure');
    await this.starter.start(created.workflow);
    return DataSubjectRequestView.of(created.request);
  }

  @Mutation(() => DataSubjectRequestView, {
    description:
      "Compliance officers, with a recent second factor: record the erasure request a person made another way (letter, branch, phone, e-mail; GDPR Art. 12(2)/17), e.g. a customer the bank imported who has no login. The same erasure as `requestErasure`. `identityVerified` must be true (the officer checked who asked); `note` up to 500 characters, kept encrypted. Another bank's or an unknown customer is NOT_FOUND; one already erased or with an erasure requested or running is a CONFLICT. Audited.",
  })
  async recordErasureRequest(
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('receivedVia', { type: () => DataSubjectRequestChannelValue })
    receivedVia: DataSubjectRequestChannelValue,
    @Args('identityVerified', {
      type: () => Boolean,
      description: 'True once the officer has checked the identity of the person who asked.',
    })
    identityVerified: boolean,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
  ): Promise<DataSubjectRequestView> {
    authorize('create', 'DataSubjectRequest', "record a person's erasure request");
    requireStepUp("record a person's erasure request");
    const created = await this.rights.recordErasure({ customerId, receivedVia, identityVerified, note });
    await this.starter.start(created.workflow);
    return DataSubjectRequestView.of(created.request);
  }

  @Query(() => DataSubjectRequestConnectionView, {
    description:
      "Data-subject requests, oldest first: a customer sees their own, a compliance officer their bank's (status, progress, certificate; never personal data). Optional kind and status filters; `first` 1-100. Staff reads are audited.",
  })
  async dataSubjectRequests(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('kind', { type: () => DataSubjectRequestKindValue, nullable: true })
    kind: DataSubjectRequestKindValue | null,
    @Args('status', { type: () => DataSubjectRequestStatusValue, nullable: true })
    status: DataSubjectRequestStatusValue | null,
  ): Promise<DataSubjectRequestConnectionView> {
    authorize('read', 'DataSubjectRequest', 'list data-subject requests');
    const page = await this.rights.listVisible({ first: first ?? 25, after, kind, status });
    return Object.assign(new DataSubjectRequestConnectionView(), {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: DataSubjectRequestView.of(edge.node) })),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    });
  }
}
