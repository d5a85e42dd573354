import { Injectable } from '@nestjs/common';
import { Internal } from '../errors';

/**
 * The contract between the consents service and the Temporal workflow `consentLifecycle` (in
 * `workflows/src/consents`): started when a consent is granted, with workflow id `consent-<consentId>`
 * and one argument; woken by the signals below. The workflow code declares the same names
 * (`defineSignal('renewed')`, `defineSignal('revoked')`): it may not import the platform.
 */
export const CONSENT_LIFECYCLE_WORKFLOW = 'consentLifecycle';
export const consentLifecycleWorkflowId = (consentId: string) => `consent-${consentId}`;
export const consentLifecycleSignals = ['renewed', 'revoked'] as const;
export type ConsentLifecycleSignal = (typeof consentLifecycleSignals)[number];

export interface ConsentLifecycleInput {
  tenantId: string;
  consentId: string;
}

/** What the consents service asks of the lifecycle engine (Temporal in the API; see `TemporalConsentLifecycle`). */
export interface ConsentLifecycleEngine {
  /** Starts the consent's lifecycle; fails when it cannot (the grant then fails and is rolled back). */
  start(input: ConsentLifecycleInput): Promise<void>;
  /**
   * Wakes the lifecycle after a renewal or revocation. A hint only: the workflow re-reads the consent
   * when woken and again at its deadline, so a lost or early signal never ends a live consent.
   */
  signal(consentId: string, signal: ConsentLifecycleSignal): Promise<void>;
}

/**
 * Where the consents service finds the lifecycle engine. The API connects the Temporal one at start
 * (`ConsentsGraphqlModule`); a process that only runs lifecycle activities (the worker) grants nothing
 * and needs none; tests connect one on their own Temporal environment.
 */
@Injectable()
export class ConsentLifecycle {
  private engine: ConsentLifecycleEngine | undefined;

  connect(engine: ConsentLifecycleEngine): void {
    this.engine = engine;
  }

  get connected(): boolean {
    return this.engine !== undefined;
  }

  require(): ConsentLifecycleEngine {
    if (!this.engine) {
      throw new Internal('Consents cannot be granted here: no lifecycle engine is connected.');
    }
    return this.engine;
  }
}
