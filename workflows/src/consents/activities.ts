// Consent lifecycle activities: every read and change of the consent, through the platform's consents
// service as the consent's tenant (system work, no principal). Each is idempotent: reminders are written
// once per consent and deadline, and expiring checks the deadline it was given is still the consent's.
import { ApplicationFailure } from '@temporalio/activity';
import {
  type ConsentLifecycleInput,
  type ConsentLifecycleState,
  type ConsentsService,
  runAsTenant,
  type TenancyService,
  tenantRef,
} from '@finpersona/platform';
import { asActivity } from '../platform-errors';

export interface ConsentServices {
  tenancy: Pick<TenancyService, 'getById'>;
  consents: Pick<ConsentsService, 'lifecycleState' | 'remind' | 'expire'>;
}

type ConsentState = ConsentLifecycleState;

export function createConsentActivities({ tenancy, consents }: ConsentServices) {
  const asTenant = async <T>(tenantId: string, work: () => Promise<T>): Promise<T> =>
    runAsTenant(tenantRef(await tenancy.getById(tenantId)), work);

  return {
    /** The consent right after the start: not there yet (the grant has not committed) is retried. */
    async readStartedConsent(input: ConsentLifecycleInput): Promise<ConsentState> {
      return asActivity(async () => {
        const state = await asTenant(input.tenantId, () => consents.lifecycleState(input.consentId));
        if (!state) {
          throw ApplicationFailure.create({
            type: 'CONSENT_NOT_VISIBLE',
            message: `Consent ${input.consentId} is not visible (yet); its grant may not have committed.`,
          });
        }
        return state;
      });
    },

    /** The consent as it is now (after a signal or a moved deadline). */
    async readConsent(input: ConsentLifecycleInput): Promise<ConsentState> {
      return asActivity(async () => {
        const state = await asTenant(input.tenantId, () => consents.lifecycleState(input.consentId));
        // A consent that was there and is gone was deleted with its customer (erasure): nothing to run.
        return state ?? { status: 'revoked', deadline: null, reason: null, warnAt: null };
      });
    },

    /** Writes the in-app reminder for this deadline (once) and audits it; nothing when it moved or ended. */
    async remindCustomer(input: ConsentLifecycleInput & { deadline: string }): Promise<{ sent: boolean }> {
      return asActivity(() =>
        asTenant(input.tenantId, () => consents.remind(input.consentId, input.deadline)),
      );
    },

    /** Ends the consent at this deadline (hooks, audit) unless it was renewed or ended meanwhile. */
    async expireConsent(
      input: ConsentLifecycleInput & { deadline: string },
    ): Promise<{ expired: boolean; reason: 'expired' | 'renewal-missed' | null }> {
      return asActivity(() =>
        asTenant(input.tenantId, () => consents.expire(input.consentId, input.deadline)),
      );
    },
  };
}

export type ConsentActivities = ReturnType<typeof createConsentActivities>;
