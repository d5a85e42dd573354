import { Injectable } from '@nestjs/common';
import type { MarketingChannel, MarketingDecision } from '@finpersona/plugin-sdk';
import { AuditService } from '../audit';
import { ComplianceRules } from '../compliance';
import { ConsentClock, ConsentsService } from '../consents';
import { Invalid } from '../errors';
import { NotificationsService } from '../notifications';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place the platform decides whether it may send a customer a marketing message now: the bank's
 * compliance rule pack (opt-in or opt-out per channel, quiet hours) applied to the customer's marketing
 * consent, through the SDK's `marketingAllowed`. EU and UK packs are opt-in (a granted marketing consent
 * is needed); the US pack is opt-out (allowed unless the customer revoked it), with TCPA quiet hours for
 * calls and texts. Anything that markets to customers goes through here.
 */
@Injectable()
export class MarketingService {
  constructor(
    private readonly compliance: ComplianceRules,
    private readonly consents: ConsentsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: ConsentClock,
  ) {}

  /** Whether the current bank may market to `customerId` through `channel` now (see the class). */
  async permission(
    customerId: string,
    channel: MarketingChannel,
    customerTimeZone?: string | null,
  ): Promise<MarketingDecision> {
    if (!uuid.test(customerId))
      throw Invalid.fields([{ field: 'customerId', problem: 'must be a customer id' }]);
    const consent = await this.consents.marketingConsentState(customerId);
    return this.compliance.marketingPermission({
      consent,
      channel,
      now: this.clock.now(),
      ...(customerTimeZone ? { customerTimeZone } : {}),
    });
  }

  /**
   * Sends an in-app marketing message (a notification of kind `marketing`, once per `subjectRef`) when
   * `permission` allows it now; otherwise writes nothing and returns the refusal or the deferral (retry at
   * `notBefore`). Audited `marketing.send` with the decision (never the message) either way.
   */
  async sendInApp(input: {
    customerId: string;
    subjectRef: string;
    body: string;
    customerTimeZone?: string | null;
  }): Promise<{ sent: boolean; decision: MarketingDecision }> {
    const decision = await this.permission(input.customerId, 'in-app', input.customerTimeZone);
    const sent =
      decision.decision === 'allowed' &&
      (await this.notifications.notifyOnce({
        customerId: input.customerId,
        kind: 'marketing',
        subjectRef: input.subjectRef,
        body: input.body,
      }));
    await this.audit.record({
      action: 'marketing.send',
      resourceType: 'customer',
      resourceId: input.customerId,
      changes: {
        channel: 'in-app',
        subjectRef: input.subjectRef,
        decision: decision.decision,
        sent,
        ruleIds: decision.decision === 'allowed' ? [] : decision.refusals.map((refusal) => refusal.ruleId),
        ...(decision.decision === 'deferred' ? { notBefore: decision.notBefore.toISOString() } : {}),
      },
    });
    return { sent, decision };
  }
}
