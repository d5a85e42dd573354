// The real FinPersona API for the browser test: its own fresh database, migrated and seeded with the demo bank
// (Ana Novak and 24 more customers) through the platform's exported services, using the test run's Keycloak.
import {
  CustomersService,
  migrateDatabase,
  startApi,
  TenancyService,
  type DemoCustomer,
} from '@finpersona/platform';
import { createTestDatabase, DEMO } from './deploy.ts';

export interface SeededApi {
  url: string;
  customers: DemoCustomer[];
  stop(): Promise<void>;
}

const FIRST = ['Luka', 'Maja', 'Jan', 'Eva', 'Marko', 'Nina', 'Tomaž', 'Sara'];
const LAST = ['Kovač', 'Horvat', 'Zupan'];

/** Ana (the Keycloak demo customer) first, then 24 generated people with unique e-mail addresses. */
export function demoCustomers(): DemoCustomer[] {
  const generated = LAST.flatMap((last) =>
    FIRST.map((first) => ({
      displayName: `${first} ${last}`,
      email:
        `${first}.${last}`
          .normalize('NFD')
          .replace(/[^\w.]/g, '')
          .toLowerCase() + '@demo-bank.example',
    })),
  );
  const ana = {
    subject: DEMO.bank.customer.id,
    displayName: `${DEMO.bank.customer.firstName} ${DEMO.bank.customer.lastName}`,
    email: DEMO.bank.customer.email,
  };
  return [ana, ...generated];
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run through \`./fp test\` or the package's vitest globalSetup`);
  return value;
}

export async function startSeededApi(label: string): Promise<SeededApi> {
  const database = await createTestDatabase(label);
  try {
    await migrateDatabase(database.ownerUrl);
    const running = await startApi({
      env: {
        APP_DATABASE_URL: database.appUrl,
        KEYCLOAK_URL: required('KEYCLOAK_URL'),
        TEMPORAL_ADDRESS: required('TEMPORAL_ADDRESS'),
        CORS_ORIGINS: 'http://localhost:15173,http://127.0.0.1:15173',
      },
      port: 0,
      host: '127.0.0.1',
      logger: ['error'],
    });
    await running.app.get(TenancyService).upsertTenant({
      slug: DEMO.bank.slug,
      name: DEMO.bank.displayName,
      region: 'EU',
      realm: DEMO.bank.realm,
      branding: {
        displayName: DEMO.bank.displayName,
        primaryColor: '#0B5FFF',
        accentColor: '#00B894',
        logoUrl: null,
      },
    });
    const customers = demoCustomers();
    await running.app.get(CustomersService).upsertDemoCustomers(DEMO.bank.slug, customers);
    return {
      url: running.url,
      customers,
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
