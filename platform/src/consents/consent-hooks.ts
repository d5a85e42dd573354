import { Injectable } from '@nestjs/common';
import type { ConsentPurpose } from './consent.entity';

/**
 * A consent stopped allowing processing: revoked by the customer, expired, not renewed in time, or ended
 * because its customer was erased (`erased`: the erasure workflow's first step after the login).
 */
export interface ConsentEnded {
  readonly consentId: string;
  readonly customerId: string;
  readonly purpose: ConsentPurpose;
  readonly reason: 'revoked' | 'expired' | 'renewal-missed' | 'erased';
  readonly at: Date;
}

export type ConsentEndedListener = (event: ConsentEnded) => Promise<void>;

/**
 * How capabilities that process data under a consent learn that it ended, without the consents
 * capability knowing them: each registers a listener at module start (e.g. accounts stops the
 * connections under an aggregation consent). Listeners run inside the transaction that ends the
 * consent, in the current tenant's context, so their writes commit or roll back with it; they must
 * not call outside systems (a Temporal or source call belongs after the commit, in a workflow).
 */
@Injectable()
export class ConsentHooks {
  private readonly listeners: ConsentEndedListener[] = [];

  onConsentEnded(listener: ConsentEndedListener): void {
    this.listeners.push(listener);
  }

  async consentEnded(event: ConsentEnded): Promise<void> {
    for (const listener of this.listeners) await listener(event);
  }
}
