import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ComplianceModule } from '../compliance';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { NotificationsModule } from '../notifications';
import { OnboardingModule, TemporalGateway } from '../onboarding';
import { TenancyModule } from '../tenancy';
import { OutboxModule } from '../webhooks';
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
    OutboxModule,
    ComplianceModule,
  ],
  providers: [ConsentHooks, ConsentLifecycle, ConsentClock, ConsentsService],
  exports: [ConsentHooks, ConsentLifecycle, ConsentClock, ConsentsService],
})
export class ConsentsModule {}

/**
 * Connects the Temporal lifecycle engine that grants start (`consentLifecycle`): for every process that
 * grants consents — the API (through `ConsentsGraphqlModule`) and `cli import-pkdd99`.
 */
@Module({
  imports: [ConsentsModule, OnboardingModule],
})
export class TemporalConsentLifecycleModule implements OnModuleInit {
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

/** The consents part of the GraphQL API, with the Temporal lifecycle engine connected. */
@Module({
  imports: [ConsentsModule, TenancyModule, ComplianceModule, TemporalConsentLifecycleModule],
  providers: [ConsentsResolver],
})
export class ConsentsGraphqlModule {}
