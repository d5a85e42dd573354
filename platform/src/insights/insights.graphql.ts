import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { PageInfoView } from '../pagination';
import type { InsightFeedbackRecord, InsightRecord } from './customer-insights.service';
import type { InsightSettingsRecord, KindEngagementRow } from './insight-settings.service';

/** GraphQL enums carry the stored engagement outcomes under upper-case names. */
export const InsightOutcomeValue = graphqlEnum(
  'InsightOutcome',
  { OPENED: 'opened', DISMISSED: 'dismissed', ACTED: 'acted' },
  {
    description:
      'OPENED: the customer opened it; DISMISSED: "not useful", it is not listed again; ACTED: the customer did what it suggested.',
  },
);
export type InsightOutcomeValue = EnumValue<typeof InsightOutcomeValue>;

@ObjectType('InsightFeedback', { description: 'How the signed-in customer has responded to an insight.' })
export class InsightFeedbackView {
  @Field(() => InsightOutcomeValue, { nullable: true, description: 'The latest outcome recorded.' })
  outcome!: InsightOutcomeValue | null;
  @Field(() => [InsightOutcomeValue], { description: 'Every outcome recorded, oldest first.' })
  outcomes!: InsightOutcomeValue[];
  @Field(() => Int, { nullable: true, description: 'Thumbs: 1 up, -1 down; null when not rated.' })
  rating!: number | null;
  @Field(() => Date, { description: 'When the customer last responded.' })
  respondedAt!: Date;

  static of(record: InsightFeedbackRecord): InsightFeedbackView {
    return Object.assign(new InsightFeedbackView(), {
      ...record,
      outcome: record.outcome as InsightOutcomeValue | null,
      outcomes: record.outcomes as InsightOutcomeValue[],
    });
  }
}

@ObjectType('Insight', {
  description:
    'An insight about the signed-in customer’s money (e.g. a subscription price rise, a low balance ahead), written in their language.',
})
export class InsightView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'What kind of insight, e.g. `upcoming-low-balance`.' }) kind!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'The insight in a sentence or two.' }) text!: string;
  @Field(() => String, { description: '`info` or `warning` (`notice` from older generators).' })
  severity!: string;
  @Field(() => Float, { description: 'How relevant it is, 0-1, learned from engagement with its kind.' })
  relevance!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'After this it is no longer listed.' })
  expiresAt!: Date | null;
  @Field(() => InsightFeedbackView, { nullable: true, description: 'Null until the customer responds.' })
  feedback!: InsightFeedbackView | null;

  static of(record: InsightRecord): InsightView {
    return Object.assign(new InsightView(), {
      ...record,
      feedback: record.feedback ? InsightFeedbackView.of(record.feedback) : null,
    });
  }
}

@ObjectType('InsightEdge')
export class InsightEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => InsightView) node!: InsightView;
}

@ObjectType('InsightConnection')
export class InsightConnectionView {
  @Field(() => [InsightEdgeView]) edges!: InsightEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int, { description: 'How many insights are listed in all.' }) totalCount!: number;
}

@InputType('RespondToInsightInput')
export class RespondToInsightInput {
  @Field(() => ID) insightId!: string;
  @Field(() => InsightOutcomeValue, { nullable: true }) outcome?: InsightOutcomeValue | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Thumbs: 1 up, -1 down (replaces an earlier rating). Give `outcome`, `rating` or both.',
  })
  rating?: number | null;
}

@ObjectType('InsightKindSetting', { description: 'One kind of insight the bank’s generators produce.' })
export class InsightKindSettingView {
  @Field(() => String) kind!: string;
  @Field(() => String, { description: 'What the kind is about (from its generator).' }) description!: string;
  @Field(() => String, { description: 'The plugin that generates it.' }) pluginId!: string;
  @Field(() => Boolean, { description: 'Whether customers get insights of this kind.' }) enabled!: boolean;
}

@ObjectType('InsightSettings', { description: 'How the bank delivers insights to its customers.' })
export class InsightSettingsView {
  @Field(() => Float, {
    description:
      'Insights whose learned relevance is at least this (0-1) are also notified (inbox, e-mail, push); the others are only listed in the app.',
  })
  notifyThreshold!: number;
  @Field(() => [InsightKindSettingView], {
    description: 'The kinds the bank’s enabled insight generators produce, each on or off.',
  })
  kinds!: InsightKindSettingView[];
  @Field(() => Boolean, { description: 'True while the bank uses the platform’s defaults.' })
  isDefault!: boolean;

  static of(record: InsightSettingsRecord): InsightSettingsView {
    return Object.assign(new InsightSettingsView(), {
      ...record,
      kinds: record.kinds.map((kind) => Object.assign(new InsightKindSettingView(), kind)),
    });
  }
}

@InputType('InsightKindSettingInput')
export class InsightKindSettingInput {
  @Field(() => String) kind!: string;
  @Field(() => Boolean) enabled!: boolean;
}

@InputType('UpdateInsightSettingsInput')
export class UpdateInsightSettingsInput {
  @Field(() => Float, { nullable: true, description: '0-1; unchanged when omitted.' })
  notifyThreshold?: number | null;
  @Field(() => [InsightKindSettingInput], {
    nullable: true,
    description: 'Kinds to switch on or off; kinds not listed keep their setting.',
  })
  kinds?: InsightKindSettingInput[] | null;
}

@ObjectType('InsightKindEngagement', {
  description:
    'Engagement with one kind of insight created in the window: counts of insights with each response, and rates over `shown`. No customer is named.',
})
export class InsightKindEngagementView {
  @Field(() => String) kind!: string;
  @Field(() => Int, { description: 'Insights of the kind created in the window.' }) generated!: number;
  @Field(() => Int, { description: 'Of those, listed to the customer at least once.' }) shown!: number;
  @Field(() => Int) opened!: number;
  @Field(() => Int) dismissed!: number;
  @Field(() => Int) acted!: number;
  @Field(() => Int) thumbsUp!: number;
  @Field(() => Int) thumbsDown!: number;
  @Field(() => Float, { description: 'Shown insights with any response (opened, dismissed, acted, rated).' })
  engagementRate!: number;
  @Field(() => Float) openedRate!: number;
  @Field(() => Float) dismissedRate!: number;
  @Field(() => Float) actedRate!: number;

  static of(row: KindEngagementRow): InsightKindEngagementView {
    const rate = (count: number) => (row.shown === 0 ? 0 : count / row.shown);
    return Object.assign(new InsightKindEngagementView(), {
      kind: row.kind,
      generated: row.generated,
      shown: row.shown,
      opened: row.opened,
      dismissed: row.dismissed,
      acted: row.acted,
      thumbsUp: row.thumbsUp,
      thumbsDown: row.thumbsDown,
      engagementRate: rate(row.responded),
      openedRate: rate(row.opened),
      dismissedRate: rate(row.dismissed),
      actedRate: rate(row.acted),
    });
  }
}
