// Debian's Chromium driven by playwright-core for browser tests, with a fresh profile per run.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Route } from 'playwright-core';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Saves `<artifactsDir>/<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

// The page's window, typed loosely because this code is compiled without the DOM library.
type ScrollingWindow = { scrollX: number; scrollY: number; scrollTo(x: number, y: number): void };

/**
 * `locale`: what the browser says it prefers (`navigator.languages`, Accept-Language) and formats in; en-US
 * unless a test asks for another, so no test depends on the machine's settings.
 */
export async function launchBrowser(
  artifactsDir: string,
  options: { locale?: string } = {},
): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'fp-e2e-chromium-'));
  await mkdir(artifactsDir, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    locale: options.locale ?? 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return {
    context,
    page,
    async screenshot(name) {
      const path = join(artifactsDir, `${name}.png`);
      // A full-page capture keeps the window where it is scrolled to: fixed and sticky parts (an app bar, a
      // menu) are drawn there, mid-page. Captured from the top, they are where a reader expects them; the
      // test then goes on where it was.
      const scrolled = await page.evaluate(() => {
        const window = globalThis as unknown as ScrollingWindow;
        return [window.scrollX, window.scrollY] as const;
      });
      if (scrolled[0] !== 0 || scrolled[1] !== 0) {
        await page.evaluate(() => (globalThis as unknown as ScrollingWindow).scrollTo(0, 0));
        await page.waitForTimeout(400); // an app bar hidden on scroll slides back in
      }
      await page.screenshot({ path, fullPage: true });
      if (scrolled[0] !== 0 || scrolled[1] !== 0) {
        await page.evaluate(([x, y]) => (globalThis as unknown as ScrollingWindow).scrollTo(x, y), scrolled);
      }
      return path;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A computed CSS property of the element, as the browser resolved it (e.g. `rgb(11, 95, 255)`). */
export function computedStyle(locator: Locator, property: string): Promise<string> {
  // Runs in the page; typed loosely because the test code is compiled without the DOM library.
  type PageWindow = { getComputedStyle(element: unknown): { getPropertyValue(name: string): string } };
  return locator.evaluate(
    (element, name) => (globalThis as unknown as PageWindow).getComputedStyle(element).getPropertyValue(name),
    property,
  );
}

/**
 * Makes the API out of reach for the GraphQL requests whose text contains `operation` (e.g. `modelTrainingRuns`),
 * as a failed network does, to check a page's error state; the others go through. Without `operation`, every
 * GraphQL request (the API down). Returns what undoes it.
 */
export async function refuseGraphql(page: Page, operation?: string): Promise<() => Promise<void>> {
  const graphql = (url: URL) => url.pathname === '/graphql';
  const refused = (body: string | null) => operation === undefined || !!body?.includes(operation);
  const refuse = (route: Route) =>
    refused(route.request().postData()) ? route.abort('connectionrefused') : route.fallback();
  await page.route(graphql, refuse);
  return () => page.unroute(graphql, refuse);
}
