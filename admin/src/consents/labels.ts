// How the portal names the API's consent enums (the API's values are the keys).
import type { ConsentPurpose, ConsentStatus } from '../data/index.ts';

export const purposeLabels: Record<ConsentPurpose, string> = {
  AGGREGATION: 'Account aggregation',
  PERSONALISATION: 'Personalisation',
  MARKETING: 'Marketing',
  ANALYTICS: 'Analytics',
};

export const statusLabels: Record<ConsentStatus, string> = {
  GRANTED: 'Granted',
  REVOKED: 'Revoked',
  EXPIRED: 'Expired',
};

/** Where the customer gave the consent (the API's `ConsentChannel`). */
export const channelLabels: Record<string, string> = {
  CUSTOMER_APP: 'Customer app',
  ADMIN_PORTAL: 'Admin portal',
  API: 'API',
  BANK_IMPORT: 'Bank import',
};

export const purposes = Object.keys(purposeLabels) as ConsentPurpose[];
export const statuses = Object.keys(statusLabels) as ConsentStatus[];

export const purposeChoices = purposes.map((id) => ({ id, name: purposeLabels[id] }));
export const statusChoices = statuses.map((id) => ({ id, name: statusLabels[id] }));

/** The moment a granted consent stops unless something happens: the earlier of renewal due and expiry. */
export function nextDeadline(consent: {
  status: ConsentStatus;
  renewalDueAt: string | null;
  expiresAt: string | null;
}): { kind: 'renewal' | 'expiry'; at: string } | null {
  if (consent.status !== 'GRANTED') return null;
  const { renewalDueAt, expiresAt } = consent;
  // A tie counts as a renewal (the API's `deadlineOf`: a missed renewal ends it).
  if (renewalDueAt && (!expiresAt || Date.parse(renewalDueAt) <= Date.parse(expiresAt))) {
    return { kind: 'renewal', at: renewalDueAt };
  }
  return expiresAt ? { kind: 'expiry', at: expiresAt } : null;
}

/** A pivot of the API's counts: one row per purpose, one column per status, with totals. */
export function countTable(
  counts: readonly { purpose: ConsentPurpose; status: ConsentStatus; count: number }[],
) {
  const rows = purposes.map((purpose) => {
    const cells = statuses.map(
      (status) => counts.find((count) => count.purpose === purpose && count.status === status)?.count ?? 0,
    );
    return { purpose, cells, total: cells.reduce((sum, cell) => sum + cell, 0) };
  });
  const totals = statuses.map((_, column) => rows.reduce((sum, row) => sum + row.cells[column]!, 0));
  return { rows, totals, total: totals.reduce((sum, cell) => sum + cell, 0) };
}
