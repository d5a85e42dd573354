// A bank administrator signs in to the admin portal through Demo Bank's real Keycloak login (password, then
// a TOTP code) and sees the bank's customers, paged over the API's cursor connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { demoBankCustomers } from '@finpersona/platform/testing';
import { demoStaffCode, type Portal, startPortal } from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;
/** Names on the first page of 25, in the API's order (for comparing later pages). */
let allNames: string[] = [];

beforeAll(async () => {
  portal = await startPortal('admin_e2e');
  ({ app, browser } = portal);
});

afterAll(async () => {
  await portal?.close();
});

describe('admin portal', () => {
  it("lets a bank admin sign in through Keycloak with password and OTP and lists the bank's customers", async () => {
    const { page } = browser;
    await page.goto(app.url);

    await page.waitForURL(`${app.url}/login`);
    expect(await page.getByRole('textbox', { name: 'Bank' }).inputValue()).toBe(DEMO.bank.slug);
    await browser.screenshot('admin-login');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL((url) =>
      url.href.startsWith(`${process.env.KEYCLOAK_URL}/realms/${DEMO.bank.realm}/`),
    );
    await page.locator('#username').fill(DEMO.bank.admin.username);
    await page.locator('#password').fill(DEMO.bank.admin.password);
    await page.locator('#kc-login').click();

    const otp = page.locator('#otp');
    await otp.waitFor();
    await otp.fill(await demoStaffCode());
    await browser.screenshot('admin-keycloak-otp');
    await page.locator('#kc-login').click();

    await page.waitForURL(`${app.url}/customers`, { timeout: 30_000 });
    await page.getByRole('cell', { name: 'Ana Novak' }).waitFor();
    expect(await page.getByRole('cell', { name: DEMO.bank.customer.email }).count()).toBe(1);
    expect(await page.getByTestId('customers-total').textContent()).toBe('25 customers');
    await page.getByText('1-25 of 25').waitFor();
    expect(await page.getByTestId('organisation').textContent()).toBe(DEMO.bank.displayName);
    allNames = await page.locator('tbody tr td:first-child').allTextContents();
    expect(allNames).toHaveLength(25);
    expect(new Set(allNames)).toEqual(new Set(demoBankCustomers.map((customer) => customer.displayName)));
    await browser.screenshot('admin-customers');
  });

  it('opens a later page directly by walking the cursors from the first page', async () => {
    const { page } = browser;
    await page.goto(`${app.url}/customers?page=3&perPage=10`);

    const rowNames = () => page.locator('tbody tr td:first-child').allTextContents();
    await page.getByText('21-25 of 25').waitFor();
    // The pager's label can change before the rows re-render: wait for the rows themselves.
    await expect.poll(rowNames).toEqual(allNames.slice(20, 25));
    await browser.screenshot('admin-customers-page-3');

    await page.getByRole('button', { name: 'Go to page 2' }).click();
    await page.getByText('11-20 of 25').waitFor();
    await expect.poll(rowNames).toEqual(allNames.slice(10, 20));
  });

  it('signs out through Keycloak, and shows a customer without a staff role a clear "not allowed" message', async () => {
    const { page } = browser;
    await page.goto(`${app.url}/customers`);
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.waitForURL(`${app.url}/login`);

    await page.getByRole('button', { name: 'Sign in' }).click();
    // The Keycloak session ended with the sign-out, so Keycloak asks for credentials again.
    await page.locator('#username').fill(DEMO.bank.customer.username);
    await page.locator('#password').fill(DEMO.bank.customer.password);
    await page.locator('#kc-login').click();

    const error = page.getByTestId('customers-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('Not allowed');
    // The refusal speaks of "this bank" and names roles, not the bank's slug or role ids (admin-texts).
    expect(await error.textContent()).toContain('You do not have permission to do this at this bank.');
    expect(await error.textContent()).not.toContain(DEMO.bank.slug);
    expect(new URL(page.url()).pathname).toBe('/customers'); // FORBIDDEN is shown, not treated as a sign-out
    await browser.screenshot('admin-customers-forbidden');
  });
});
