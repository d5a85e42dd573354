import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { CustomerInsightsService } from './customer-insights.service';
import {
  InsightConnectionView,
  InsightKindEngagementView,
  InsightSettingsView,
  InsightView,
  RespondToInsightInput,
  UpdateInsightSettingsInput,
} from './insights.graphql';
import { InsightSettingsService } from './insight-settings.service';

/** Insights for customers, and the bank's insight settings and engagement for staff (platform/README.md "Insights"). */
@Resolver()
export class InsightsResolver {
  constructor(
    private readonly customerInsights: CustomerInsightsService,
    private readonly settings: InsightSettingsService,
  ) {}

  @Query(() => InsightConnectionView, {
    description:
      "The signed-in customer's live insights, newest first (not expired, not dismissed, of kinds the bank has on); `first` 1-100. Listing records them as shown.",
  })
  async insights(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<InsightConnectionView> {
    authorize('read', 'Insight', 'read your insights');
    const page = await this.customerInsights.listOwn({ first: first ?? 20, after });
    return Object.assign(new InsightConnectionView(), {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: InsightView.of(edge.node) })),
    });
  }

  @Mutation(() => InsightView, {
    description:
      'The signed-in customer responds to one of their insights: an outcome (OPENED, DISMISSED — not listed again —, ACTED), a thumbs `rating` (1 or -1), or both. NOT_FOUND for any other id.',
  })
  async respondToInsight(
    @Args('input', { type: () => RespondToInsightInput }) input: RespondToInsightInput,
  ): Promise<InsightView> {
    authorize('update', 'Insight', 'respond to an insight');
    return InsightView.of(await this.customerInsights.respond(input));
  }

  @Query(() => InsightSettingsView, {
    description: "The bank's insight settings: the notification threshold and the kinds on or off.",
  })
  async insightSettings(): Promise<InsightSettingsView> {
    authorize('read', 'InsightSettings', 'read the insight settings');
    return InsightSettingsView.of(await this.settings.settings());
  }

  @Mutation(() => InsightSettingsView, {
    description:
      "Changes the bank's insight settings (step-up): `notifyThreshold` 0-1 and kinds switched on or off; what is omitted is kept.",
  })
  async updateInsightSettings(
    @Args('input', { type: () => UpdateInsightSettingsInput }) input: UpdateInsightSettingsInput,
  ): Promise<InsightSettingsView> {
    authorize('update', 'InsightSettings', 'change the insight settings');
    return InsightSettingsView.of(await this.settings.update(input));
  }

  @Query(() => [InsightKindEngagementView], {
    description:
      'Engagement with insights created in [from, to) (default: the last 90 days) by kind: counts and rates over shown. No customer is named.',
  })
  async insightEngagement(
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to: Date | null,
  ): Promise<InsightKindEngagementView[]> {
    authorize('read', 'InsightSettings', 'read insight engagement');
    return (await this.settings.engagement({ from, to })).map((row) => InsightKindEngagementView.of(row));
  }
}
