import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ModelRegistryService } from './model-registry.service';
import { ModelVersion } from './model-version.entity';
import { RetrainingPolicyRow } from './retraining-policy.entity';
import { TrainingRun } from './training-run.entity';

/** The model registry's services (API and worker). */
@Module({
  imports: [MikroOrmModule.forFeature([ModelVersion, TrainingRun, RetrainingPolicyRow]), AuditModule],
  providers: [ModelRegistryService],
  exports: [ModelRegistryService],
})
export class ModelRegistryModule {}
