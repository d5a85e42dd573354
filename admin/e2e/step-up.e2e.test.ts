// Step-up in the browser: a bank administrator whose token shows no recent one-time code is sent by the
// customers page to "Confirm it is you", signs in again through Keycloak with acr_values=mfa (only the
// code is asked for, the SSO session is kept) and comes back to the customers page, which then loads.
//
// To get such a token without waiting 15 minutes, the test removes the `otp` reference from the demo
// realm's level-1 OTP step of bank administrators for its duration (Keycloak admin API; restored after):
// the sign-in still asks for the code, but the token no longer lists it in `amr`. The step is looked up in
// the flow bound to the realm, so the test holds for the imported realm and for one onboarding converged
// (both carry the realm template's flows, see platform/src/realms/sign-in.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, passwordGrant, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { AMR_ONE_TIME_CODE, secondFactorMaxAgeSeconds } from '@finpersona/platform';
import { demoStaffCode, notification, type Portal, startPortal } from './portal.ts';

const keycloakUrl = () => process.env.KEYCLOAK_URL!.replace(/\/+$/, '');

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;
let restoreReference: (() => Promise<void>) | undefined;

async function keycloakAdmin(method: string, path: string, body?: unknown): Promise<unknown> {
  const { access_token } = await passwordGrant({
    keycloakUrl: keycloakUrl(),
    realm: 'master',
    clientId: 'admin-cli',
    username: 'admin',
    password: 'admin',
  });
  const response = await fetch(`${keycloakUrl()}/admin/realms/${DEMO.bank.realm}${path}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Keycloak admin ${method} ${path}: HTTP ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

/** Makes the bank administrator's sign-in code not count as a second factor; returns the undo. */
async function dropLevelOneOtpReference(): Promise<() => Promise<void>> {
  const { browserFlow } = (await keycloakAdmin('GET', '')) as { browserFlow: string };
  // Named by the realm template: flow-aliases.ts `configAlias` of the OTP step in sign-in.ts's level 1.
  const wanted = `${browserFlow} - forms - level 1 password - OTP for bank-admin - otp reference`;
  const executions = (await keycloakAdmin(
    'GET',
    `/authentication/flows/${encodeURIComponent(browserFlow)}/executions`,
  )) as { authenticationConfig?: string }[];
  for (const execution of executions) {
    if (!execution.authenticationConfig) continue;
    const path = `/authentication/config/${execution.authenticationConfig}`;
    const config = (await keycloakAdmin('GET', path)) as { id: string; alias: string };
    if (config.alias !== wanted) continue;
    // Keycloak masks these values when read back, so they are written out in full both ways.
    const maxAge = String(secondFactorMaxAgeSeconds);
    await keycloakAdmin('PUT', path, { ...config, config: { 'default.reference.maxAge': maxAge } });
    return async () => {
      await keycloakAdmin('PUT', path, {
        ...config,
        config: { 'default.reference.value': AMR_ONE_TIME_CODE, 'default.reference.maxAge': maxAge },
      });
    };
  }
  throw new Error(`the demo realm's browser flow has no "${wanted}" config`);
}

beforeAll(async () => {
  portal = await startPortal('admin_step_up');
  ({ app, browser } = portal);
  // The model registry (a version awaiting approval) and insights-core on, for the step-up mutations below.
  await portal.api.seedIntelligenceData();
  restoreReference = await dropLevelOneOtpReference();
});

/** Password and code (which, with the reference dropped, does not count as a recent second factor). */
async function signInWithoutRecentCode(page: Page): Promise<void> {
  await page.goto(app.url);
  await page.waitForURL(`${app.url}/login`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#username').fill(DEMO.bank.admin.username);
  await page.locator('#password').fill(DEMO.bank.admin.password);
  await page.locator('#kc-login').click();
  await page.locator('#otp').fill(await demoStaffCode());
  await page.locator('#kc-login').click();
}

/** Keycloak asks only for the code (the SSO session is kept); the portal returns to `path`. */
async function confirmWithCode(page: Page, path: string, atKeycloak?: () => Promise<unknown>): Promise<void> {
  await page.getByRole('button', { name: 'Confirm with one-time code' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${keycloakUrl()}/realms/${DEMO.bank.realm}/`));
  const otp = page.locator('#otp');
  await otp.waitFor();
  expect(await page.locator('#password').count()).toBe(0);
  await atKeycloak?.();
  await otp.fill(await demoStaffCode());
  await page.locator('#kc-login').click();
  await page.waitForURL(`${app.url}${path}`, { timeout: 30_000 });
}

/** A new portal session: the portal's tokens (session storage) and Keycloak's session cookie gone. */
async function forgetSession(page: Page): Promise<void> {
  await page.evaluate(() => sessionStorage.clear());
  await page.context().clearCookies();
}

afterAll(async () => {
  await restoreReference?.();
  await portal?.close();
});

describe('admin portal step-up', () => {
  it('asks for the one-time code again when the API says STEP_UP_REQUIRED, then returns to the customers', async () => {
    const { page } = browser;
    await signInWithoutRecentCode(page);

    // The customers query is refused with STEP_UP_REQUIRED: the portal explains instead of signing out.
    const stepUp = page.getByTestId('step-up');
    await stepUp.waitFor({ timeout: 30_000 });
    const location = new URL(page.url());
    expect(location.pathname).toBe('/step-up');
    expect(location.searchParams.get('acr')).toBe('mfa');
    expect(location.searchParams.get('returnTo')).toBe('/customers');
    expect(await page.getByTestId('step-up-message').textContent()).toContain('one-time code');
    await browser.screenshot('admin-step-up');

    // Keycloak keeps the session (no password asked) and asks only for the code.
    await confirmWithCode(page, '/customers', () => browser.screenshot('admin-step-up-keycloak-otp'));
    await page.getByRole('cell', { name: 'Ana Novak' }).waitFor();
    expect(await page.getByTestId('customers-total').textContent()).toBe('25 customers');
    await browser.screenshot('admin-step-up-done');
  });

  // The API's step-up mutations with a page of their own: each one, asked without a recent code, leads to the
  // step-up page and back to its page, where the same action then goes through.
  const mutations: {
    name: string;
    path: string;
    ready: string;
    act(page: Page): Promise<void>;
    done: RegExp;
  }[] = [
    {
      name: 'updateInsightSettings',
      path: '/insights',
      ready: 'insight-settings',
      act: async (page) => {
        await page.getByTestId('insight-kind').filter({ hasText: 'Salary change' }).locator('input').click();
        await page.getByTestId('save-insight-settings').click();
      },
      done: /^Insight settings saved/,
    },
    {
      name: 'approveModelVersion',
      path: '/models',
      ready: 'approve-version',
      act: async (page) => {
        await page.getByTestId('approve-version').first().click();
        await page.getByTestId('version-dialog-reason').fill('Approved by the model board.');
        await page.getByTestId('version-dialog-confirm').click();
      },
      done: /is approved and the champion now/,
    },
    {
      name: 'updateSurveySettings',
      path: '/surveys',
      ready: 'minimum-audience-input',
      act: async (page) => {
        await page.getByTestId('minimum-audience-input').fill('8');
        await page.getByTestId('save-minimum-audience').click();
      },
      done: /^Results now need at least 8 respondents/,
    },
  ];

  it.each(mutations)(
    '$name without a recent code leads to the step-up page, back to $path, and then goes through',
    async ({ name, path, ready, act, done }) => {
      const { page } = browser;
      await forgetSession(page);
      await signInWithoutRecentCode(page);
      // The customers list (where sign-in lands) asks for the step-up too; go to the page itself instead.
      await page.getByTestId('step-up').waitFor({ timeout: 30_000 });
      await page.goto(`${app.url}${path}`);
      await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
      await act(page);

      await page.getByTestId('step-up').waitFor({ timeout: 30_000 });
      const location = new URL(page.url());
      expect(location.searchParams.get('returnTo'), name).toBe(path);
      await browser.screenshot(`admin-step-up-${name}`);
      await confirmWithCode(page, path);

      await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
      await act(page);
      await notification(page, done);
      await browser.screenshot(`admin-step-up-${name}-done`);
    },
  );
});
