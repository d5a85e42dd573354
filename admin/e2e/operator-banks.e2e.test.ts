// A platform operator signs in to the admin portal through the platform realm (password, then a TOTP code),
// sees the banks, suspends Demo Bank with a reason behind a confirmation and reactivates it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { demoStaffCode, type Portal, startPortal } from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;

beforeAll(async () => {
  portal = await startPortal('admin_operator_e2e');
  ({ app, browser } = portal);
});

afterAll(async () => {
  await portal?.close();
});

/** Lets MUI's colour and fade transitions finish, so screenshots show the final state. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 600));

describe('admin portal for platform operators', () => {
  it('lists the banks, suspends Demo Bank with a reason and reactivates it', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await page.waitForURL(`${app.url}/login`);
    await page.getByRole('radio', { name: 'Platform operator' }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL((url) =>
      url.href.startsWith(`${process.env.KEYCLOAK_URL}/realms/${DEMO.platform.realm}/`),
    );
    await page.locator('#username').fill(DEMO.platform.operator.username);
    await page.locator('#password').fill(DEMO.platform.operator.password);
    await page.locator('#kc-login').click();
    const otp = page.locator('#otp');
    await otp.waitFor();
    await otp.fill(await demoStaffCode());
    await page.locator('#kc-login').click();

    // Operators see the banks, not any bank's customers.
    await page.getByRole('cell', { name: 'Demo Bank' }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toMatch(/^\/tenants/);
    // Its slug and its Keycloak realm (both `demo-bank`).
    expect(await page.getByRole('cell', { name: DEMO.bank.slug, exact: true }).count()).toBe(2);
    expect(await page.getByTestId('tenant-status').textContent()).toBe('Active');
    await browser.screenshot('admin-operator-banks');

    await page.getByRole('cell', { name: 'Demo Bank' }).click();
    await page.getByTestId('suspend-tenant').waitFor();
    await page.getByTestId('suspend-tenant').click();
    // The reason is required: the confirmation stays disabled until one is typed.
    expect(await page.getByTestId('confirm-suspend').isDisabled()).toBe(true);
    await page.getByTestId('suspension-reason').fill('Browser test: contract review');
    await expect.poll(() => page.getByTestId('confirm-suspend').isEnabled()).toBe(true);
    await settled();
    await browser.screenshot('admin-operator-suspend-dialog');
    await page.getByTestId('confirm-suspend').click();
    await page.getByText('Browser test: contract review').waitFor({ timeout: 15_000 });
    await page.getByTestId('reactivate-tenant').waitFor();
    await page.getByTestId('tenant-status').filter({ hasText: 'Suspended' }).waitFor();
    await settled();
    await browser.screenshot('admin-operator-suspended');

    await page.getByTestId('reactivate-tenant').click();
    await page.getByRole('button', { name: 'Reactivate' }).last().click();
    await page.getByTestId('suspend-tenant').waitFor({ timeout: 15_000 });
    await page.getByTestId('tenant-status').filter({ hasText: 'Active' }).waitFor();
    expect(await page.getByText('Browser test: contract review').count()).toBe(0);
    await settled();
    await browser.screenshot('admin-operator-reactivated');
  });
});
