// The audit trail page against the real API, Keycloak and PostgreSQL. A bank administrator reads the
// customers through the API first (one `customer.list` entry of theirs). The compliance officer finds
// "Audit trail" last in the menu: the trail newest first, that entry among them, Older / Newer; filters by
// the prefix `customer.`, expands an entry (changes, hashes), sees their own filtered read recorded with its
// filters, an action the API refuses (the problem under the field), a filter matching nothing (the empty
// state) and the list out of reach (the error with Try again); verifies the chain (intact) and exports CSV —
// a range the API refuses first (its problem under the field), then the default 30 days, downloaded as
// audit-demo-bank-<from>-<to>.csv. A bank administrator has no menu entry and is told "Not allowed".
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, refuseGraphql, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { notification, type Portal, settled, signIn, signOut, startPortal, staffMenus } from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;

beforeAll(async () => {
  portal = await startPortal('admin_audit_trail_e2e', { allowDevClient: true });
  ({ app, browser } = portal);
  // One read by the bank administrator (their token through the dev client): an entry the officer must find.
  await portal.api.graphqlAsBankAdmin('{ customers(first: 1) { totalCount } }');
});

afterAll(async () => {
  await portal?.close();
});

const entries = () => browser.page.getByTestId('audit-entry');
const seqs = async () =>
  (await entries().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-seq')))).map(Number);
const actions = () => entries().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));

/** Applies the filter form after setting `action` (all else as it is) and waits for the list to settle. */
async function filterByAction(action: string): Promise<void> {
  const { page } = browser;
  await page.getByTestId('audit-filter-action').fill(action);
  await page.getByTestId('audit-filter-apply').click();
  await settled();
}

/** A local day as the date inputs write it. */
const dayOf = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

describe('audit trail page', () => {
  it('lets a compliance officer read, filter, verify and export the trail', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.complianceOfficer);
    await expect
      .poll(() => page.getByRole('menuitem').allTextContents())
      .toEqual([...staffMenus.complianceOfficer]);
    expect(staffMenus.complianceOfficer.at(-1)).toBe('Audit trail');
    await page.getByRole('menuitem', { name: 'Audit trail' }).click();
    await entries().first().waitFor({ timeout: 30_000 });

    // Newest first: seqs fall down the page; the administrator's read is there, shortened with roles.
    const shown = await seqs();
    expect(shown.length).toBeGreaterThan(3);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    const adminRead = entries().filter({ hasText: 'customer.list' }).filter({ hasText: 'bank-admin' });
    await adminRead.first().waitFor();
    expect(await adminRead.first().getByTestId('audit-entry-outcome').textContent()).toBe('Allowed');
    const when = adminRead.first().getByTestId('audit-entry-when').locator('time');
    expect(await when.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await settled();
    await browser.screenshot('admin-audit-trail');

    // Older continues right below the first page (no gap, no repeat); Newer comes back to the newest.
    await page.getByTestId('audit-trail-older').click();
    await expect.poll(async () => (await seqs())[0]).toBe(shown.at(-1)! - 1);
    const older = await seqs();
    expect(older).toEqual([...older].sort((a, b) => b - a));
    await page.getByTestId('audit-trail-newer').click();
    // The first page again (the officer's reads since then may have joined it at the top).
    await expect.poll(async () => (await seqs()).includes(shown[0]!)).toBe(true);

    // The prefix `customer.`: only customer entries, the administrator's among them.
    await filterByAction('customer.');
    await expect.poll(actions).not.toContain('audit.read');
    expect((await actions()).every((action) => action?.startsWith('customer.'))).toBe(true);
    await adminRead.first().waitFor();
    await adminRead.first().getByTestId('audit-entry-expand').click();
    const details = page.getByTestId('audit-entry-details');
    await details.waitFor();
    expect(await details.getByTestId('audit-entry-changes').textContent()).toMatch(/^\{\n {2}"/);
    const hash = details.getByTestId('audit-entry-hash');
    expect(await hash.getAttribute('data-value')).toMatch(/^[0-9a-f]{64}$/);
    expect(await hash.textContent()).toMatch(/^[0-9a-f]{12}…$/);
    expect(await details.getByTestId('audit-entry-prev-hash').getAttribute('data-value')).toMatch(
      /^[0-9a-f]{64}$/,
    );
    await settled();
    await browser.screenshot('admin-audit-trail-filtered-expanded');

    // The officer's own filtered read is in the trail, with the filter used.
    await filterByAction('audit.read');
    await entries().first().waitFor();
    expect(new Set(await actions())).toEqual(new Set(['audit.read']));
    const ownReads = page.getByTestId('audit-entry-changes');
    for (const row of await entries().all()) await row.getByTestId('audit-entry-expand').click();
    await expect
      .poll(async () =>
        (await ownReads.allTextContents()).some((text) => text.includes('"action": "customer."')),
      )
      .toBe(true);
    expect(await ownReads.first().textContent()).toContain('"order": "newest-first"');

    // An action the API refuses: its problem under the field. One matching nothing: the empty state.
    await filterByAction('Customer List');
    const actionField = page.getByTestId('audit-filters');
    await actionField.getByText('must be an action such as').waitFor({ timeout: 30_000 });
    // Said once, under the filter: the list asks for a correction instead of reporting a failed load.
    await page.getByTestId('audit-trail-fix-filters').waitFor();
    expect(await page.getByTestId('audit-trail-error').count()).toBe(0);
    await settled();
    await browser.screenshot('admin-audit-trail-invalid-filter');
    await filterByAction('nothing.matches');
    const empty = page.getByTestId('audit-trail-empty');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('No entries in this range');
    await settled();
    await browser.screenshot('admin-audit-trail-empty');

    // The list out of reach: the error with Try again, which loads it once the API answers again.
    const answer = await refuseGraphql(page, 'auditTrail');
    await page.getByTestId('audit-filter-clear').click();
    const listError = page.getByTestId('audit-trail-error');
    // TanStack Query retries three times (about 7 s) before it reports the error.
    await listError.waitFor({ timeout: 60_000 });
    expect(await listError.textContent()).toMatch(/^The audit trail could not be loaded/);
    await settled();
    await browser.screenshot('admin-audit-trail-error');
    await answer();
    await listError.getByRole('button', { name: 'Try again' }).click();
    await entries().first().waitFor({ timeout: 30_000 });

    // Verify the chain: intact, with how many entries and the head.
    await page.getByTestId('audit-verify').click();
    const verified = page.getByTestId('audit-verify-result');
    await verified.waitFor({ timeout: 60_000 });
    expect(await verified.getAttribute('data-intact')).toBe('true');
    expect(await verified.textContent()).toMatch(
      /The chain is intact[\d,]+ entries checked; the newest is seq \d+/,
    );
    await notification(page, 'The audit trail’s chain is intact');
    await settled();
    await browser.screenshot('admin-audit-trail-verified');

    // Export: a range the API refuses (longer than 366 days) shows its problem under the field.
    await page.getByTestId('audit-export').click();
    const dialog = page.getByTestId('audit-export-dialog');
    await dialog.waitFor();
    const today = new Date();
    const thirtyDays = {
      from: dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29)),
      to: dayOf(today),
    };
    expect(await page.getByTestId('audit-export-from').inputValue()).toBe(thirtyDays.from);
    expect(await page.getByTestId('audit-export-to').inputValue()).toBe(thirtyDays.to);
    expect(await dialog.textContent()).toContain('At most 366 days and 10,000 entries');
    await page.getByTestId('audit-export-from').fill('2024-01-01');
    await page.getByTestId('audit-export-save').click();
    await dialog.getByText('must be at most 366 days after from').waitFor({ timeout: 30_000 });
    await settled();
    await browser.screenshot('admin-audit-trail-export-invalid');

    // The last 30 days as CSV: the file's name, header and the administrator's read.
    await page.getByTestId('audit-export-from').fill(thirtyDays.from);
    await page.getByTestId('audit-export-csv').check();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('audit-export-save').click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `audit-${DEMO.bank.slug}-${thirtyDays.from}-${thirtyDays.to}.csv`,
    );
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^"chain","seq","id","tenant_id","occurred_at",/);
    expect(lines.some((line) => line.includes('"customer.list"') && line.includes('bank-admin'))).toBe(true);
    await notification(page, `The audit trail is saved as ${download.suggestedFilename()}`);
    await dialog.waitFor({ state: 'detached' });
    await settled();
    await browser.screenshot('admin-audit-trail-exported');
    const recorded = await portal.api.auditEntries('audit.');
    expect(recorded.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['audit.verify', 'audit.export']),
    );
    await signOut(portal);
  });

  it('gives a bank administrator no Audit trail entry, and "not allowed" at its address', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.admin);
    await expect.poll(() => page.getByRole('menuitem').allTextContents()).toEqual([...staffMenus.bankAdmin]);
    await page.goto(`${app.url}/audit-trail`);
    const error = page.getByTestId('audit-trail-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('Not allowed');
    expect(await error.textContent()).toContain('read the audit trail');
    expect(await page.getByTestId('audit-export').isDisabled()).toBe(true);
    expect(await page.getByTestId('audit-verify').isDisabled()).toBe(true);
    await settled();
    await browser.screenshot('admin-audit-trail-forbidden');
    await signOut(portal);
  });
});
