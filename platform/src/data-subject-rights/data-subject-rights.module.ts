import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ComplianceModule } from '../compliance';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { OnboardingModule } from '../onboarding';
import { TenancyModule } from '../tenancy';
import { DataExportDownloadController } from './data-export-download.controller';
import { DataSubjectRequest } from './data-subject-request.entity';
import { DataSubjectWorkflowStarter } from './data-subject-requests.starter';
import { DataSubjectRightsResolver } from './data-subject-rights.resolver';
import { DataSubjectRightsService } from './data-subject-rights.service';

/**
 * The requests and the work of their workflows: hosted by the API and by the worker. Consents: erasure
 * ends the person's live consents (and so their connections) through the consents service.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([DataSubjectRequest]),
    TenancyModule,
    AuditModule,
    CryptoModule,
    ConsentsModule,
    ComplianceModule,
  ],
  providers: [DataSubjectRightsService],
  exports: [DataSubjectRightsService],
})
export class DataSubjectRightsModule {}

/** The API's part: GraphQL, the one-time download endpoint, and starting the workflows. */
@Module({
  imports: [DataSubjectRightsModule, OnboardingModule],
  controllers: [DataExportDownloadController],
  providers: [DataSubjectRightsResolver, DataSubjectWorkflowStarter],
})
export class DataSubjectRightsApiModule {}
