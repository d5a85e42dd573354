// The Staff screen against the real API, Keycloak and PostgreSQL (the demo bank): a compliance officer has no
// Staff entry and is told "not allowed" at its address (and is recorded in the directory by signing in); a bank
// administrator sees both of them by name with roles and last seen, forgets the officer after confirming
// (the API audits it without the name), and the officer's row is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { notification, type Portal, settled, signIn, signOut, startPortal, staffMenus } from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;

beforeAll(async () => {
  portal = await startPortal('admin_staff_directory_e2e');
  ({ app, browser } = portal);
});

afterAll(async () => {
  await portal?.close();
});

const names = () => browser.page.getByTestId('staff-row-name').allTextContents();
const row = (name: string) => browser.page.getByTestId('staff-row').filter({ hasText: name });

describe('staff page', () => {
  it('gives a compliance officer no Staff entry, and "not allowed" at its address', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.complianceOfficer);
    await expect
      .poll(() => page.getByRole('menuitem').allTextContents())
      .toEqual([...staffMenus.complianceOfficer]);
    await page.goto(`${app.url}/staff`);
    const error = page.getByTestId('staff-directory-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('Not allowed');
    expect(await error.textContent()).toContain("list the bank's staff directory");
    expect(await page.getByTestId('staff-forget').count()).toBe(0);
    await settled();
    await browser.screenshot('admin-staff-forbidden');
    await signOut(portal);
  });

  it('lets a bank administrator see the bank’s staff and forget one of them', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.admin);
    await expect.poll(() => page.getByRole('menuitem').allTextContents()).toEqual([...staffMenus.bankAdmin]);
    await page.getByRole('menuitem', { name: 'Staff' }).click();
    await page.getByTestId('staff-table').waitFor({ timeout: 30_000 });
    // Both demo staff signed in through the portal, so the directory knows them; by name.
    expect(await names()).toEqual(['Bank Admin', 'Compliance Officer']);
    expect(await row('Compliance Officer').getByTestId('staff-row-roles').textContent()).toBe(
      'Compliance officer',
    );
    expect(await row('Bank Admin').getByTestId('staff-row-roles').textContent()).toBe('Bank administrator');
    await settled();
    await browser.screenshot('admin-staff');

    await row('Compliance Officer').getByTestId('staff-forget').click();
    const dialog = page.getByTestId('staff-forget-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Forget Compliance Officer?');
    await settled();
    await browser.screenshot('admin-staff-forget');
    await page.getByTestId('staff-forget-confirm').click();
    await notification(page, 'Compliance Officer is forgotten');
    await expect.poll(names).toEqual(['Bank Admin']);
    await settled();
    await browser.screenshot('admin-staff-forgotten');

    // The API recorded it, by this administrator; the listing is on the trail too.
    const entries = await portal.api.auditEntries('staff-directory.');
    expect(entries.map((entry) => entry.action)).toContain('staff-directory.forget');
    const forgets = entries.filter((entry) => entry.action === 'staff-directory.forget');
    expect(forgets).toHaveLength(1);
    expect(forgets[0]!.actorSubject).not.toBe('system');
    await signOut(portal);
  });
});
