import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { PageInfoView } from '../pagination';
import { ProductTypeValue, ProductView } from '../products';
import type {
  EngagementRow,
  RecommendationAction,
  RecommendationAvailability,
  RecommendationList,
  RecommendationRecord,
  ReviewRecord,
} from './recommendations.service';

export const RecommendationAvailabilityValue = graphqlEnum(
  'RecommendationAvailability',
  {
    DELIVERED: 'DELIVERED',
    NO_PERSONALISATION_CONSENT: 'NO_PERSONALISATION_CONSENT',
    MARKETING_NOT_ALLOWED: 'MARKETING_NOT_ALLOWED',
    NO_MODEL: 'NO_MODEL',
    NO_FEATURES: 'NO_FEATURES',
    NOTHING_SUITABLE: 'NOTHING_SUITABLE',
  },
  {
    description:
      'Why the customer has the recommendations they have, or none: delivered; no live personalisation consent; the rule pack does not allow marketing to them now (e.g. no marketing consent in an opt-in region); the bank has no champion model; no features computed yet; nothing eligible and explained.',
  },
);
export type RecommendationAvailabilityValue = EnumValue<typeof RecommendationAvailabilityValue>;

export const RecommendationOutcomeValue = graphqlEnum(
  'RecommendationOutcome',
  { OPENED: 'OPENED', DISMISSED: 'DISMISSED', ACCEPTED: 'ACCEPTED', RATED: 'RATED' },
  {
    description: 'OPENED; DISMISSED ("not for me": not recommended again); ACCEPTED; RATED (with `rating`).',
  },
);
export type RecommendationOutcomeValue = EnumValue<typeof RecommendationOutcomeValue>;

export const RecommendationStatusValue = graphqlEnum('RecommendationStatus', {
  ACTIVE: 'active',
  DISMISSED: 'dismissed',
  ACCEPTED: 'accepted',
  WITHDRAWN: 'withdrawn',
});
export type RecommendationStatusValue = EnumValue<typeof RecommendationStatusValue>;

export const RecommendationActionValue = graphqlEnum(
  'RecommendationAction',
  {
    OPEN: 'OPEN',
    ACCEPT: 'ACCEPT',
    DISMISS: 'DISMISS',
    RATE: 'RATE',
    CONTEST: 'CONTEST',
    REQUEST_HUMAN_REVIEW: 'REQUEST_HUMAN_REVIEW',
  },
  { description: 'What the customer can do with the recommendation now.' },
);
export type RecommendationActionValue = EnumValue<typeof RecommendationActionValue>;

export const ReviewDecisionValue = graphqlEnum(
  'RecommendationReviewDecision',
  { UPHELD: 'UPHELD', WITHDRAWN: 'WITHDRAWN' },
  { description: 'UPHELD keeps the recommendation; WITHDRAWN withdraws it.' },
);
export type ReviewDecisionValue = EnumValue<typeof ReviewDecisionValue>;

export const ReviewStatusValue = graphqlEnum('RecommendationReviewStatus', {
  REQUESTED: 'requested',
  DECIDED: 'decided',
});
export type ReviewStatusValue = EnumValue<typeof ReviewStatusValue>;

@ObjectType('RecommendationAttribution', {
  description: 'How much one feature moved the score (signed), with the customer’s value of it.',
})
export class AttributionView {
  @Field(() => String) feature!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Float) contribution!: number;
}

@ObjectType('RecommendationDisclosure', {
  description: 'A document the bank’s rule pack requires for this kind of product, and when.',
})
export class DisclosureRequirementView {
  @Field(() => String, { description: 'The rule pack’s rule id.' }) ruleId!: string;
  @Field(() => String) document!: string;
  @Field(() => String, { description: '`before-offer` or `before-contract`.' }) when!: string;
}

@ObjectType('FeatureValue', {
  description: 'One input feature of the decision and its value (null: unknown).',
})
export class FeatureValueView {
  @Field(() => String) name!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
}

@ObjectType('RecommendationRuleRefusal')
export class RuleRefusalView {
  @Field(() => String) ruleId!: string;
  @Field(() => String) reason!: string;
}

@ObjectType('RecommendationCandidate', {
  description:
    'A product considered for the decision and what became of it: held, dismissed, ineligible (with the refusing rules), unscored, over-cap, no-reason or delivered.',
})
export class CandidateView {
  @Field(() => String) productId!: string;
  @Field(() => ProductTypeValue) productType!: ProductTypeValue;
  @Field(() => Float, { nullable: true }) score!: number | null;
  @Field(() => String) outcome!: string;
  @Field(() => [RuleRefusalView]) refusals!: RuleRefusalView[];
}

@ObjectType('RecommendationDecisionRecord', {
  description:
    'What produced a recommendation (GDPR Art. 22): the model and its registry version, the exact input features, every candidate considered and the rule pack that approved it.',
})
export class DecisionRecordView {
  @Field(() => ID) recommendationId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => String) modelPluginId!: string;
  @Field(() => String) modelVersion!: string;
  @Field(() => String) modelVersionId!: string;
  @Field(() => Float) score!: number;
  @Field(() => Int) rank!: number;
  @Field(() => [FeatureValueView]) features!: FeatureValueView[];
  @Field(() => [CandidateView]) candidates!: CandidateView[];
  @Field(() => String) rulePackId!: string;
  @Field(() => String) rulePackVersion!: string;

  static of(record: RecommendationRecord): DecisionRecordView {
    return Object.assign(new DecisionRecordView(), {
      recommendationId: record.id,
      customerId: record.customerId,
      modelPluginId: record.modelPluginId,
      modelVersion: record.modelVersion,
      modelVersionId: record.modelVersionId,
      score: record.score,
      rank: record.rank,
      features: Object.entries(record.features)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => Object.assign(new FeatureValueView(), { name, value })),
      candidates: record.candidates.map((candidate) =>
        Object.assign(new CandidateView(), {
          ...candidate,
          productType: candidate.productType as ProductTypeValue,
          refusals: candidate.refusals.map((refusal) => Object.assign(new RuleRefusalView(), refusal)),
        }),
      ),
      rulePackId: record.rulePackId,
      rulePackVersion: record.rulePackVersion,
    });
  }
}

@ObjectType('Recommendation', {
  description: 'A product recommended to the signed-in customer, with the reason and what they can do.',
})
export class RecommendationView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The month it was recommended in (UTC), e.g. `2026-11`.' })
  period!: string;
  @Field(() => String) productId!: string;
  @Field(() => ProductTypeValue) productType!: ProductTypeValue;
  @Field(() => ProductView, {
    nullable: true,
    description: 'The product as the bank’s catalogue describes it; null when it left the catalogue since.',
  })
  product!: ProductView | null;
  @Field(() => Int) rank!: number;
  @Field(() => String, { description: 'Why it is recommended, in a sentence the customer can read.' })
  reason!: string;
  @Field(() => [AttributionView], { description: 'The features behind the reason, largest first.' })
  attributions!: AttributionView[];
  @Field(() => [DisclosureRequirementView], {
    description: 'Documents the bank must give before the offer or the contract (its rule pack).',
  })
  disclosures!: DisclosureRequirementView[];
  @Field(() => RecommendationStatusValue) status!: RecommendationStatusValue;
  @Field(() => [RecommendationActionValue]) actions!: RecommendationActionValue[];
  @Field(() => String, { description: 'The model that produced it (plugin id).' }) modelPluginId!: string;
  @Field(() => String, { description: 'The model registry’s version id of that model.' })
  modelVersionId!: string;
  @Field(() => Date) deliveredAt!: Date;

  static of(record: RecommendationRecord): RecommendationView {
    return Object.assign(new RecommendationView(), {
      id: record.id,
      period: record.period,
      productId: record.productId,
      productType: record.productType as ProductTypeValue,
      product: record.product ? ProductView.of(record.product) : null,
      rank: record.rank,
      reason: record.reason,
      attributions: record.attributions.map((item) => Object.assign(new AttributionView(), item)),
      disclosures: record.disclosures.map((item) =>
        Object.assign(new DisclosureRequirementView(), {
          ruleId: item.id,
          document: item.document,
          when: item.when,
        }),
      ),
      status: record.status as RecommendationStatusValue,
      actions: record.actions.map((action: RecommendationAction) => action as RecommendationActionValue),
      modelPluginId: record.modelPluginId,
      modelVersionId: record.modelVersionId,
      deliveredAt: record.deliveredAt,
    });
  }
}

@ObjectType('RecommendationList')
export class RecommendationListView {
  @Field(() => RecommendationAvailabilityValue) availability!: RecommendationAvailabilityValue;
  @Field(() => String, {
    description:
      'Why these recommendations, or why none: show it. In the request’s language (`Accept-Language`: en or sl).',
  })
  message!: string;
  @Field(() => String) period!: string;
  @Field(() => [RecommendationView]) recommendations!: RecommendationView[];

  static of(list: RecommendationList): RecommendationListView {
    return Object.assign(new RecommendationListView(), {
      availability: list.availability as RecommendationAvailability as RecommendationAvailabilityValue,
      message: list.message,
      period: list.period,
      recommendations: list.recommendations.map((record) => RecommendationView.of(record)),
    });
  }
}

@ObjectType('RecommendationReview', {
  description: 'A human review of a recommendation the customer asked for (contest or request).',
})
export class ReviewView {
  @Field(() => ID) id!: string;
  @Field(() => ID) recommendationId!: string;
  @Field(() => String, { description: '`contest` or `request`.' }) trigger!: string;
  @Field(() => String, { nullable: true, description: 'The customer’s words when they contested it.' })
  customerText!: string | null;
  @Field(() => ReviewStatusValue) status!: ReviewStatusValue;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => ReviewDecisionValue, { nullable: true }) decision!: ReviewDecisionValue | null;
  @Field(() => String, { nullable: true, description: 'Why it was decided so.' }) note!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => DecisionRecordView, {
    nullable: true,
    description: 'The decision record under review (bank staff).',
  })
  decisionRecord!: DecisionRecordView | null;
  @Field(() => String, { nullable: true, description: 'The reason the customer was shown (bank staff).' })
  reason!: string | null;

  static of(record: ReviewRecord): ReviewView {
    return Object.assign(new ReviewView(), {
      id: record.id,
      recommendationId: record.recommendationId,
      trigger: record.trigger,
      customerText: record.customerText,
      status: record.status as ReviewStatusValue,
      requestedAt: record.requestedAt,
      decision: record.decision === null ? null : (record.decision.toUpperCase() as ReviewDecisionValue),
      note: record.note,
      decidedAt: record.decidedAt,
      decisionRecord: record.recommendation ? DecisionRecordView.of(record.recommendation) : null,
      reason: record.recommendation?.reason ?? null,
    });
  }
}

@ObjectType('RecommendationReviewEdge')
export class ReviewEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => ReviewView) node!: ReviewView;
}

@ObjectType('RecommendationReviewConnection')
export class ReviewConnectionView {
  @Field(() => [ReviewEdgeView]) edges!: ReviewEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('RecommendationEngagement', {
  description:
    'Engagement with the recommendations of one product by one model version: counts of those delivered in the window, and rates over `delivered`.',
})
export class EngagementView {
  @Field(() => String) productId!: string;
  @Field(() => ProductTypeValue) productType!: ProductTypeValue;
  @Field(() => String) modelPluginId!: string;
  @Field(() => String) modelVersionId!: string;
  @Field(() => Int) delivered!: number;
  @Field(() => Int) shown!: number;
  @Field(() => Int) opened!: number;
  @Field(() => Int) accepted!: number;
  @Field(() => Int) dismissed!: number;
  @Field(() => Float) shownRate!: number;
  @Field(() => Float) openedRate!: number;
  @Field(() => Float) acceptedRate!: number;
  @Field(() => Float) dismissedRate!: number;

  static of(row: EngagementRow): EngagementView {
    const rate = (count: number) => (row.delivered === 0 ? 0 : count / row.delivered);
    return Object.assign(new EngagementView(), {
      ...row,
      productType: row.productType as ProductTypeValue,
      shownRate: rate(row.shown),
      openedRate: rate(row.opened),
      acceptedRate: rate(row.accepted),
      dismissedRate: rate(row.dismissed),
    });
  }
}

@ObjectType('RecommendationSettings', { description: 'The bank’s recommendation delivery settings.' })
export class SettingsView {
  @Field(() => Int, { description: 'Most recommendations per customer and month (0: none).' })
  maxPerPeriod!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Days after which a dismissed product may return; null: never.',
  })
  dismissedReturnAfterDays!: number | null;
  @Field(() => Boolean, { description: 'True while the bank uses the platform’s defaults.' })
  isDefault!: boolean;
}
