import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { EntityManagerScope } from '../database';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The audit trail as a service: every capability that changes state or shows personal data to staff imports it. */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule implements OnModuleInit {
  constructor(
    private readonly audit: AuditService,
    @Inject(EntityManagerScope) private readonly scope: EntityManagerScope,
  ) {}

  onModuleInit(): void {
    // Denied attempts are recorded once the request's (rolled back) transaction has ended.
    this.scope.onFinished(async (context) => {
      if (context.deniedAttempts.length === 0) return;
      const attempts = context.deniedAttempts.splice(0);
      await this.audit.recordDenied(context, attempts);
    });
  }
}

/** The audit part of the GraphQL API (compliance officers). */
@Module({
  imports: [AuditModule],
  providers: [AuditResolver],
})
export class AuditGraphqlModule {}
