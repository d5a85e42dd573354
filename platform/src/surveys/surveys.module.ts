import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { BehaviourModule } from '../behaviour';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { ModelRegistryModule, RecommendationOutcomesSource } from '../model-registry';
import { ProductsModule } from '../products';
import { EnrichmentModule } from '../enrichment';
import { Survey, SurveyResponse } from './survey.entities';
import { TransactionPrompt, TransactionPromptSettingsRow } from './transaction-prompt.entities';
import { TransactionPromptsResolver } from './transaction-prompts.resolver';
import { TransactionPromptsService } from './transaction-prompts.service';
import { SurveyLabels } from './survey-labels';
import { SurveySettingsService } from './survey-settings.service';
import { SurveysResolver } from './surveys.resolver';
import { SurveysService } from './surveys.service';

/**
 * Survey answers as retraining labels (Seam C), on its own so the worker's retraining gets them without
 * the rest of surveys.
 */
@Module({
  imports: [ModelRegistryModule, ProductsModule],
  providers: [SurveyLabels],
  exports: [SurveyLabels],
})
export class SurveyLabelsModule {
  // The registry reads labels through its own slot (it does not import surveys): connect them here.
  constructor(outcomes: RecommendationOutcomesSource, labels: SurveyLabels) {
    outcomes.connect(labels);
  }
}

/**
 * Bank surveys, customers' answers and prompts after notable transactions: the services (API, and the
 * worker's after-sync step that creates prompts).
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([Survey, SurveyResponse, TransactionPrompt, TransactionPromptSettingsRow]),
    AuditModule,
    BehaviourModule,
    ConsentsModule,
    CryptoModule,
    EnrichmentModule,
    SurveyLabelsModule,
  ],
  providers: [SurveysService, SurveySettingsService, TransactionPromptsService],
  exports: [SurveysService, SurveySettingsService, TransactionPromptsService, SurveyLabelsModule],
})
export class SurveysModule {}

/** Staff's surveys, results and prompt settings; customers' open surveys, prompts and answers. */
@Module({
  imports: [SurveysModule],
  providers: [SurveysResolver, TransactionPromptsResolver],
})
export class SurveysGraphqlModule {}
