// The admin portal as its browser tests use it: the demo bank's API over a database of its own, the portal
// built and served on the port the realms' redirect URIs name, and a headless browser saving screenshots.
import { fileURLToPath } from 'node:url';
import {
  buildAndPreview,
  DEMO,
  freshTotp,
  launchBrowser,
  type ServedApp,
  type TestBrowser,
} from '@finpersona/deploy';
import { startDemoBankApi, type DemoBankApi } from '@finpersona/platform/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts', import.meta.url));

export interface Portal {
  api: DemoBankApi;
  app: ServedApp;
  browser: TestBrowser;
  close(): Promise<void>;
}

/** Starts the API (`databaseLabel` names its database), the portal and a browser. */
export async function startPortal(databaseLabel: string): Promise<Portal> {
  const api = await startDemoBankApi(databaseLabel, ['http://localhost:15173', 'http://127.0.0.1:15173']);
  const app = await buildAndPreview({
    root,
    port: Number(process.env.ADMIN_PORT ?? 15173),
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
