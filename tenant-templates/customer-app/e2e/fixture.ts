// What the customer app's browser tests share: the real API (demo bank), the built app and a browser.
import { fileURLToPath } from 'node:url';
import {
  buildAndPreview,
  DEMO,
  launchBrowser,
  loopbackOrigins,
  ports,
  type ServedApp,
  type TestBrowser,
} from '@finpersona/deploy';
import { startDemoBankApi, type DemoBankApi } from '@finpersona/platform/testing';
import type { Page } from 'playwright-core';

export const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts', import.meta.url));

export interface CustomerAppRun {
  api: DemoBankApi;
  app: ServedApp;
  browser: TestBrowser;
  close(): Promise<void>;
}

/**
 * The API over a fresh database with the demo bank, the app built for it on the test profile's customer-app port
 * (15174 + FINPERSONA_TEST_PORT_OFFSET, which the test Keycloak's redirect URIs name), and Chromium.
 * `allowDevClient`: the API also accepts developer-client tokens (`api.graphqlAsBankAdmin`); `locale`: the
 * browser's (en-US by default).
 */
export async function startCustomerApp(
  label: string,
  extraOrigins: string[] = [],
  options: { allowDevClient?: boolean; locale?: string } = {},
): Promise<CustomerAppRun> {
  const port = ports.test.customerApp;
  const api = await startDemoBankApi(label, [...loopbackOrigins(port), ...extraOrigins], options);
  const app = await buildAndPreview({
    root,
    port,
    env: { VITE_API_URL: api.url, VITE_TENANT_SLUG: DEMO.bank.slug },
  });
  const browser = await launchBrowser(artifacts, { locale: options.locale });
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

/**
 * Ana signs in on the demo realm's real Keycloak page (`beforeSubmit` runs with the form filled in);
 * `signIn` is the app's button in the page's language.
 */
export async function signInAsAna(
  page: Page,
  beforeSubmit?: () => Promise<unknown>,
  signIn = 'Sign in',
): Promise<void> {
  await page.getByRole('button', { name: signIn }).click();
  await page.waitForURL((url) =>
    url.href.startsWith(`${process.env.KEYCLOAK_URL}/realms/${DEMO.bank.realm}/`),
  );
  await page.locator('#username').fill(DEMO.bank.customer.username);
  await page.locator('#password').fill(DEMO.bank.customer.password);
  await beforeSubmit?.();
  await page.locator('#kc-login').click();
}

/** Whether the page is wider than the window (something pushes it sideways); runs in the page. */
export const pageOverflows = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const window = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number } };
      innerWidth: number;
    };
    return window.document.documentElement.scrollWidth > window.innerWidth;
  });
