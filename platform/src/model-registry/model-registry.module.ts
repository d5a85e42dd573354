import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { BehaviourModule } from '../behaviour';
import { ConsentsModule } from '../consents';
import { PluginsModule } from '../plugins';
import { OnboardingModule } from '../onboarding';
import { ProductsModule } from '../products';
import { TenancyModule } from '../tenancy';
import { TrainingDatasets } from './dataset';
import { ModelRegistryService } from './model-registry.service';
import { ModelTraining } from './model-training.service';
import { ModelVersion } from './model-version.entity';
import { ModelRegistryResolver } from './model-registry.resolver';
import { RecommendationOutcomesSource } from './recommendation-outcomes';
import { RetrainingLoops } from './retraining-loops';
import { RetrainingStarter } from './retraining-starter';
import { RetrainingPolicyRow } from './retraining-policy.entity';
import { TrainingRun } from './training-run.entity';

/**
 * The model registry and the steps of a training run (API and worker). `RecommendationOutcomesSource` is
 * the slot delivery's feedback is connected to (Seam 6).
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([ModelVersion, TrainingRun, RetrainingPolicyRow]),
    AuditModule,
    BehaviourModule,
    ConsentsModule,
    PluginsModule,
    ProductsModule,
  ],
  providers: [ModelRegistryService, TrainingDatasets, ModelTraining, RecommendationOutcomesSource],
  exports: [ModelRegistryService, TrainingDatasets, ModelTraining, RecommendationOutcomesSource],
})
export class ModelRegistryModule {}

/**
 * Bank staff's model registry queries and mutations (the API: starts and signals retraining workflows), and
 * `RetrainingLoops`, which starts a bank's retraining loop when it enables a model and reconciles at start.
 */
@Module({
  imports: [ModelRegistryModule, OnboardingModule, AuditModule, PluginsModule, TenancyModule],
  providers: [RetrainingStarter, RetrainingLoops, ModelRegistryResolver],
})
export class ModelRegistryGraphqlModule {}
