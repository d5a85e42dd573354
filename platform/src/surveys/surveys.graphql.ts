import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { ConsentPurposeValue } from '../consents';
import { ProductTypeValue } from '../products';
import type {
  FeatureThreshold,
  QuestionResult,
  SurveyAudience,
  SurveyChoice,
  SurveyQuestion,
} from './survey-definition';
import type { Survey, SurveyResponse } from './survey.entities';
import type { SurveySettingsRecord } from './survey-settings.service';
import type { SurveyResults } from './surveys.service';

/** GraphQL enums carry the stored values under upper-case names. */
export const SurveyStatusValue = graphqlEnum(
  'SurveyStatus',
  {
    DRAFT: 'draft',
    PUBLISHED: 'published',
    CLOSED: 'closed',
  },
  {
    description:
      'DRAFT (editable, not shown); PUBLISHED (shown to its audience while its window is open; questions fixed); CLOSED.',
  },
);
export type SurveyStatusValue = EnumValue<typeof SurveyStatusValue>;
/** Order matters to generated tests (they use the first value): single choice first. */
export const SurveyQuestionKindValue = graphqlEnum(
  'SurveyQuestionKind',
  {
    SINGLE_CHOICE: 'single-choice',
    MULTIPLE_CHOICE: 'multiple-choice',
    RATING: 'rating',
    FREE_TEXT: 'free-text',
  },
  {
    description:
      'SINGLE_CHOICE (exactly one choice); MULTIPLE_CHOICE (one or more); RATING (a whole number 1-5); FREE_TEXT (up to maxLength characters).',
  },
);
export type SurveyQuestionKindValue = EnumValue<typeof SurveyQuestionKindValue>;
export const ProductSignalValue = graphqlEnum(
  'ProductSignal',
  {
    INTERESTED: 'interested',
    NOT_INTERESTED: 'not-interested',
  },
  {
    description:
      'What choosing a product-linked choice says: INTERESTED (a retraining label like an accepted offer) or NOT_INTERESTED (like a dismissed one).',
  },
);
export type ProductSignalValue = EnumValue<typeof ProductSignalValue>;

@ObjectType('SurveyChoice', { description: 'One choice of a choice question.' })
export class SurveyChoiceView {
  @Field(() => String, { description: '`c1`, `c2`, … within the question.' }) id!: string;
  @Field(() => String) label!: string;
  @Field(() => ProductTypeValue, {
    nullable: true,
    description: 'The product this choice is about (staff only).',
  })
  productType!: ProductTypeValue | null;
  @Field(() => ProductSignalValue, { nullable: true, description: 'Interest or refusal (staff only).' })
  signal!: ProductSignalValue | null;

  static of(choice: SurveyChoice): SurveyChoiceView {
    return Object.assign(new SurveyChoiceView(), {
      id: choice.id,
      label: choice.label,
      productType: (choice.productType ?? null) as ProductTypeValue | null,
      signal: (choice.signal ?? null) as ProductSignalValue | null,
    });
  }
}

@ObjectType('SurveyQuestion', { description: 'One question of a survey version.' })
export class SurveyQuestionView {
  @Field(() => String, { description: '`q1`, `q2`, … in order; answers name it.' }) id!: string;
  @Field(() => SurveyQuestionKindValue) kind!: SurveyQuestionKindValue;
  @Field(() => String) text!: string;
  @Field(() => Boolean) required!: boolean;
  @Field(() => Int, { nullable: true, description: 'Free text: the most characters an answer may have.' })
  maxLength!: number | null;
  @Field(() => [SurveyChoiceView], { description: 'Choice questions: the choices; others: empty.' })
  choices!: SurveyChoiceView[];
  @Field(() => ProductTypeValue, {
    nullable: true,
    description: 'Rating questions: the product rated (staff only; 4-5 interest, 1-2 refusal).',
  })
  productType!: ProductTypeValue | null;

  static of(question: SurveyQuestion): SurveyQuestionView {
    return Object.assign(new SurveyQuestionView(), {
      id: question.id,
      kind: question.kind as SurveyQuestionKindValue,
      text: question.text,
      required: question.required,
      maxLength: question.maxLength ?? null,
      choices: (question.choices ?? []).map(SurveyChoiceView.of),
      productType: (question.productType ?? null) as ProductTypeValue | null,
    });
  }
}

@ObjectType('SurveyFeatureThreshold', { description: 'A bound on one stored feature of the customer.' })
export class SurveyFeatureThresholdView {
  @Field(() => String) feature!: string;
  @Field(() => Float, { nullable: true }) min!: number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;

  static of(threshold: FeatureThreshold): SurveyFeatureThresholdView {
    return Object.assign(new SurveyFeatureThresholdView(), {
      feature: threshold.feature,
      min: threshold.min ?? null,
      max: threshold.max ?? null,
    });
  }
}

@ObjectType('SurveyAudience', {
  description:
    'Who is asked: customers with a live consent for the purpose, narrowed by every feature threshold (their latest stored features).',
})
export class SurveyAudienceView {
  @Field(() => ConsentPurposeValue) consentPurpose!: ConsentPurposeValue;
  @Field(() => [SurveyFeatureThresholdView]) featureThresholds!: SurveyFeatureThresholdView[];

  static of(audience: SurveyAudience): SurveyAudienceView {
    return Object.assign(new SurveyAudienceView(), {
      consentPurpose: audience.consentPurpose as ConsentPurposeValue,
      featureThresholds: audience.featureThresholds.map(SurveyFeatureThresholdView.of),
    });
  }
}

@ObjectType('Survey', { description: "One version of the bank's survey (staff)." })
export class SurveyView {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'Shared by every version of the same survey.' }) seriesId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) title!: string;
  @Field(() => SurveyStatusValue) status!: SurveyStatusValue;
  @Field(() => [SurveyQuestionView]) questions!: SurveyQuestionView[];
  @Field(() => SurveyAudienceView) audience!: SurveyAudienceView;
  @Field(() => Date, { nullable: true, description: 'Shown from then (null: from publication).' })
  opensAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Shown until then (null: until closed).' })
  closesAt!: Date | null;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(survey: Survey): SurveyView {
    return Object.assign(new SurveyView(), {
      id: survey.id,
      seriesId: survey.seriesId,
      version: survey.version,
      title: survey.title,
      status: survey.status as SurveyStatusValue,
      questions: survey.questions.map(SurveyQuestionView.of),
      audience: SurveyAudienceView.of(survey.audience),
      opensAt: survey.opensAt,
      closesAt: survey.closesAt,
      publishedAt: survey.publishedAt,
      closedAt: survey.closedAt,
      createdAt: survey.createdAt,
      updatedAt: survey.updatedAt,
    });
  }
}

@ObjectType('OpenSurvey', { description: 'A survey the signed-in customer is asked to answer.' })
export class OpenSurveyView {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => [SurveyQuestionView]) questions!: SurveyQuestionView[];
  @Field(() => Date, {
    nullable: true,
    description: 'Answerable until then (null: until the bank closes it).',
  })
  closesAt!: Date | null;

  static of(survey: Survey): OpenSurveyView {
    return Object.assign(new OpenSurveyView(), {
      id: survey.id,
      title: survey.title,
      questions: survey.questions.map(SurveyQuestionView.of),
      closesAt: survey.closesAt,
    });
  }
}

@ObjectType('SurveyAnswerReceipt', {
  description: "The customer's stored answer (what was answered, not the words).",
})
export class SurveyAnswerReceiptView {
  @Field(() => ID) id!: string;
  @Field(() => ID) surveyId!: string;
  @Field(() => Int, { description: 'Questions answered.' }) answered!: number;
  @Field(() => Date) answeredAt!: Date;

  static of(response: SurveyResponse): SurveyAnswerReceiptView {
    return Object.assign(new SurveyAnswerReceiptView(), {
      id: response.id,
      surveyId: response.surveyId,
      answered: response.answers.length,
      answeredAt: response.createdAt,
    });
  }
}

@ObjectType('SurveyChoiceCount', {
  description: 'How many chose one choice; hidden (null) when fewer than the minimum audience did.',
})
export class SurveyChoiceCountView {
  @Field(() => String) choiceId!: string;
  @Field(() => String) label!: string;
  @Field(() => Int, { nullable: true, description: 'Null when `suppressed`.' }) count!: number | null;
  @Field(() => Boolean, {
    description:
      'True when the count is hidden: the question or this choice is below the minimum audience (or, in a single-choice question, the count would reveal another hidden one).',
  })
  suppressed!: boolean;
}

@ObjectType('SurveyQuestionResult', {
  description: 'Figures of one question. Free text is only counted: its words are never shown to staff.',
})
export class SurveyQuestionResultView {
  @Field(() => String) questionId!: string;
  @Field(() => SurveyQuestionKindValue) kind!: SurveyQuestionKindValue;
  @Field(() => String) text!: string;
  @Field(() => Int, { description: 'Responses that answered this question.' }) answered!: number;
  @Field(() => Boolean, {
    description:
      'True when fewer than the minimum audience answered: every choice count is null, no average, no spread.',
  })
  suppressed!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'What is hidden and why, in words for staff; null when every figure is shown.',
  })
  suppressionReason!: string | null;
  @Field(() => [SurveyChoiceCountView]) choices!: SurveyChoiceCountView[];
  @Field(() => Float, {
    nullable: true,
    description: 'Rating questions: the mean rating; null when suppressed or nobody rated.',
  })
  ratingAverage!: number | null;
  @Field(() => [Int], {
    description:
      'Rating questions: how many gave 1, 2, 3, 4, 5; empty for other kinds and when hidden (a value given by fewer than the minimum audience).',
  })
  ratingCounts!: number[];

  static of(result: QuestionResult): SurveyQuestionResultView {
    return Object.assign(new SurveyQuestionResultView(), {
      ...result,
      kind: result.kind as SurveyQuestionKindValue,
      choices: result.choices.map((choice) => Object.assign(new SurveyChoiceCountView(), choice)),
    });
  }
}

@ObjectType('SurveyResults', {
  description: 'Aggregate results of one survey version (no individual answers).',
})
export class SurveyResultsView {
  @Field(() => SurveyView) survey!: SurveyView;
  @Field(() => Int) responses!: number;
  @Field(() => Int, {
    description: 'Customers asked: the audience now, plus respondents who have left it since.',
  })
  audience!: number;
  @Field(() => Float, { nullable: true, description: 'responses / audience; null with no audience.' })
  responseRate!: number | null;
  @Field(() => Int, {
    description:
      "The bank's minimum audience in force (surveySettings): figures of fewer respondents are hidden.",
  })
  minimumAudience!: number;
  @Field(() => [SurveyQuestionResultView]) questions!: SurveyQuestionResultView[];

  static of(results: SurveyResults): SurveyResultsView {
    return Object.assign(new SurveyResultsView(), {
      survey: SurveyView.of(results.survey),
      responses: results.responses,
      audience: results.audience,
      responseRate: results.responseRate,
      minimumAudience: results.minimumAudience,
      questions: results.questions.map(SurveyQuestionResultView.of),
    });
  }
}

@ObjectType('SurveySettings', { description: "The bank's settings for survey results." })
export class SurveySettingsView {
  @Field(() => Int, {
    description:
      'The fewest respondents a question, and each answer of it, needs before staff see its figures (at least 5; default 10).',
  })
  minimumAudience!: number;
  @Field(() => Boolean, { description: "True while the bank uses the platform's default." })
  isDefault!: boolean;

  static of(record: SurveySettingsRecord): SurveySettingsView {
    return Object.assign(new SurveySettingsView(), record);
  }
}

@InputType('UpdateSurveySettingsInput')
export class UpdateSurveySettingsInputView {
  @Field(() => Int, { description: 'A whole number from 5 to 1000.' }) minimumAudience!: number;
}

@InputType('SurveyChoiceInput')
export class SurveyChoiceInputView {
  @Field(() => String) label!: string;
  @Field(() => ProductTypeValue, { nullable: true, description: 'Link to a product type (with signal).' })
  productType?: ProductTypeValue | null;
  @Field(() => ProductSignalValue, { nullable: true }) signal?: ProductSignalValue | null;
}

@InputType('SurveyQuestionInput')
export class SurveyQuestionInputView {
  @Field(() => SurveyQuestionKindValue) kind!: SurveyQuestionKindValue;
  @Field(() => String, { description: '1-300 characters.' }) text!: string;
  @Field(() => Boolean, { nullable: true, description: 'Default true.' }) required?: boolean | null;
  @Field(() => [SurveyChoiceInputView], { nullable: true, description: 'Choice questions: 2-10 choices.' })
  choices?: SurveyChoiceInputView[] | null;
  @Field(() => Int, { nullable: true, description: 'Free text: 1-500 characters allowed (default 280).' })
  maxLength?: number | null;
  @Field(() => ProductTypeValue, { nullable: true, description: 'Rating questions: the product rated.' })
  productType?: ProductTypeValue | null;
}

@InputType('SurveyFeatureThresholdInput')
export class SurveyFeatureThresholdInputView {
  @Field(() => String, { description: 'A feature of the vocabulary, e.g. `income.monthly`.' })
  feature!: string;
  @Field(() => Float, { nullable: true }) min?: number | null;
  @Field(() => Float, { nullable: true }) max?: number | null;
}

@InputType('SurveyAudienceInput')
export class SurveyAudienceInputView {
  @Field(() => ConsentPurposeValue) consentPurpose!: ConsentPurposeValue;
  @Field(() => [SurveyFeatureThresholdInputView], { nullable: true, description: 'At most 5.' })
  featureThresholds?: SurveyFeatureThresholdInputView[] | null;
}

@InputType('SurveyInput', {
  description: 'A survey definition: 1-20 questions, an audience, an optional window.',
})
export class SurveyInputView {
  @Field(() => String, { description: '1-120 characters.' }) title!: string;
  @Field(() => [SurveyQuestionInputView]) questions!: SurveyQuestionInputView[];
  @Field(() => SurveyAudienceInputView) audience!: SurveyAudienceInputView;
  @Field(() => Date, { nullable: true }) opensAt?: Date | null;
  @Field(() => Date, { nullable: true }) closesAt?: Date | null;
}

@InputType('SurveyAnswerInput', {
  description: 'One answer: choiceIds for choice questions, rating for ratings, text for free text.',
})
export class SurveyAnswerInputView {
  @Field(() => String) questionId!: string;
  @Field(() => [String], { nullable: true }) choiceIds?: string[] | null;
  @Field(() => Int, { nullable: true }) rating?: number | null;
  @Field(() => String, { nullable: true }) text?: string | null;
}

@InputType('AnswerSurveyInput')
export class AnswerSurveyInputView {
  @Field(() => ID) surveyId!: string;
  @Field(() => [SurveyAnswerInputView]) answers!: SurveyAnswerInputView[];
}
