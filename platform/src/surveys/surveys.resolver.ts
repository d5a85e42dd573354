import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import type { ConsentPurpose } from '../consents';
import type { ProductType } from '@finpersona/plugin-sdk';
import type { QuestionInput } from './survey-definition';
import {
  AnswerSurveyInputView,
  OpenSurveyView,
  SurveyAnswerReceiptView,
  SurveyInputView,
  SurveyResultsView,
  SurveySettingsView,
  SurveyView,
  UpdateSurveySettingsInputView,
} from './surveys.graphql';
import { SurveySettingsService } from './survey-settings.service';
import { type SurveyInput, SurveysService } from './surveys.service';

/** GraphQL input → the service's definition (enum values are the stored strings already). */
function definitionOf(input: SurveyInputView): SurveyInput {
  return {
    title: input.title,
    questions: input.questions.map((question): QuestionInput => ({
      kind: question.kind,
      text: question.text,
      required: question.required ?? null,
      maxLength: question.maxLength ?? null,
      productType: (question.productType ?? null) as ProductType | null,
      choices:
        question.choices?.map((choice) => ({
          label: choice.label,
          productType: (choice.productType ?? null) as ProductType | null,
          signal: choice.signal ?? null,
        })) ?? null,
    })),
    audience: {
      consentPurpose: input.audience.consentPurpose as ConsentPurpose,
      featureThresholds: input.audience.featureThresholds ?? null,
    },
    opensAt: input.opensAt ?? null,
    closesAt: input.closesAt ?? null,
  };
}

/** Bank surveys: staff define and read results; customers answer the ones open to them (README "Surveys"). */
@Resolver()
export class SurveysResolver {
  constructor(
    private readonly surveysService: SurveysService,
    private readonly settingsService: SurveySettingsService,
  ) {}

  @Query(() => [SurveyView], { description: "Every version of the bank's surveys, newest first (staff)." })
  async bankSurveys(): Promise<SurveyView[]> {
    authorize('read', 'Survey', "read the bank's surveys");
    return (await this.surveysService.list()).map(SurveyView.of);
  }

  @Query(() => SurveyResultsView, {
    description:
      "Per-question counts and averages and the response rate of one survey version; free-text answers are counted, never shown; figures of fewer respondents than the bank's minimum audience are hidden (`suppressed`).",
  })
  async surveyResults(@Args('id', { type: () => ID }) id: string): Promise<SurveyResultsView> {
    authorize('read', 'Survey', 'read survey results');
    return SurveyResultsView.of(await this.surveysService.results(id));
  }

  @Query(() => [OpenSurveyView], {
    description: 'The surveys open to the signed-in customer that they have not answered yet, newest first.',
  })
  async surveys(): Promise<OpenSurveyView[]> {
    authorize('read', 'SurveyResponse', 'read your surveys');
    return (await this.surveysService.openToCaller()).map(OpenSurveyView.of);
  }

  @Mutation(() => SurveyView, {
    description: 'A new survey as a draft (version 1); INVALID naming each bad field.',
  })
  async createSurvey(@Args('input') input: SurveyInputView): Promise<SurveyView> {
    authorize('create', 'Survey', 'create a survey');
    return SurveyView.of(await this.surveysService.create(definitionOf(input)));
  }

  @Mutation(() => SurveyView, {
    description:
      'Replaces a draft version; CONFLICT once published or closed (create a new version instead).',
  })
  async updateSurvey(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: SurveyInputView,
  ): Promise<SurveyView> {
    authorize('update', 'Survey', 'change a survey');
    return SurveyView.of(await this.surveysService.update(id, definitionOf(input)));
  }

  @Mutation(() => SurveyView, {
    description:
      "Publishes a draft version (closing the survey's previously published one); CONFLICT unless a draft.",
  })
  async publishSurvey(@Args('id', { type: () => ID }) id: string): Promise<SurveyView> {
    authorize('update', 'Survey', 'publish a survey');
    return SurveyView.of(await this.surveysService.publish(id));
  }

  @Mutation(() => SurveyView, { description: 'Closes a published version; CONFLICT unless published.' })
  async closeSurvey(@Args('id', { type: () => ID }) id: string): Promise<SurveyView> {
    authorize('update', 'Survey', 'close a survey');
    return SurveyView.of(await this.surveysService.close(id));
  }

  @Mutation(() => SurveyView, {
    description:
      "A new draft version copying the survey's newest version, to change a published survey; CONFLICT when a draft exists.",
  })
  async createSurveyVersion(@Args('id', { type: () => ID }) id: string): Promise<SurveyView> {
    authorize('create', 'Survey', 'create a survey version');
    return SurveyView.of(await this.surveysService.createVersion(id));
  }

  @Mutation(() => SurveyAnswerReceiptView, {
    description:
      'Answers a survey open to the signed-in customer, once per version; INVALID naming each bad answer, NOT_FOUND when not open to them, CONFLICT when answered already.',
  })
  async answerSurvey(@Args('input') input: AnswerSurveyInputView): Promise<SurveyAnswerReceiptView> {
    authorize('create', 'SurveyResponse', 'answer a survey');
    return SurveyAnswerReceiptView.of(await this.surveysService.answer(input.surveyId, input.answers));
  }

  @Query(() => SurveySettingsView, {
    description: "The bank's survey settings: the minimum audience below which results are hidden.",
  })
  async surveySettings(): Promise<SurveySettingsView> {
    authorize('read', 'SurveySettings', 'read the survey settings');
    return SurveySettingsView.of(await this.settingsService.settings());
  }

  @Mutation(() => SurveySettingsView, {
    description:
      'Sets the minimum audience of survey results (step-up); INVALID below 5 or above 1000 (nothing changed).',
  })
  async updateSurveySettings(
    @Args('input') input: UpdateSurveySettingsInputView,
  ): Promise<SurveySettingsView> {
    authorize('update', 'SurveySettings', 'change the survey settings');
    return SurveySettingsView.of(await this.settingsService.update(input));
  }
}
