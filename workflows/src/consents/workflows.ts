// The consent lifecycle, as a compliance officer would describe it: while the consent is live, wait until
// the warning time and remind the customer; wait until the deadline (the earlier of expiry and the
// region's renewal date); if the customer did not renew by then, end the consent (processing under it
// stops through the consents service's hooks). A renewal moves the deadline and re-arms the reminder; a
// revocation ends the lifecycle. Deterministic: the consent is read and changed only by activities.
import { ActivityFailure, condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ConsentLifecycleInput } from '@finpersona/platform';
import type { ConsentActivities } from './activities';

/** Same names as the platform's `consentLifecycleSignals` (workflow code may not import the platform). */
export const renewedSignal = defineSignal('renewed');
export const revokedSignal = defineSignal('revoked');

const { remindCustomer, expireConsent, readConsent } = proxyActivities<ConsentActivities>({
  startToCloseTimeout: '1 minute',
  // Rides out a database restart; a platform error the input caused fails the step at once.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/**
 * The first read after the start may come before the granting transaction commits (the workflow starts
 * inside it): retried briefly; a consent that never appears (the grant rolled back) ends the lifecycle.
 */
const { readStartedConsent } = proxyActivities<ConsentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 6,
  },
});

export interface ConsentLifecycleResult {
  /** How the lifecycle ended: the consent's final status, or `missing` when it was never committed. */
  outcome: 'revoked' | 'expired' | 'missing';
  reason: 'revoked' | 'expired' | 'renewal-missed' | null;
  remindersSent: number;
}

export async function consentLifecycle(input: ConsentLifecycleInput): Promise<ConsentLifecycleResult> {
  let woken = false;
  let revoked = false;
  setHandler(renewedSignal, () => void (woken = true));
  setHandler(revokedSignal, () => {
    revoked = true;
    woken = true;
  });
  let remindersSent = 0;

  let state;
  try {
    state = await readStartedConsent(input);
  } catch (error) {
    if (error instanceof ActivityFailure) return { outcome: 'missing', reason: null, remindersSent };
    throw error;
  }

  for (;;) {
    if (state.status !== 'granted') {
      return { outcome: state.status, reason: state.status === 'revoked' ? 'revoked' : null, remindersSent };
    }
    woken = false;
    if (state.deadline === null) {
      // Lasts until revoked: nothing to time, only a signal to wait for.
      await condition(() => woken);
    } else {
      const deadline = Date.parse(state.deadline);
      const warnAt = Date.parse(state.warnAt!);
      const interrupted = Date.now() < warnAt && (await condition(() => woken, warnAt - Date.now()));
      if (!interrupted) {
        const { sent } = await remindCustomer({ ...input, deadline: state.deadline });
        if (sent) remindersSent += 1;
        const signalled = Date.now() < deadline && (await condition(() => woken, deadline - Date.now()));
        if (!signalled) {
          const { expired, reason } = await expireConsent({ ...input, deadline: state.deadline });
          if (expired) return { outcome: 'expired', reason, remindersSent };
          // Renewed (or revoked) without a signal reaching us: read it again below.
        }
      }
    }
    // A signal is a hint to look again; what the database says decides (a revocation rolled back leaves
    // the consent granted, and its lifecycle goes on).
    state = await readConsent(input);
    if (revoked && state.status === 'granted') revoked = false;
  }
}
