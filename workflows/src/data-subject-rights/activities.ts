// Data-subject-rights activities: all I/O of the export and erasure workflows. Each enters the request's
// tenant (runAsTenant) and calls one idempotent step of the platform's DataSubjectRightsService, which
// records its progress on the request in the same transaction, so Temporal may retry any of them freely.
import { ApplicationFailure } from '@temporalio/activity';
import {
  type DataSubjectRequestInput,
  type DataSubjectRightsService,
  type ErasureCertificate,
  type ErasureEndings,
  type ExportArchiveReport,
  isAppError,
  NotFound,
  type RealmsService,
  runAsTenant,
  type TenancyService,
  tenantRef,
} from '@finpersona/platform';

/** What the activities need from the platform (resolved once per worker from its context). */
export interface DataSubjectRightsServices {
  tenancy: Pick<TenancyService, 'findById'>;
  rights: Pick<
    DataSubjectRightsService,
    | 'startRequest'
    | 'failRequest'
    | 'buildExport'
    | 'expireExport'
    | 'identityOf'
    | 'recordIdentityRemoved'
    | 'endConsents'
    | 'eraseRows'
    | 'shredKey'
    | 'completeErasure'
  >;
  realms: Pick<RealmsService, 'removeRealmUser'>;
}

/** Errors a retry cannot fix (the request or its tenant is gone, it is of the other kind): fail for good. */
const permanentCodes = new Set(['INVALID', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']);

export function createDataSubjectRightsActivities({ tenancy, rights, realms }: DataSubjectRightsServices) {
  /** Runs `step` as the request's tenant; permanent platform errors become non-retryable failures. */
  async function asTenant<T>(input: DataSubjectRequestInput, step: () => Promise<T>): Promise<T> {
    try {
      const tenant = await tenancy.findById(input.tenantId);
      if (!tenant) throw new NotFound(`No tenant ${input.tenantId}.`);
      return await runAsTenant(tenantRef(tenant), step, { requestId: `dsr-${input.requestId}` });
    } catch (error) {
      if (isAppError(error) && permanentCodes.has(error.code)) {
        throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
      }
      throw error;
    }
  }

  return {
    /** The request is being worked on (status `running`). */
    async startDataSubjectRequest(input: DataSubjectRequestInput): Promise<void> {
      return asTenant(input, () => rights.startRequest(input));
    },

    /** Records on the request that it failed, with a message for the customer and staff (no personal data). */
    async failDataSubjectRequest(input: DataSubjectRequestInput & { reason: string }): Promise<void> {
      return asTenant(input, () => rights.failRequest(input.requestId, input.reason));
    },

    /** Gathers, validates, archives and stores the export encrypted; completes the request. */
    async buildExportArchive(input: DataSubjectRequestInput): Promise<ExportArchiveReport> {
      return asTenant(input, () => rights.buildExport(input));
    },

    /** At expiry: deletes the archive if the customer never fetched it. */
    async expireExportArchive(input: DataSubjectRequestInput): Promise<{ deleted: boolean }> {
      return asTenant(input, async () => ({ deleted: await rights.expireExport(input) }));
    },

    /**
     * Removes the customer's login from the bank's realm (a user already gone is fine). The subject never
     * leaves this activity, so it is not written into the workflow's history.
     */
    async removeCustomerLogin(
      input: DataSubjectRequestInput,
    ): Promise<{ outcome: 'removed' | 'absent' | 'no-login' }> {
      return asTenant(input, async () => {
        const identity = await rights.identityOf(input);
        if (identity.alreadyRemoved) return { outcome: 'removed' as const };
        const outcome =
          identity.subject === null
            ? ('no-login' as const)
            : await realms.removeRealmUser(identity.realm, identity.subject);
        await rights.recordIdentityRemoved(input, outcome);
        return { outcome };
      });
    },

    /**
     * Ends the customer's live consents (reason `erased`) and so the connections under them; returns
     * the lifecycle workflows to wake (ids only).
     */
    async endCustomerConsents(input: DataSubjectRequestInput): Promise<ErasureEndings> {
      return asTenant(input, () => rights.endConsents(input));
    },

    /** Deletes or retains every row held on the customer per the registry; leaves a tombstone. */
    async eraseCustomerRows(input: DataSubjectRequestInput): Promise<{ removed: Record<string, number> }> {
      return asTenant(input, async () => ({ removed: (await rights.eraseRows(input)).removed }));
    },

    /** Shreds the customer's data key: whatever was retained becomes unreadable. */
    async shredCustomerKey(input: DataSubjectRequestInput): Promise<{ shreddedAt: string }> {
      return asTenant(input, () => rights.shredKey(input));
    },

    /** Issues the certificate and completes the request. */
    async issueErasureCertificate(input: DataSubjectRequestInput): Promise<ErasureCertificate> {
      return asTenant(input, () => rights.completeErasure(input));
    },
  };
}

export type DataSubjectRightsActivities = ReturnType<typeof createDataSubjectRightsActivities>;
