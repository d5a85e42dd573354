import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { ComplianceRules, type TenantRules } from '../compliance';
import { ConsentClock } from './consent-clock';
import type { Consent } from './consent.entity';
import {
  ConsentOverviewView,
  ConsentPurposeValue,
  ConsentStatusValue,
  ConsentSummaryView,
  ConsentTextView,
  ConsentView,
  GrantConsentInputView,
} from './consents.graphql';
import { channelOfCaller, ConsentsService } from './consents.service';

@Resolver()
export class ConsentsResolver {
  constructor(
    private readonly service: ConsentsService,
    private readonly compliance: ComplianceRules,
    private readonly clock: ConsentClock,
  ) {}

  @Query(() => [ConsentTextView], {
    description:
      'The current consent text of every purpose (show one before granting it); locale `en` (default) or `sl`.',
  })
  consentTexts(
    @Args('locale', { type: () => String, nullable: true }) locale: string | null,
  ): ConsentTextView[] {
    authorize('read', 'Consent', 'read the consent texts');
    return this.service.texts(locale).map((text) => ConsentTextView.of(text));
  }

  @Query(() => [ConsentView], {
    description: "The signed-in customer's consents, newest first, ended ones included.",
  })
  async consents(): Promise<ConsentView[]> {
    authorize('read', 'Consent', 'list your consents');
    return this.views(await this.service.listForCustomer());
  }

  @Mutation(() => ConsentView, {
    description:
      'Gives a consent for a purpose against the current text version (INVALID for an unknown or outdated one). Starts its lifecycle; audited.',
  })
  async grantConsent(
    @Args('input', { type: () => GrantConsentInputView }) input: GrantConsentInputView,
  ): Promise<ConsentView> {
    authorize('create', 'Consent', 'give a consent');
    const consent = await this.service.grant({ ...input, channel: channelOfCaller() });
    return (await this.views([consent]))[0]!;
  }

  @Mutation(() => ConsentView, {
    description:
      'Withdraws one of your consents at once (one call, like granting); processing under it stops. Audited.',
  })
  async revokeConsent(@Args('id', { type: () => ID }) id: string): Promise<ConsentView> {
    authorize('update', 'Consent', 'revoke a consent');
    return (await this.views([await this.service.revoke(id)]))[0]!;
  }

  @Mutation(() => ConsentView, {
    description:
      'Renews a live consent before its renewal deadline: EU needs a recent one-time code (STEP_UP_REQUIRED otherwise), UK/US your reconfirmation. Audited.',
  })
  async renewConsent(@Args('id', { type: () => ID }) id: string): Promise<ConsentView> {
    authorize('update', 'Consent', 'renew a consent');
    return (await this.views([await this.service.renew(id)]))[0]!;
  }

  @Query(() => ConsentOverviewView, {
    description:
      "Staff: the bank's consents by purpose and status, how many are due for renewal or expire within the region's warning window, and a page of them (oldest first, `first` 1-100) filtered by purpose, status, customer id or `dueSoon` (granted ones whose deadline is within that window). Audited.",
  })
  async consentOverview(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('purpose', { type: () => ConsentPurposeValue, nullable: true }) purpose: string | null,
    @Args('status', { type: () => ConsentStatusValue, nullable: true }) status: string | null,
    @Args('customerId', { type: () => ID, nullable: true }) customerId: string | null,
    @Args('dueSoon', { type: () => Boolean, nullable: true }) dueSoon: boolean | null,
  ): Promise<ConsentOverviewView> {
    authorize('read', 'Consent', "see the bank's consents");
    const overview = await this.service.overview({
      first: first ?? 25,
      after,
      purpose,
      status,
      customerId,
      dueSoon,
    });
    return Object.assign(new ConsentOverviewView(), {
      ...overview,
      edges: overview.edges.map((edge) => ({ cursor: edge.cursor, node: ConsentSummaryView.of(edge.node) })),
    });
  }

  private async views(consents: Consent[]): Promise<ConsentView[]> {
    const rules = await this.rules();
    const now = this.clock.now();
    return consents.map((consent) => ConsentView.of(consent, rules, now));
  }

  private rules(): Promise<TenantRules> {
    return this.compliance.forCurrentTenant();
  }
}
