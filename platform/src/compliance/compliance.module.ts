import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy';
import { ComplianceRules } from './compliance-rules.service';

/** The compliance capability (API and worker): the current bank's rules from its enabled rule pack. */
@Module({
  imports: [TenancyModule],
  providers: [ComplianceRules],
  exports: [ComplianceRules],
})
export class ComplianceModule {}
