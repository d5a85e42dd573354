import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { BehaviourModule } from '../behaviour';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { ModelRegistryModule, RecommendationOutcomesSource } from '../model-registry';
import { ProductsModule } from '../products';
import { Survey, SurveyResponse } from './survey.entities';
import { SurveyLabels } from './survey-labels';
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

/** Bank surveys and customers' answers: the service (API). */
@Module({
  imports: [
    MikroOrmModule.forFeature([Survey, SurveyResponse]),
    AuditModule,
    BehaviourModule,
    ConsentsModule,
    CryptoModule,
    SurveyLabelsModule,
  ],
  providers: [SurveysService],
  exports: [SurveysService, SurveyLabelsModule],
})
export class SurveysModule {}

/** Staff's surveys and results, customers' open surveys and answers. */
@Module({
  imports: [SurveysModule],
  providers: [SurveysResolver],
})
export class SurveysGraphqlModule {}
