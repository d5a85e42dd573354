import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import type { PromptAnswer } from './transaction-prompt.entities';
import {
  AnswerPromptInputView,
  PromptSettingsInputView,
  PromptSettingsView,
  PromptStatsView,
  TransactionPromptView,
} from './transaction-prompts.graphql';
import { TransactionPromptsService } from './transaction-prompts.service';

/** Prompts after notable transactions: customers answer theirs; staff set thresholds and read answer rates. */
@Resolver()
export class TransactionPromptsResolver {
  constructor(private readonly prompts: TransactionPromptsService) {}

  @Query(() => [TransactionPromptView], {
    description:
      "The signed-in customer's unanswered prompts about their notable transactions, newest first.",
  })
  async transactionPrompts(): Promise<TransactionPromptView[]> {
    authorize('read', 'TransactionPrompt', 'read your transaction prompts');
    return (await this.prompts.openForCaller()).map(TransactionPromptView.of);
  }

  @Mutation(() => TransactionPromptView, {
    description:
      'Answers one of your prompts; CATEGORY_WRONG with a category re-categorises the transaction. INVALID, NOT_FOUND or CONFLICT (answered) change nothing.',
  })
  async answerTransactionPrompt(@Args('input') input: AnswerPromptInputView): Promise<TransactionPromptView> {
    authorize('update', 'TransactionPrompt', 'answer a transaction prompt');
    return TransactionPromptView.of(
      await this.prompts.answer(input.promptId, input.answer as PromptAnswer, input.category ?? null),
    );
  }

  @Query(() => PromptSettingsView, {
    description: "The bank's settings for prompts after notable transactions.",
  })
  async transactionPromptSettings(): Promise<PromptSettingsView> {
    authorize('read', 'TransactionPromptSettings', 'read the transaction prompt settings');
    return PromptSettingsView.of(await this.prompts.settings());
  }

  @Mutation(() => PromptSettingsView, {
    description: 'Changes the prompt settings; INVALID naming each bad field.',
  })
  async updateTransactionPromptSettings(
    @Args('input') input: PromptSettingsInputView,
  ): Promise<PromptSettingsView> {
    authorize('update', 'TransactionPromptSettings', 'change the transaction prompt settings');
    return PromptSettingsView.of(
      await this.prompts.updateSettings({
        ...(input.enabled != null ? { enabled: input.enabled } : {}),
        ...(input.largeAmountMultiple != null ? { largeAmountMultiple: input.largeAmountMultiple } : {}),
        ...(input.largeAmountMinMinor != null ? { largeAmountMinMinor: input.largeAmountMinMinor } : {}),
        ...(input.weeklyCap != null ? { weeklyCap: input.weeklyCap } : {}),
      }),
    );
  }

  @Query(() => [PromptStatsView], {
    description:
      'Per reason: prompts created in [from, to), how many were answered and how (aggregates only).',
  })
  async transactionPromptStats(
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
  ): Promise<PromptStatsView[]> {
    authorize('read', 'TransactionPromptSettings', 'read transaction prompt answer rates');
    return (await this.prompts.stats(from, to)).map(PromptStatsView.of);
  }
}
