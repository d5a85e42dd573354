import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { MoneyView } from '../money';
import type { PromptStats } from './prompt-stats';
import type { PromptRecord, PromptSettingsRecord } from './transaction-prompts.service';

const hiddenAnswer =
  'Prompts answered so; null when hidden (fewer customers than the minimum audience gave it, or it would reveal another hidden count); 0 when prompts of this reason cannot be answered so.';

/** Order matters to generated tests (they use the first value). */
export const PromptReasonValue = graphqlEnum(
  'TransactionPromptReason',
  { LARGE_AMOUNT: 'large-amount', NEW_RECURRING: 'new-recurring', NEW_MERCHANT: 'new-merchant' },
  {
    description:
      "LARGE_AMOUNT: far above the customer's own median payment; NEW_RECURRING: the latest of a newly detected recurring payment; NEW_MERCHANT: the first payment to a merchant.",
  },
);
export type PromptReasonValue = EnumValue<typeof PromptReasonValue>;
export const PromptQuestionValue = graphqlEnum(
  'TransactionPromptQuestion',
  { EXPECTED: 'expected', CATEGORY: 'category' },
  { description: 'EXPECTED: "was this expected?"; CATEGORY: "is this category right?".' },
);
export type PromptQuestionValue = EnumValue<typeof PromptQuestionValue>;
export const PromptAnswerValue = graphqlEnum(
  'TransactionPromptAnswer',
  {
    EXPECTED: 'expected',
    UNEXPECTED: 'unexpected',
    CATEGORY_RIGHT: 'category-right',
    CATEGORY_WRONG: 'category-wrong',
  },
  {
    description:
      'EXPECTED / UNEXPECTED answer an EXPECTED question; CATEGORY_RIGHT / CATEGORY_WRONG (with the right category) a CATEGORY one.',
  },
);
export type PromptAnswerValue = EnumValue<typeof PromptAnswerValue>;

@ObjectType('TransactionPrompt', {
  description: "A short question about one of the customer's notable transactions.",
})
export class TransactionPromptView {
  @Field(() => ID) id!: string;
  @Field(() => ID) transactionId!: string;
  @Field(() => PromptReasonValue) reason!: PromptReasonValue;
  @Field(() => PromptQuestionValue) question!: PromptQuestionValue;
  @Field(() => String, { description: 'The question in words, e.g. "Was this €1,240.00 at IKEA expected?".' })
  text!: string;
  @Field(() => MoneyView) amount!: MoneyView;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) bookingDate!: string;
  @Field(() => String, { nullable: true }) merchant!: string | null;
  @Field(() => String, { nullable: true, description: 'The category id the transaction has now.' })
  category!: string | null;
  @Field(() => PromptAnswerValue, { nullable: true }) answer!: PromptAnswerValue | null;
  @Field(() => Date) createdAt!: Date;

  static of(record: PromptRecord): TransactionPromptView {
    return Object.assign(new TransactionPromptView(), {
      id: record.prompt.id,
      transactionId: record.prompt.transactionId,
      reason: record.prompt.reason as PromptReasonValue,
      question: record.prompt.question as PromptQuestionValue,
      text: record.text,
      amount: MoneyView.of({ minor: record.amountMinor.toString(), currency: record.currency }),
      bookingDate: record.bookingDate,
      merchant: record.merchant,
      category: record.category,
      answer: (record.prompt.answer ?? null) as PromptAnswerValue | null,
      createdAt: record.prompt.createdAt,
    });
  }
}

@ObjectType('TransactionPromptSettings', {
  description: "The bank's thresholds for prompts after notable transactions.",
})
export class PromptSettingsView {
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Float, { description: "Large: above this multiple of the customer's median payment..." })
  largeAmountMultiple!: number;
  @Field(() => String, { description: '...and above this many minor units.' }) largeAmountMinMinor!: string;
  @Field(() => Int, { description: 'At most this many prompts per customer in any 7 days.' })
  weeklyCap!: number;
  @Field(() => Boolean, { description: "True while the bank uses the platform's defaults." })
  isDefault!: boolean;

  static of(record: PromptSettingsRecord): PromptSettingsView {
    return Object.assign(new PromptSettingsView(), {
      ...record,
      largeAmountMinMinor: record.largeAmountMinMinor.toString(),
    });
  }
}

@ObjectType('TransactionPromptStats', {
  description:
    "Prompts of one reason created in a window and how they were answered, each answer count held to the bank's minimum audience (surveySettings) like survey results.",
})
export class PromptStatsView {
  @Field(() => PromptReasonValue) reason!: PromptReasonValue;
  @Field(() => Int) prompted!: number;
  @Field(() => Int) answered!: number;
  @Field(() => Int, {
    description:
      'Customers who answered at least one prompt of this reason: fewer than the minimum audience hides every answer count.',
  })
  respondents!: number;
  @Field(() => Float, { nullable: true, description: 'answered / prompted; null when none were prompted.' })
  answerRate!: number | null;
  @Field(() => Int, { nullable: true, description: hiddenAnswer }) expected!: number | null;
  @Field(() => Int, { nullable: true, description: hiddenAnswer }) unexpected!: number | null;
  @Field(() => Int, { nullable: true, description: hiddenAnswer }) categoryRight!: number | null;
  @Field(() => Int, { nullable: true, description: hiddenAnswer }) categoryWrong!: number | null;
  @Field(() => Boolean, {
    description:
      'True when fewer than the minimum audience answered prompts of this reason: every answer count is null.',
  })
  suppressed!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'What is hidden and why, in words for staff; null when every figure is shown.',
  })
  suppressionReason!: string | null;

  static of(stats: PromptStats): PromptStatsView {
    return Object.assign(new PromptStatsView(), {
      reason: stats.reason as PromptReasonValue,
      prompted: stats.prompted,
      answered: stats.answered,
      respondents: stats.respondents,
      answerRate: stats.answerRate,
      expected: stats.answers.expected,
      unexpected: stats.answers.unexpected,
      categoryRight: stats.answers['category-right'],
      categoryWrong: stats.answers['category-wrong'],
      suppressed: stats.suppressed,
      suppressionReason: stats.suppressionReason,
    });
  }
}

@InputType('AnswerTransactionPromptInput')
export class AnswerPromptInputView {
  @Field(() => ID) promptId!: string;
  @Field(() => PromptAnswerValue) answer!: PromptAnswerValue;
  @Field(() => String, { nullable: true, description: 'With CATEGORY_WRONG: the right category id.' })
  category?: string | null;
}

@InputType('TransactionPromptSettingsInput', { description: 'Fields left out stay as they are.' })
export class PromptSettingsInputView {
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
  @Field(() => Float, { nullable: true, description: '1-100.' }) largeAmountMultiple?: number | null;
  @Field(() => String, { nullable: true, description: 'Minor units, 0 or more.' }) largeAmountMinMinor?:
    string | null;
  @Field(() => Int, { nullable: true, description: '0-50 (0: no prompts).' }) weeklyCap?: number | null;
}
