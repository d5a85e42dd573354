// The real FinPersona API for the browser test: its own fresh database, migrated and seeded with the demo bank
// through the platform's exported services, talking to the test run's Keycloak.
import { readFile } from 'node:fs/promises';
import { createTestDatabase, DEMO } from './deploy.ts';
import {
  CustomersService,
  migrateDatabase,
  startApi,
  TenancyService,
  type TenantInput,
} from '@finpersona/platform';

/** Demo Bank's branding, from its theme folder in tenant-templates (logo inlined as a data: URL). */
export const DEMO_BANK_BRANDING = await (async () => {
  const themeDir = new URL('../../themes/demo-bank/', import.meta.url);
  const theme = JSON.parse(await readFile(new URL('branding.json', themeDir), 'utf8')) as {
    displayName: string;
    primaryColor: string;
    accentColor: string;
    logo: string;
  };
  const svg = await readFile(new URL(theme.logo, themeDir));
  return {
    displayName: theme.displayName,
    primaryColor: theme.primaryColor,
    accentColor: theme.accentColor,
    logoUrl: `data:image/svg+xml;base64,${svg.toString('base64')}`,
  };
})();

export interface SeededApi {
  url: string;
  stop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run through \`./fp test\` or the package's vitest globalSetup`);
  return value;
}

/** `allowedOrigins`: browser origins the API must accept (CORS) besides the contract's test ports. */
export async function startSeededApi(label: string, allowedOrigins: string[] = []): Promise<SeededApi> {
  const database = await createTestDatabase(label);
  try {
    await migrateDatabase(database.ownerUrl);
    const running = await startApi({
      env: {
        APP_DATABASE_URL: database.appUrl,
        KEYCLOAK_URL: required('KEYCLOAK_URL'),
        TEMPORAL_ADDRESS: required('TEMPORAL_ADDRESS'),
        CORS_ORIGINS: ['http://localhost:15174', 'http://127.0.0.1:15174', ...allowedOrigins].join(','),
      },
      port: 0,
      host: '127.0.0.1',
      logger: ['error'],
    });
    const demoBank: TenantInput = {
      slug: DEMO.bank.slug,
      name: DEMO.bank.displayName,
      region: 'EU',
      realm: DEMO.bank.realm,
      branding: DEMO_BANK_BRANDING,
    };
    await running.app.get(TenancyService).upsertTenant(demoBank);
    await running.app.get(CustomersService).upsertDemoCustomers(DEMO.bank.slug, [
      {
        subject: DEMO.bank.customer.id,
        displayName: `${DEMO.bank.customer.firstName} ${DEMO.bank.customer.lastName}`,
        email: DEMO.bank.customer.email,
      },
    ]);
    return {
      url: running.url,
      async stop() {
        await running.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
}
