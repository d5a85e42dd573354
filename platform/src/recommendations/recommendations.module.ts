import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { BehaviourModule } from '../behaviour';
import { ComplianceModule } from '../compliance';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { MarketingModule } from '../marketing';
import { PluginsModule } from '../plugins';
import { ProductsModule } from '../products';
import { OutboxModule } from '../webhooks';
import { ChampionModels, ChampionScorer, NoChampionModels } from './champion-scorer';
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
  providers: [RecommendationFeedback],
  exports: [RecommendationFeedback],
})
export class RecommendationFeedbackModule {}

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
    RecommendationFeedbackModule,
  ],
  providers: [
    RecommendationsService,
    ChampionScorer,
    { provide: ChampionModels, useClass: NoChampionModels },
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
