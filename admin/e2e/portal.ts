// The admin portal as its browser tests use it: the demo bank's API over a database of its own, the portal
// built and served on the test profile's admin port (15173 + FINPERSONA_TEST_PORT_OFFSET, which the test Keycloak's
// redirect URIs name), and a headless browser saving screenshots.
import { fileURLToPath } from 'node:url';
import {
  buildAndPreview,
  DEMO,
  freshTotp,
  launchBrowser,
  loopbackOrigins,
  ports,
  type ServedApp,
  type TestBrowser,
} from '@finpersona/deploy';
import { startDemoBankApi, type DemoBankApi } from '@finpersona/platform/testing';
import type { Locator } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts', import.meta.url));

export interface Portal {
  api: DemoBankApi;
  app: ServedApp;
  browser: TestBrowser;
  close(): Promise<void>;
}

/** Starts the API (`databaseLabel` names its database; `apiOptions` as `startDemoBankApi`'s), the portal and a browser. */
export async function startPortal(
  databaseLabel: string,
  apiOptions: Parameters<typeof startDemoBankApi>[2] = {},
): Promise<Portal> {
  const port = ports.test.admin;
  const api = await startDemoBankApi(databaseLabel, loopbackOrigins(port), apiOptions);
  const app = await buildAndPreview({
    root,
    port,
    env: { VITE_API_URL: api.url, VITE_KEYCLOAK_URL: process.env.KEYCLOAK_URL! },
  });
  const browser = await launchBrowser(artifacts);
  return {
    api,
    app,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await api.stop();
    },
  };
}

/** The demo staff's current one-time code, with time left to type it. */
export const demoStaffCode = (): Promise<string> => freshTotp(DEMO.otpSecret);

/** Signs bank staff in through the demo realm (password + one-time code) and waits for the customers page. */
export async function signIn(
  { app, browser }: Pick<Portal, 'app' | 'browser'>,
  user: { username: string; password: string },
): Promise<void> {
  const { page } = browser;
  await page.goto(app.url);
  await page.waitForURL(`${app.url}/login`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) =>
    url.href.startsWith(`${process.env.KEYCLOAK_URL}/realms/${DEMO.bank.realm}/`),
  );
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('#kc-login').click();
  const otp = page.locator('#otp');
  await otp.waitFor();
  await otp.fill(await demoStaffCode());
  await page.locator('#kc-login').click();
  await page.waitForURL(`${app.url}/customers`, { timeout: 30_000 });
}

/** Signs out through the user menu (which also ends the Keycloak session). */
export async function signOut({ app, browser }: Pick<Portal, 'app' | 'browser'>): Promise<void> {
  const { page } = browser;
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await page.waitForURL(`${app.url}/login`);
}

/** The menu each demo staff role sees (navigation.ts, mirroring the API's role matrix). */
export const staffMenus = {
  bankAdmin: [
    'Customers',
    'Consents',
    'Models',
    'Category rules',
    'Recommendation reviews',
    'Insights',
    'Surveys',
    'Products',
    'Plugins',
    'Webhooks',
    'Staff',
  ],
  complianceOfficer: [
    'Customers',
    'Consents',
    'Data-subject requests',
    'Models',
    'Recommendation reviews',
    'Insights',
    'Surveys',
    'Products',
    'Audit trail',
  ],
} as const;

/** Waits for react-admin's notification with this text (an outcome, or the API's error). */
export const notification = (page: TestBrowser['page'], text: string | RegExp): Promise<void> =>
  page.locator('.MuiSnackbarContent-message', { hasText: text }).waitFor({ timeout: 30_000 });

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * What react-admin's notification with this text covers (Notification.tsx): with the menu open it must sit in the
 * menu column, clear of the page's content and of every menu entry. `keepClear` names what else it must not cover
 * (e.g. a form's Save button and its fields in error), should the content reach under it. Returns each problem found
 * (none: `[]`); call it while the notification shows.
 */
export async function notificationCovers(
  page: TestBrowser['page'],
  text: string | RegExp,
  keepClear: Record<string, Locator>,
): Promise<string[]> {
  const notice = await page.locator('.MuiSnackbarContent-root', { hasText: text }).boundingBox();
  if (!notice) return ['no notification on screen'];
  const problems: string[] = [];
  const covers = (name: string, box: Box | null) => {
    if (box && overlap(notice, box)) problems.push(`the notification covers ${name}`);
  };
  covers("the page's content", await page.locator('#main-content').boundingBox());
  for (const [name, locator] of Object.entries(keepClear)) covers(name, await locator.boundingBox());
  for (const entry of await page.getByRole('menuitem').all()) {
    covers(`the menu's ${await entry.textContent()}`, await entry.boundingBox());
  }
  return problems;
}

/** Whether the page is wider than the window (runs in the page; typed loosely: the tests compile without the DOM). */
export const pageScrollsSideways = (page: TestBrowser['page']): Promise<boolean> =>
  page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });

/** Lets MUI's transitions finish, so screenshots show the final state. */
export const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 600));
