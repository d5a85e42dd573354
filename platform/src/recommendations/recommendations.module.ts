import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { BehaviourModule } from '../behaviour';
import { ComplianceModule } from '../compliance';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { MarketingModule } from '../marketing';
import { ModelRegistryModule, ModelRegistryService, RecommendationOutcomesSource } from '../model-registry';
import { PluginsModule } from '../plugins';
import { ProductsModule } from '../products';
import { OutboxModule } from '../webhooks';
import { ChampionModels, ChampionScorer, championsOf } from './champion-scorer';
import {
  Recommendation,
  RecommendationEvent,
  RecommendationReview,
  RecommendationSettings,
} from './recommendation.entities';
import { RecommendationFeedback } from './recommendation-feedback';
import { RecommendationsResolver } from './recommendations.resolver';
import { RecommendationsService } from './recommendations.service';

/**
 * Recommendation outcomes for retraining (Seam 6), on its own so the worker (the registry's retraining
 * activities) gets it without what delivery needs.
 */
@Module({
  imports: [ModelRegistryModule],
  providers: [RecommendationFeedback],
  exports: [RecommendationFeedback],
})
export class RecommendationFeedbackModule {
  // The registry reads outcomes through its own slot (it does not import delivery): connect it here.
  constructor(outcomes: RecommendationOutcomesSource, feedback: RecommendationFeedback) {
    outcomes.connect(feedback);
  }
}

/** Recommendation delivery, feedback and reviews (API). */
@Module({
  imports: [
    MikroOrmModule.forFeature([
      Recommendation,
      RecommendationEvent,
      RecommendationReview,
      RecommendationSettings,
    ]),
    AuditModule,
    BehaviourModule,
    ComplianceModule,
    ConsentsModule,
    CryptoModule,
    MarketingModule,
    PluginsModule,
    ProductsModule,
    OutboxModule,
    ModelRegistryModule,
    RecommendationFeedbackModule,
  ],
  providers: [
    RecommendationsService,
    ChampionScorer,
    // The model registry's champion of the bank (Seam 5).
    { provide: ChampionModels, inject: [ModelRegistryService], useFactory: championsOf },
  ],
  exports: [RecommendationsService, RecommendationFeedbackModule],
})
export class RecommendationsModule {}

/** The customers' recommendations and the staff's reviews, engagement and settings. */
@Module({
  imports: [RecommendationsModule],
  providers: [RecommendationsResolver],
})
export class RecommendationsGraphqlModule {}
