// A bank customer opens the white-label app, signs in on the bank's real Keycloak login page and is greeted
// on a page in the bank's colours, with its name and logo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAndPreview,
  computedStyle,
  DEMO,
  freePort,
  type ServedApp,
  type TestBrowser,
} from '@finpersona/deploy';
import { demoBankTenant, type DemoBankApi } from '@finpersona/platform/testing';
import { type CustomerAppRun, root, signInAsAna, startCustomerApp } from './fixture.ts';

let run: CustomerAppRun;
let api: DemoBankApi;
let app: ServedApp;
let browser: TestBrowser;
/** Ports for extra builds of the app (other bank, API down), known up front so the API's CORS admits them. */
let unknownBankPort: number;
let apiDownPort: number;

beforeAll(async () => {
  [unknownBankPort, apiDownPort] = [await freePort(), await freePort()];
  run = await startCustomerApp('customer_app_e2e', [`http://localhost:${unknownBankPort}`]);
  ({ api, app, browser } = run);
});

afterAll(async () => {
  await run?.close();
});

describe('customer app', () => {
  it("greets Ana by name on a page in Demo Bank's colours after she signs in through Keycloak", async () => {
    const { page } = browser;
    await page.goto(app.url);

    // Branded before sign-in: the bank's name from tenantBranding, the sign-in call to action.
    await page.getByRole('heading', { name: `Welcome to ${demoBankTenant.branding.displayName}` }).waitFor();
    await browser.screenshot('customer-app-signed-out');

    await signInAsAna(page, () => browser.screenshot('customer-app-keycloak-login'));

    const greeting = page.getByTestId('greeting');
    await greeting.waitFor({ timeout: 30_000 });
    expect(await greeting.textContent()).toMatch(/^Good (morning|afternoon|evening), Ana$/);
    expect(new URL(page.url()).pathname).toBe('/');

    // The bank's colours are applied through CSS variables, all the way to computed styles.
    const brandBar = page.locator('.brand-bar');
    expect(await computedStyle(brandBar, 'background-color')).toBe('rgb(11, 95, 255)');
    expect(await computedStyle(greeting, 'color')).toBe('rgb(11, 95, 255)');
    expect(await computedStyle(page.locator('.eyebrow'), 'color')).toBe('rgb(0, 184, 148)');

    // Name and logo of the bank, the logo actually loaded (not the initials fallback).
    expect(await page.locator('.brand-name').textContent()).toBe(demoBankTenant.branding.displayName);
    const logo = page.getByRole('img', { name: `${demoBankTenant.branding.displayName} logo` });
    expect(await logo.evaluate((element) => element.tagName)).toBe('IMG');
    expect(
      await logo.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    expect(await page.title()).toBe(demoBankTenant.branding.displayName);

    await browser.screenshot('customer-app-greeting');

    // Signing out ends the Keycloak session and lands on the bank's signed-out page again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: `Welcome to ${demoBankTenant.branding.displayName}` }).waitFor();
    expect(await page.getByTestId('greeting').count()).toBe(0);
  });

  it("a consent reminder's link (/privacy) opens the privacy page after signing in; the header button and Back move between it and the Overview", async () => {
    const { page } = browser;
    const path = () => new URL(page.url()).pathname;
    await page.goto(`${app.url}/privacy`);
    await page.getByRole('heading', { name: `Welcome to ${demoBankTenant.branding.displayName}` }).waitFor();
    await signInAsAna(page);

    const privacy = page.getByTestId('privacy');
    await privacy.waitFor({ timeout: 30_000 });
    expect(path()).toBe('/privacy');
    expect(await page.getByRole('button', { name: 'Overview' }).getAttribute('aria-pressed')).toBe('true');
    await browser.screenshot('customer-app-privacy-link');

    await page.getByRole('button', { name: 'Overview' }).click();
    await page.getByTestId('greeting').waitFor({ timeout: 30_000 });
    expect(path()).toBe('/');
    expect(await privacy.count()).toBe(0);
    await page.goBack();
    await privacy.waitFor({ timeout: 30_000 });
    expect(path()).toBe('/privacy');
    await page.getByRole('button', { name: 'Overview' }).click();
    await page.getByTestId('greeting').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: `Welcome to ${demoBankTenant.branding.displayName}` }).waitFor();
  });
});

describe('customer app states', () => {
  it('says clearly when the configured bank does not exist, without any bank branding', async () => {
    const unknown = await buildAndPreview({
      root,
      port: unknownBankPort,
      env: { VITE_API_URL: api.url, VITE_TENANT_SLUG: 'no-such-bank' },
    });
    try {
      const { page } = browser;
      await page.goto(unknown.url);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('We could not find this bank');
      expect(await alert.textContent()).toContain('no-such-bank');
      expect(await page.locator('.brand-bar').count()).toBe(0);
      await browser.screenshot('customer-app-unknown-bank');
    } finally {
      await unknown.close();
    }
  });

  it('says the service is unavailable when the API cannot be reached, and offers a retry', async () => {
    const down = await buildAndPreview({
      root,
      port: apiDownPort,
      env: { VITE_API_URL: `http://127.0.0.1:${await freePort()}`, VITE_TENANT_SLUG: DEMO.bank.slug },
    });
    try {
      const { page } = browser;
      await page.goto(down.url);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Service temporarily unavailable');
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('Service temporarily unavailable');
      await browser.screenshot('customer-app-api-down');
    } finally {
      await down.close();
    }
  });
});
