import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ComplianceModule } from '../compliance';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { NotificationsModule } from '../notifications';
import { OnboardingModule, TemporalGateway } from '../onboarding';
import { TenancyModule } from '../tenancy';
import { ConsentClock } from './consent-clock';
import { ConsentHooks } from './consent-hooks';
import { ConsentLifecycle } from './consent-lifecycle';
import { Consent } from './consent.entity';
import { ConsentsResolver } from './consents.resolver';
import { ConsentsService } from './consents.service';
import { TemporalConsentLifecycle } from './temporal-consent-lifecycle';

/**
 * Consents: the service, the one `ConsentHooks` every capability processing under a consent registers
 * with (at module start: `hooks.onConsentEnded(listener)`), and the slot of the lifecycle engine. Part of
 * the platform core (API and worker).
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([Consent]),
    TenancyModule,
    AuditModule,
    NotificationsModule,
    ComplianceModule,
  ],
  providers: [ConsentHooks, ConsentLifecycle, ConsentClock, ConsentsService],
  exports: [ConsentHooks, ConsentLifecycle, ConsentClock, ConsentsService],
})
export class ConsentsModule {}

/** The consents part of the GraphQL API; connects the Temporal lifecycle engine the grants start. */
@Module({
  imports: [ConsentsModule, TenancyModule, OnboardingModule, ComplianceModule],
  providers: [ConsentsResolver],
})
export class ConsentsGraphqlModule implements OnModuleInit {
  constructor(
    private readonly lifecycle: ConsentLifecycle,
    private readonly temporal: TemporalGateway,
    @Inject(ONBOARDING_CONFIG) private readonly config: OnboardingConfig,
  ) {}

  onModuleInit(): void {
    this.lifecycle.connect(
      new TemporalConsentLifecycle(this.temporal.client, this.config.temporal.taskQueue),
    );
  }
}
