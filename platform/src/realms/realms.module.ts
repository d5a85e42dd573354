import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { TenancyModule } from '../tenancy';
import { RealmsService } from './realms.service';

/** Realm provisioning; needs KEYCLOAK_ADMIN_CONFIG (`ConfigModule.forWorker`), so only the worker hosts it. */
@Module({
  imports: [TenancyModule, AuditModule],
  providers: [RealmsService],
  exports: [RealmsService],
})
export class RealmsModule {}
