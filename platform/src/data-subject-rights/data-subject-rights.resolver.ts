import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import {
  DataExportRequestedView,
  DataSubjectRequestConnectionView,
  DataSubjectRequestKindValue,
  DataSubjectRequestStatusValue,
  DataSubjectRequestView,
  RecordedRequestArgs,
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
    return DataExportRequestedView.of(created);
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
  async recordErasureRequest(@Args() recorded: RecordedRequestArgs): Promise<DataSubjectRequestView> {
    authorize('create', 'DataSubjectRequest', "record a person's erasure request");
    requireStepUp("record a person's erasure request");
    const created = await this.rights.recordRequest('erasure', recorded);
    await this.starter.start(created.workflow);
    return DataSubjectRequestView.of(created.request);
  }

  @Mutation(() => DataExportRequestedView, {
    description:
      "Compliance officers, with a recent second factor: record the access request a person made another way (letter, branch, phone, e-mail; GDPR Art. 12(2)/15), e.g. a customer the bank imported who has no login. The same export as `requestDataExport`; the one-time download token is returned only here, to the officer, who alone may fetch the archive (with a recent second factor) from downloadPath once it is ready. Same checks as `recordErasureRequest`: NOT_FOUND for another bank's or an unknown customer; CONFLICT when the customer is erased (nothing left to export) or an export of them is being built. Audited.",
  })
  async recordDataExportRequest(@Args() recorded: RecordedRequestArgs): Promise<DataExportRequestedView> {
    authorize('create', 'DataSubjectRequest', "record a person's access request");
    requireStepUp("record a person's access request");
    const created = await this.rights.recordRequest('export', recorded);
    await this.starter.start(created.workflow);
    return DataExportRequestedView.of(created);
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
