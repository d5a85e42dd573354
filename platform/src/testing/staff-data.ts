import type { INestApplicationContext } from '@nestjs/common';
import type { ConsentPurpose, ConsentStatus } from '../consents';
import { DataSubjectRightsService } from '../data-subject-rights';
import { runAsTenant, type TenantRef } from '../request-context';
import { grantAggregationConsent, sampleAccounts, seedSourceData } from './customer-data';
import { eraseWithoutLogin, recordRequestWithoutLogin } from './data-subject-requests';
import { rowsAsTenant } from './tenant-rows';

const DAY = 86_400_000;

/** One consent the staff screens should show: which demo customer (index), purpose, status and deadlines. */
interface StaffConsent {
  customer: number;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  renewalInDays?: number | null;
  expiresInDays?: number | null;
}

/**
 * A bank's worth of consents for the admin screens: every purpose, every status, one renewal and one
 * expiry inside the UK/EU warning window (14 days), the rest far off or without deadlines.
 */
const staffConsents: StaffConsent[] = [
  { customer: 1, purpose: 'aggregation', status: 'granted', renewalInDays: 5, expiresInDays: 175 },
  { customer: 2, purpose: 'aggregation', status: 'granted', renewalInDays: 60, expiresInDays: 3 },
  { customer: 3, purpose: 'aggregation', status: 'granted', renewalInDays: 170, expiresInDays: 170 },
  { customer: 3, purpose: 'personalisation', status: 'granted' },
  { customer: 4, purpose: 'marketing', status: 'revoked' },
  { customer: 5, purpose: 'analytics', status: 'granted' },
  { customer: 6, purpose: 'aggregation', status: 'expired', renewalInDays: -2, expiresInDays: 100 },
  { customer: 6, purpose: 'marketing', status: 'granted' },
];

export interface SeededStaffData {
  /** Consents per purpose and status as stored (lower-case values), after the erasure below ran. */
  consentCounts: { purpose: string; status: string; count: number }[];
  requests: {
    completedExport: string;
    completedErasure: string;
    runningErasure: string;
    failedExport: string;
  };
}

/**
 * Test-only: consents and data-subject requests for the staff screens' browser tests, on demo customers
 * without a login (`customers` are their ids in `DEMO_BANK` order). Consents are written like
 * `grantAggregationConsent`; requests are recorded as `createRequest` records them (a customer without a
 * login cannot call it) and then carried through the real workflow steps of `DataSubjectRightsService`, in
 * the order the workflows call them, so progress, export and certificate are the platform's own: a
 * completed export, a completed erasure of a customer with accounts and transactions, one still running
 * and one failed.
 */
export async function seedStaffData(
  app: INestApplicationContext,
  ownerUrl: string,
  tenant: TenantRef,
  customers: readonly string[],
): Promise<SeededStaffData> {
  const at = (days: number | null | undefined) =>
    days === null || days === undefined ? null : new Date(Date.now() + days * DAY);
  const ended = at(-1);
  for (const consent of staffConsents) {
    await grantAggregationConsent(app, tenant, customers[consent.customer]!, {
      purpose: consent.purpose,
      status: consent.status,
      renewalDueAt: at(consent.renewalInDays),
      expiresAt: at(consent.expiresInDays),
      revokedAt: consent.status === 'revoked' ? ended : null,
      // An expired consent ended at its deadline (the database insists on the time).
      expiredAt: consent.status === 'expired' ? at(consent.renewalInDays) : null,
    });
  }

  const rights = app.get(DataSubjectRightsService);
  const asTenant = <T>(work: () => Promise<T>) => runAsTenant(tenant, work);
  const record = (kind: 'export' | 'erasure', customerId: string) =>
    recordRequestWithoutLogin(app, tenant, kind, customerId);

  const completedExport = await record('export', customers[3]!);
  await asTenant(() => rights.startRequest({ requestId: completedExport }));
  await asTenant(() => rights.buildExport({ requestId: completedExport }));

  // The erased customer has data to remove or retain: a connection with accounts, balances and transactions.
  const erased = customers[8]!;
  const consentId = await grantAggregationConsent(app, tenant, erased);
  await seedSourceData(app, tenant, erased, consentId, {
    accounts: sampleAccounts.map((account) => ({ ...account, holderName: undefined })),
    balances: sampleAccounts.map((account) => ({
      sourceAccountId: account.sourceId,
      type: 'booked' as const,
      amount: { minor: '125000', currency: 'EUR' },
      asOf: '2026-11-03T23:59:59Z',
    })),
    transactions: [1, 2, 3].map((day) => ({
      sourceId: `staff-${day}`,
      sourceAccountId: 'acc-current',
      status: 'booked' as const,
      direction: 'debit' as const,
      amount: { minor: String(1250 * day), currency: 'EUR' },
      bookingDate: `2026-11-0${day}`,
      description: `CARD PAYMENT ${day}`,
    })),
  });
  const completedErasure = await record('erasure', erased);
  await eraseWithoutLogin(app, tenant, completedErasure);

  const runningErasure = await record('erasure', customers[9]!);
  await asTenant(() => rights.startRequest({ requestId: runningErasure }));
  const failedExport = await record('export', customers[10]!);
  await asTenant(() => rights.startRequest({ requestId: failedExport }));
  await asTenant(() =>
    rights.failRequest(failedExport, 'The export could not be built; ask the customer to request it again.'),
  );

  const consentCounts = await rowsAsTenant<{ purpose: string; status: string; count: string }>(
    ownerUrl,
    tenant.id,
    'select purpose, status, count(*) as count from consent group by purpose, status',
  );
  return {
    consentCounts: consentCounts.map((row) => ({ ...row, count: Number(row.count) })),
    requests: { completedExport, completedErasure, runningErasure, failedExport },
  };
}
