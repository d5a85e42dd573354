// A bank administrator signs in to the admin portal through Demo Bank's real Keycloak login (password, then
// a TOTP code) and sees the bank's customers, paged over the API's cursor connection.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAndPreview,
  DEMO,
  launchBrowser,
  totpNow,
  type ServedApp,
  type TestBrowser,
} from '@finpersona/deploy';
import { demoBankCustomers, startDemoBankApi, type DemoBankApi } from '@finpersona/platform/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts', import.meta.url));

let api: DemoBankApi;
let app: ServedApp;
let browser: TestBrowser;
/** Names on the first page of 25, in the API's order (for comparing later pages). */
let allNames: string[] = [];

beforeAll(async () => {
  api = await startDemoBankApi('admin_e2e', ['http://localhost:15173', 'http://127.0.0.1:15173']);
  app = await buildAndPreview({
    root,
    port: Number(process.env.ADMIN_PORT ?? 15173),
    env: { VITE_API_URL: api.url, VITE_KEYCLOAK_URL: process.env.KEYCLOAK_URL! },
  });
  browser = await launchBrowser(artifacts);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await api?.stop();
});

/** A code that stays valid while it is typed: waits out the last seconds of a 30 s TOTP period. */
async function freshTotp(): Promise<string> {
  const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (secondsLeft < 5) await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 200));
  return totpNow(DEMO.otpSecret);
}

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
    await otp.fill(await freshTotp());
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
    expect(await error.textContent()).toContain(`bank "${DEMO.bank.slug}"`);
    expect(new URL(page.url()).pathname).toBe('/customers'); // FORBIDDEN is shown, not treated as a sign-out
    await browser.screenshot('admin-customers-forbidden');
  });
});
