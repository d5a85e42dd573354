// Bank staff's consent and data-subject-request screens against the real API and Keycloak: a compliance
// officer sees the bank's consents (counts per purpose and status, deadlines coming up, filters) and its
// data-subject requests (kind and status filters, progress, a completed erasure's certificate), records an
// erasure request a person made by letter, and records an access request for a client the bank imported,
// then downloads its archive once; a bank administrator has no data-subject-request entry (nor its buttons)
// and is told "not allowed" at its address.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { exportArchiveFiles, type SeededStaffData } from '@finpersona/platform/testing';
import {
  notification,
  pageScrollsSideways,
  type Portal,
  settled,
  signIn as signInAs,
  signOut as signOutOf,
  startPortal,
  staffMenus,
} from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;
let seeded: SeededStaffData;

beforeAll(async () => {
  portal = await startPortal('admin_staff_e2e');
  ({ app, browser } = portal);
  seeded = await portal.api.seedStaffData();
});

afterAll(async () => {
  await portal?.close();
});

const signIn = (user: { username: string; password: string }) => signInAs(portal, user);
const signOut = () => signOutOf(portal);

const menuEntries = () => browser.page.getByRole('menuitem').allTextContents();
const rows = () => browser.page.locator('tbody tr');

describe('staff screens: consents and data-subject requests', () => {
  it('shows a compliance officer the consents by purpose and status, the deadlines coming up, and filters', async () => {
    const { page } = browser;
    await signIn(DEMO.bank.complianceOfficer);
    await expect.poll(menuEntries).toEqual([...staffMenus.complianceOfficer]);

    await page.getByRole('menuitem', { name: 'Consents' }).click();
    await page.waitForURL(/\/consents/);
    const summary = page.getByTestId('consent-summary');
    await summary.waitFor({ timeout: 30_000 });
    const stored = (purpose: string, status: string) =>
      seeded.consentCounts.find((count) => count.purpose === purpose && count.status === status)?.count ?? 0;
    const total = seeded.consentCounts.reduce((sum, count) => sum + count.count, 0);
    expect(await page.getByTestId('consent-counts-total').textContent()).toBe(String(total));
    // Row: purpose, granted, revoked, expired, total.
    const cells = (purpose: string) =>
      page.getByTestId(`consent-counts-${purpose}`).locator('td').allTextContents();
    expect(await cells('AGGREGATION')).toEqual([
      'Account aggregation',
      String(stored('aggregation', 'granted')),
      String(stored('aggregation', 'revoked')),
      String(stored('aggregation', 'expired')),
      String(
        ['granted', 'revoked', 'expired'].reduce((sum, status) => sum + stored('aggregation', status), 0),
      ),
    ]);
    expect(await cells('MARKETING')).toEqual(['Marketing', '1', '1', '0', '2']);
    // Demo Bank is an EU bank: 14 days of warning; one renewal (in 5 days) and one expiry (in 3) fall in it.
    expect(await summary.textContent()).toContain('Due within 14 days');
    expect(await page.getByTestId('consents-renewals-due').textContent()).toBe('1');
    expect(await page.getByTestId('consents-expiring').textContent()).toBe('1');
    await page.getByText(`1-${Math.min(total, 25)} of ${total}`).waitFor();
    // Ids, purposes, statuses and dates only: no customer's name anywhere on the screen.
    expect(await page.locator('body').textContent()).not.toContain('Novak');
    await settled();
    await browser.screenshot('admin-consents');
    // A phone: the table (ids, dates) scrolls inside its card; the page itself does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await settled();
    expect(await pageScrollsSideways(page)).toBe(false);
    await browser.screenshot('admin-consents-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Show only these' }).click();
    await page.getByText('1-2 of 2').waitFor();
    await expect
      .poll(() => page.getByTestId('consent-deadline').allTextContents())
      .toEqual([expect.stringMatching(/^Renewal due /), expect.stringMatching(/^Expires /)]);
    await settled();
    await browser.screenshot('admin-consents-due-soon');

    await page.getByRole('button', { name: 'Show all consents' }).click();
    await page.getByText(`1-${Math.min(total, 25)} of ${total}`).waitFor();
    await page.getByRole('combobox', { name: 'Purpose' }).click();
    await page.getByRole('option', { name: 'Marketing' }).click();
    await page.getByText('1-2 of 2').waitFor();
    await expect
      .poll(async () => (await page.getByTestId('consent-status').allTextContents()).sort())
      .toEqual(['Granted', 'Revoked']);
  });

  it('lists the data-subject requests with kind and status filters and shows an erasure certificate', async () => {
    const { page } = browser;
    await page.getByRole('menuitem', { name: 'Data-subject requests' }).click();
    await page.waitForURL(/\/data-subject-requests/);
    await page.getByText('1-4 of 4').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('request-status').allTextContents()).toEqual([
      'Completed',
      'Completed',
      'Running',
      'Failed',
    ]);
    // A failed request says where it stopped, not a step that reads as if it were running.
    expect(await page.getByRole('row').filter({ hasText: 'Failed' }).textContent()).toContain(
      'Failed after: Started',
    );
    await settled();
    await browser.screenshot('admin-requests');

    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Erasure' }).click();
    await page.getByText('1-2 of 2').waitFor();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Completed' }).click();
    await page.getByText('1-1 of 1').waitFor();

    await rows().first().click();
    const certificate = page.getByTestId('erasure-certificate');
    await certificate.waitFor();
    await settled();
    await browser.screenshot('admin-request-certificate');
    const text = (await certificate.textContent()) ?? '';
    expect(text).toContain('Erasure certificate');
    expect(text).toContain("The customer's data key was destroyed");
    expect(text).toContain('the customer never had a login');
    // Before erasing, their live aggregation consent was revoked and its connection stopped.
    expect(await certificate.getByTestId('erasure-ended').textContent()).toMatch(
      /^Consents and connections ended .+: 1 consent revoked \(reason: erased\), 1 connection stopped;/,
    );
    // Balances are deleted; accounts and transactions are kept under the AML rule, their personal fields shredded.
    const removed = certificate.getByRole('table', { name: 'Rows removed per table' });
    expect(await removed.getByRole('row', { name: /^balance 2$/ }).count()).toBe(1);
    const retained = certificate.getByRole('table', { name: 'Rows retained per table' });
    expect(await retained.getByRole('row', { name: /^account_transaction 3 aml-retention / }).count()).toBe(
      1,
    );
    expect(await retained.getByRole('row', { name: /^account 2 aml-retention / }).count()).toBe(1);
    expect(await page.getByTestId('request-progress').locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Started — /),
      expect.stringMatching(/^Login removed — /),
      expect.stringMatching(/^Consents and connections ended — /),
      expect.stringMatching(/^Data erased or retained per rule — /),
      expect.stringMatching(/^Data key destroyed — /),
      expect.stringMatching(/^Certificate issued — /),
    ]);

    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Data export' }).click();
    // The erasure filter showed "1-1 of 1" too: wait for the export's row itself.
    await rows().first().getByText('Data export').waitFor();
    await rows().first().click();
    expect(await page.getByTestId('export-download').textContent()).toMatch(
      /^The customer can download the archive once, until /,
    );
    await signOut();
  });

  it('a compliance officer records an erasure request received by letter; unticked identity check records nothing', async () => {
    const { page } = browser;
    await signIn(DEMO.bank.complianceOfficer);
    // The customer id is copied from the customers screen: one with no request yet (customers listed in the
    // same millisecond come in id order, so "the last one" is not a fixed customer).
    await page.getByRole('menuitem', { name: 'Data-subject requests' }).click();
    await page.waitForURL(/\/data-subject-requests/);
    await page.getByText('1-4 of 4').waitFor({ timeout: 30_000 });
    const withRequests = (await rows().allTextContents()).join(' ');
    await page.getByRole('menuitem', { name: 'Customers' }).click();
    await page.waitForURL(/\/customers/);
    // The customers' rows (not the requests' still on screen a moment): their last cell is an id.
    const candidates = async () =>
      (await rows().locator('td:last-child').allTextContents())
        .map((id) => id.trim())
        .filter((id) => /^[0-9a-f-]{36}$/.test(id) && !withRequests.includes(id));
    await expect.poll(async () => (await candidates()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const customerId = (await candidates()).at(-1)!;

    await page.getByRole('menuitem', { name: 'Data-subject requests' }).click();
    await page.waitForURL(/\/data-subject-requests/);
    await page.getByText('1-4 of 4').waitFor({ timeout: 30_000 });
    const fill = async () => {
      await page.getByTestId('record-erasure').click();
      await page.getByTestId('record-erasure-customer').fill(customerId);
      await page.getByTestId('record-erasure-note').fill('Letter received 20 Nov, signature checked');
    };

    // The identity check left unticked: the API's problem under the checkbox, nothing recorded.
    await fill();
    await page.getByTestId('record-erasure-continue').click();
    await page.getByTestId('record-erasure-warning').waitFor();
    await page.getByTestId('record-erasure-confirm').click();
    const problem = page.getByTestId('record-erasure-identity-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toBe("confirm the person's identity was checked");
    await settled();
    await browser.screenshot('admin-record-erasure-invalid');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('1-4 of 4').waitFor();

    await fill();
    await page.getByTestId('record-erasure-identity').check();
    await page.getByTestId('record-erasure-continue').click();
    await settled();
    await browser.screenshot('admin-record-erasure-confirm');
    await page.getByTestId('record-erasure-confirm').click();
    await page.getByText('1-5 of 5').waitFor({ timeout: 30_000 });
    const recorded = rows().filter({ hasText: customerId });
    expect(await recorded.getByTestId('request-origin').textContent()).toBe('recorded by staff · letter');
    expect(await recorded.getByTestId('request-status').textContent()).toBe('Requested');
    expect(await page.getByTestId('request-origin').allTextContents()).toContain('customer, in the app');
    await settled();
    await browser.screenshot('admin-record-erasure-listed');
    await signOut();
  });

  it('a compliance officer records an access request for an imported client, then downloads its archive once', async () => {
    const { page } = browser;
    // A client the bank imported from its records: no login, so no export of their own in the app.
    const customerId = await portal.api.importCustomer('Ivo Imported', 'e2e-access-5150');
    await signIn(DEMO.bank.complianceOfficer);
    await page.getByRole('menuitem', { name: 'Data-subject requests' }).click();
    await page.waitForURL(/\/data-subject-requests/);
    await page.getByText(/^1-\d+ of \d+$/).waitFor({ timeout: 30_000 });

    await page.getByTestId('record-export').click();
    await page.getByTestId('record-export-customer').fill(customerId);
    await page.getByTestId('record-export-identity').check();
    await page.getByTestId('record-export-note').fill('Asked at the Main St branch, ID card checked');
    await settled();
    await browser.screenshot('admin-record-access-request');
    await page.getByTestId('record-export-confirm').click();
    await notification(page, /^The access request is recorded; its export is being built/);
    const recorded = rows().filter({ hasText: customerId });
    await recorded.getByTestId('recorded-export-building').waitFor({ timeout: 30_000 });
    expect(await recorded.getByTestId('request-origin').textContent()).toBe('recorded by staff · letter');
    await settled();
    await browser.screenshot('admin-record-access-building');

    // The token the API showed once is held for this tab only; its key is the request's id.
    const held = await page.evaluate(() => sessionStorage.getItem('finpersona.admin.recorded-exports'));
    const [requestId] = Object.keys(JSON.parse(held ?? '{}') as Record<string, unknown>);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // What the worker's export activities do (no worker runs here); the list looks again by itself.
    await portal.api.buildExport(requestId!);
    const button = recorded.getByTestId('recorded-export-download');
    await button.waitFor({ timeout: 30_000 });
    await settled();
    await browser.screenshot('admin-record-access-ready');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      button.click(),
    ]);
    expect(download.suggestedFilename()).toBe(`personal-data-export-${requestId}.zip`);
    const archive = await readFile((await download.path())!);
    expect(archive.length).toBeGreaterThan(0);
    const files = exportArchiveFiles(new Uint8Array(archive));
    const document = JSON.parse(files['export.json']!) as { person: { id: string; display_name: string } };
    expect(document.person).toMatchObject({ id: customerId, display_name: 'Ivo Imported' });
    await notification(page, `The archive is saved as ${download.suggestedFilename()}`);
    // Once: the download is gone from the row and from the tab, and the details say who fetched it.
    await expect.poll(() => recorded.getByTestId('recorded-export-download').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('finpersona.admin.recorded-exports'))).toBeNull();
    await recorded.getByTestId('request-origin').click();
    await expect
      .poll(() => page.getByTestId('export-download').textContent())
      .toMatch(/^The compliance officer who recorded it downloaded the archive /);
    await settled();
    await browser.screenshot('admin-record-access-downloaded');
    await signOut();
  });

  it('gives a bank administrator consents but no data-subject requests: its address says "not allowed"', async () => {
    const { page } = browser;
    await signIn(DEMO.bank.admin);
    await expect.poll(menuEntries).toEqual([...staffMenus.bankAdmin]);

    await page.goto(`${app.url}/data-subject-requests`);
    const error = page.getByTestId('requests-error');
    await error.waitFor({ timeout: 30_000 });
    const message = (await error.textContent()) ?? '';
    expect(message).toContain('Not allowed');
    expect(message).toContain('list data-subject requests');
    // Only the refusal (no filters above it), naming no slug or role id.
    expect(message).not.toMatch(/demo-bank|compliance-officer/);
    expect(await page.locator('.RaList-actions').isVisible()).toBe(false);
    expect(await rows().count()).toBe(0);
    expect(await page.getByTestId('record-erasure').count()).toBe(0);
    expect(await page.getByTestId('record-export').count()).toBe(0);
    await settled();
    await browser.screenshot('admin-requests-forbidden');

    // The consent overview is theirs too (bank staff), with the same counts.
    await page.getByRole('menuitem', { name: 'Consents' }).click();
    await page.getByTestId('consent-summary').waitFor({ timeout: 30_000 });
    const total = seeded.consentCounts.reduce((sum, count) => sum + count.count, 0);
    expect(await page.getByTestId('consent-counts-total').textContent()).toBe(String(total));
    await signOut();
  });
});
