import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import {
  EngagementView,
  RecommendationListView,
  RecommendationOutcomeValue,
  RecommendationView,
  ReviewConnectionView,
  ReviewDecisionValue,
  ReviewStatusValue,
  ReviewView,
  SettingsView,
} from './recommendations.graphql';
import { RecommendationsService } from './recommendations.service';

/** Recommendations for customers and their review by staff (see platform/README.md "Recommendations"). */
@Resolver()
export class RecommendationsResolver {
  constructor(private readonly service: RecommendationsService) {}

  @Query(() => RecommendationListView, {
    description:
      "The signed-in customer's recommendations of this month, each with its reason, product, required disclosures and what they can do; delivered on the first ask of the month, the same ones after. `availability` and `message` say why there are none.",
  })
  async recommendations(): Promise<RecommendationListView> {
    authorize('read', 'Recommendation', 'read your recommendations');
    return RecommendationListView.of(await this.service.forCustomer());
  }

  @Mutation(() => RecommendationView, {
    description:
      'The signed-in customer responds to one of their recommendations: OPENED, DISMISSED ("not for me"), ACCEPTED, or RATED (`rating` 1-5, optional `comment`). NOT_FOUND for any other id.',
  })
  async respondToRecommendation(
    @Args('id', { type: () => ID }) id: string,
    @Args('outcome', { type: () => RecommendationOutcomeValue }) outcome: RecommendationOutcomeValue,
    @Args('rating', { type: () => Int, nullable: true }) rating: number | null,
    @Args('comment', { type: () => String, nullable: true }) comment: string | null,
  ): Promise<RecommendationView> {
    authorize('update', 'Recommendation', 'respond to a recommendation');
    return RecommendationView.of(await this.service.respond({ id, outcome, rating, comment }));
  }

  @Mutation(() => ReviewView, {
    description:
      'The signed-in customer contests one of their recommendations (`text`: why): a human review request. While one is open, the open one is returned.',
  })
  async contestRecommendation(
    @Args('id', { type: () => ID }) id: string,
    @Args('text', { type: () => String }) text: string,
  ): Promise<ReviewView> {
    authorize('update', 'Recommendation', 'contest a recommendation');
    return ReviewView.of(await this.service.requestReview({ id, trigger: 'contest', text }));
  }

  @Mutation(() => ReviewView, {
    description:
      'The signed-in customer asks for a human to review one of their recommendations (GDPR Art. 22(3)). While one is open, the open one is returned.',
  })
  async requestHumanReview(@Args('id', { type: () => ID }) id: string): Promise<ReviewView> {
    authorize('update', 'Recommendation', 'request a human review');
    return ReviewView.of(await this.service.requestReview({ id, trigger: 'request' }));
  }

  @Query(() => ReviewConnectionView, {
    description:
      "The bank's recommendation review requests, oldest first, with the decision record of each; optionally one status; `first` 1-100. Audited.",
  })
  async recommendationReviews(
    @Args('status', { type: () => ReviewStatusValue, nullable: true }) status: ReviewStatusValue | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ReviewConnectionView> {
    authorize('read', 'RecommendationReview', 'read recommendation reviews');
    const page = await this.service.reviewQueue({ status, first: first ?? 25, after });
    return Object.assign(new ReviewConnectionView(), {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: ReviewView.of(edge.node) })),
    });
  }

  @Mutation(() => ReviewView, {
    description:
      'Bank staff decide an open review (step-up): UPHELD keeps the recommendation, WITHDRAWN withdraws it; `note` says why. CONFLICT when decided already.',
  })
  async decideRecommendationReview(
    @Args('id', { type: () => ID }) id: string,
    @Args('decision', { type: () => ReviewDecisionValue }) decision: ReviewDecisionValue,
    @Args('note', { type: () => String }) note: string,
  ): Promise<ReviewView> {
    authorize('update', 'RecommendationReview', 'decide recommendation reviews');
    return ReviewView.of(await this.service.decideReview({ id, decision, note }));
  }

  @Query(() => [EngagementView], {
    description:
      'Engagement with recommendations delivered in [from, to) (default: the last 90 days) by product and model version: counts and rates. No customer is named.',
  })
  async recommendationEngagement(
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to: Date | null,
  ): Promise<EngagementView[]> {
    authorize('read', 'RecommendationReview', 'read recommendation engagement');
    return (await this.service.engagement({ from, to })).map((row) => EngagementView.of(row));
  }

  @Query(() => SettingsView, { description: "The bank's recommendation delivery settings." })
  async recommendationSettings(): Promise<SettingsView> {
    authorize('read', 'RecommendationSettings', 'read the recommendation settings');
    return Object.assign(new SettingsView(), await this.service.settings());
  }

  @Mutation(() => SettingsView, {
    description:
      "Changes the bank's recommendation delivery settings (step-up): `maxPerPeriod` 0-20 per customer and month, `dismissedReturnAfterDays` 1-3650 or null (never).",
  })
  async updateRecommendationSettings(
    @Args('maxPerPeriod', { type: () => Int }) maxPerPeriod: number,
    @Args('dismissedReturnAfterDays', { type: () => Int, nullable: true })
    dismissedReturnAfterDays: number | null,
  ): Promise<SettingsView> {
    authorize('update', 'RecommendationSettings', 'change the recommendation settings');
    return Object.assign(
      new SettingsView(),
      await this.service.updateSettings({ maxPerPeriod, dismissedReturnAfterDays }),
    );
  }
}
