import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../graphql-enums';
import type { RetrainingPolicy } from './model-registry.service';
import type { ModelVersion } from './model-version.entity';
import type { TrainingRun } from './training-run.entity';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(
    values.map((value) => [
      value.toUpperCase().replaceAll('-', '_'),
      value.toUpperCase().replaceAll('-', '_'),
    ]),
  ) as Record<string, string>;

export const ModelVersionStatusValue = graphqlEnum(
  'ModelVersionStatus',
  enumOf(['candidate', 'champion', 'retired', 'rejected', 'awaiting-approval']),
  {
    valueDescriptions: {
      CANDIDATE: 'Trained and evaluated; not decided yet.',
      CHAMPION: "Scores the bank's recommendations (one per model).",
      RETIRED: 'Was the champion until another version was promoted.',
      REJECTED: 'Not promoted: not better than the champion and the baselines, or a person said no.',
      AWAITING_APPROVAL: 'Better than the champion and the baselines; waits for a staff member.',
    },
  },
);

export const RetrainingTriggerValue = graphqlEnum(
  'RetrainingTrigger',
  enumOf(['schedule', 'feedback', 'drift', 'manual']),
  {
    valueDescriptions: {
      SCHEDULE: "The bank's retraining period passed.",
      FEEDBACK: 'Enough new recommendation outcomes arrived.',
      DRIFT: "Customers' features drifted from the champion's training data.",
      MANUAL: 'A staff member asked for it.',
    },
  },
);

export const TrainingRunStatusValue = graphqlEnum(
  'TrainingRunStatus',
  enumOf(['running', 'awaiting-approval', 'succeeded', 'failed', 'cancelled']),
);

const graphqlName = (value: string) => value.toUpperCase().replaceAll('-', '_');

@ObjectType('ModelVersion', {
  description: 'One trained version of a recommendation model of the bank, with what it was measured on.',
})
export class ModelVersionView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The recommendation-model plugin.' }) modelPluginId!: string;
  @Field(() => String, { description: 'The plugin version that trained it.' }) pluginVersion!: string;
  @Field(() => Int, { description: '1, 2, … per model.' }) version!: number;
  @Field(() => ModelVersionStatusValue) status!: string;
  @Field(() => RetrainingTriggerValue) trigger!: string;
  @Field(() => Int, { description: 'Training examples (customers with a live personalisation consent).' })
  examples!: number;
  @Field(() => Int, { description: 'Positive labels (products taken or recommendations accepted).' })
  positives!: number;
  @Field(() => Float, { nullable: true, description: 'Validation AUC of this version (the primary metric).' })
  auc!: number | null;
  @Field(() => String, { description: 'What the model reported about itself, as JSON text.' })
  modelMetrics!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'What the platform measured on the validation window, as JSON text: `{ window, challenger, champion, baselines }` (AUC, MAP@k, NDCG@k, Brier, ECE).',
  })
  validationMetrics!: string | null;
  @Field(() => String, { description: 'Train and validation feature and label windows, as JSON text.' })
  dataWindow!: string;
  @Field(() => [String], { description: 'The features it was trained on.' }) features!: string[];
  @Field(() => String, { nullable: true, description: 'Who decided: a staff subject, or `system`.' })
  decidedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was promoted, rejected or made to wait.' })
  decisionReason!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => Date, { nullable: true }) promotedAt!: Date | null;
  @Field(() => Date, { nullable: true }) retiredAt!: Date | null;
  @Field(() => Date) createdAt!: Date;

  static of(row: ModelVersion): ModelVersionView {
    const auc = row.validationMetrics?.challenger.auc;
    return Object.assign(new ModelVersionView(), {
      id: row.id,
      modelPluginId: row.modelPluginId,
      pluginVersion: row.pluginVersion,
      version: row.version,
      status: graphqlName(row.status),
      trigger: graphqlName(row.trigger),
      examples: row.examples,
      positives: row.positives,
      auc: typeof auc === 'number' ? auc : null,
      modelMetrics: JSON.stringify(row.modelMetrics),
      validationMetrics: row.validationMetrics ? JSON.stringify(row.validationMetrics) : null,
      dataWindow: JSON.stringify(row.dataWindow),
      features: [...row.features],
      decidedBy: row.decidedBy,
      decisionReason: row.decisionReason,
      decidedAt: row.decidedAt,
      promotedAt: row.promotedAt,
      retiredAt: row.retiredAt,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType('ModelTrainingRun', { description: 'One run of the retraining workflow, with its progress.' })
export class ModelTrainingRunView {
  @Field(() => ID) id!: string;
  @Field(() => String) modelPluginId!: string;
  @Field(() => String, { description: 'The Temporal workflow id of the run.' }) workflowId!: string;
  @Field(() => RetrainingTriggerValue) trigger!: string;
  @Field(() => String, { description: 'Why it started.' }) reason!: string;
  @Field(() => TrainingRunStatusValue) status!: string;
  @Field(() => String, { description: 'dataset, training, evaluating, deciding, awaiting-approval or done.' })
  stage!: string;
  @Field(() => Float, { description: 'Progress of the stage, 0 to 1.' }) progress!: number;
  @Field(() => String, { description: 'Who asked: a staff subject, or `system`.' }) requestedBy!: string;
  @Field(() => ID, { nullable: true, description: 'The version it trained.' }) modelVersionId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'How it ended: the decision’s reason, or what failed.',
  })
  outcomeReason!: string | null;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;

  static of(row: TrainingRun): ModelTrainingRunView {
    return Object.assign(new ModelTrainingRunView(), {
      id: row.id,
      modelPluginId: row.modelPluginId,
      workflowId: row.workflowId,
      trigger: graphqlName(row.trigger),
      reason: row.reason,
      status: graphqlName(row.status),
      stage: row.stage,
      progress: row.progress,
      requestedBy: row.requestedBy,
      modelVersionId: row.modelVersionId,
      outcomeReason: row.outcomeReason,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    });
  }
}

@ObjectType('RetrainingPolicy', {
  description: 'How the bank retrains a model (its own setting or the defaults).',
})
export class RetrainingPolicyView {
  @Field(() => Int, { description: 'A scheduled run this many days after the last run.' })
  periodDays!: number;
  @Field(() => Int, { description: 'An early run after this many new recommendation outcomes.' })
  feedbackThreshold!: number;
  @Field(() => Float, {
    description: 'An early run when a feature’s PSI against the champion’s training data reaches this.',
  })
  driftThreshold!: number;
  @Field(() => Boolean, { description: 'A better version waits for a staff member’s approval.' })
  approvalRequired!: boolean;

  static of(policy: RetrainingPolicy): RetrainingPolicyView {
    return Object.assign(new RetrainingPolicyView(), policy);
  }
}

@ObjectType('RecommendationModel', { description: 'A recommendation-model plugin the bank has enabled.' })
export class RecommendationModelView {
  @Field(() => String) pluginId!: string;
  @Field(() => String, { description: 'The installed plugin version.' }) version!: string;
  @Field(() => [String], { description: 'The features it asks for.' }) features!: string[];
  @Field(() => ModelVersionView, {
    nullable: true,
    description: 'The version that scores now; null: none yet.',
  })
  champion!: ModelVersionView | null;
  @Field(() => RetrainingPolicyView) policy!: RetrainingPolicyView;
}

@ObjectType('ModelRetrainingRequest', {
  description: 'A retraining asked for: the workflow that will run it.',
})
export class ModelRetrainingRequestView {
  @Field(() => String) modelPluginId!: string;
  @Field(() => String, {
    description: 'The Temporal workflow id of the bank’s retraining loop for the model.',
  })
  workflowId!: string;
}
