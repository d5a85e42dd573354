// For other packages' browser tests (entry `@finpersona/platform/testing`, resolved from source by their
// vitest alias): the real API over a fresh database of its own, migrated and seeded with the demo bank.
import { setTimeout } from 'node:timers/promises';
import {
  createTestDatabase,
  DEMO,
  KeycloakGrantError,
  loopbackOrigins,
  passwordGrant,
  ports,
  totpNow,
  withClient,
} from '@finpersona/deploy';
import { startApi } from '../api';
import { CustomersService } from '../customers';
import { DataSubjectRightsService } from '../data-subject-rights';
import { migrateDatabase } from '../database';
import { DEMO_BANK } from '../onboarding';
import { runAsTenant } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { grantAggregationConsent, type SeededSourceData, seedSourceData } from './customer-data';
import { type SeededIntelligenceData, seedIntelligenceData } from './intelligence-data';
import { type SeededStaffData, seedStaffData } from './staff-data';
import { rowsAsTenant } from './tenant-rows';
import { temporaryKeyFile } from './key-file';
import { installRegionRulePack } from './rule-packs';
import { type SeededDashboardData, seedDashboardData } from './dashboard-data';
import { insertPrompt } from './survey-fixtures';
import { type SeededSurveyResults, seedSurveyResults } from './survey-results-data';

// Plugins are installed by onboarding's workflow, not by the tenant record.
const { customers: demoBankCustomers, plugins: _plugins, ...demoBankTenant } = DEMO_BANK;
export { demoBankCustomers, demoBankTenant };

/**
 * The demo bank's app origins name where the browser tests serve the apps at port offset 0; a run at another
 * FINPERSONA_TEST_PORT_OFFSET serves them on its own ports, which the tenant then names too (connection callbacks).
 */
const demoBankOfThisRun = {
  ...demoBankTenant,
  appOrigins: {
    admin: [...new Set([...demoBankTenant.appOrigins!.admin, ...loopbackOrigins(ports.test.admin)])],
    customer: [
      ...new Set([...demoBankTenant.appOrigins!.customer, ...loopbackOrigins(ports.test.customerApp)]),
    ],
  },
};

export interface DemoBankApi {
  url: string;
  /**
   * Gives the customer with this token subject a live aggregation consent and an active connection with
   * these accounts, balances and transactions (personal fields encrypted as ingest stores them).
   */
  seedSourceData(subject: string, data: Parameters<typeof seedSourceData>[4]): Promise<SeededSourceData>;
  /** Consents of every purpose and status and data-subject requests in every state, for the staff screens. */
  seedStaffData(): Promise<SeededStaffData>;
  /**
   * Everything the customer dashboard shows for the customer with this token subject: accounts, four months of
   * categorised transactions, behaviour recomputed, consents, the catalogue and a champion model
   * (`dashboard-data.ts`). Once per API.
   */
  seedDashboardData(subject: string): Promise<SeededDashboardData>;
  /**
   * A GraphQL call to this API as the demo bank's administrator (a real Keycloak token of the developer client,
   * with its OTP): start the API with `allowDevClient`.
   */
  graphqlAsBankAdmin<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The model registry (propensity model, three versions, runs) and open review requests, for the staff pages. */
  seedIntelligenceData(): Promise<SeededIntelligenceData>;
  /**
   * An unanswered "was this expected?" prompt (large amount) about the customer's newest debit, as the sync
   * stores one (the customer app's For you test; the sync's own choice of notable transactions is tested in
   * the platform). Returns the prompt's id.
   */
  seedTransactionPrompt(subject: string): Promise<string>;
  /** A published survey answered by six customers, some figures below the minimum audience (admin surveys page). */
  seedSurveyResults(): Promise<SeededSurveyResults>;
  /**
   * Removes one transaction, as a sync does when the source withdraws it (a pending payment replaced once
   * booked): what the customer app shows of it is then stale, and the API refuses changes to it (NOT_FOUND).
   */
  removeTransaction(transactionId: string): Promise<void>;
  /** A client the bank imported from its records (as `cli import-pkdd99` does): no login. Returns their id. */
  importCustomer(displayName: string, sourceRef: string): Promise<string>;
  /**
   * Builds a requested export as its workflow's activities would (no worker runs for the browser tests): the
   * request runs, then completes with its archive ready for its one download.
   */
  buildExport(requestId: string): Promise<void>;
  /** The bank's audit entries whose action starts with `prefix`, oldest first (what staff pages changed). */
  auditEntries(prefix: string): Promise<{ action: string; actorSubject: string; outcome: string }[]>;
  stop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run through \`./fp test\` or the package's vitest globalSetup`);
  return value;
}

/**
 * `allowedOrigins`: the browser origins the API must accept (CORS), i.e. where the app under test is served.
 * `allowDevClient`: also accept the password-grant tokens of `finpersona-dev-cli` (for `graphqlAsBankAdmin`).
 * `webhooks`: the API's webhook settings for the test, e.g. `{ WEBHOOK_ALLOW_LOOPBACK: 'true' }` so that a
 * subscription may name a local subscriber (`startWebhookSubscriber`); only `WEBHOOK_*` variables.
 */
export async function startDemoBankApi(
  label: string,
  allowedOrigins: string[],
  options: { allowDevClient?: boolean; webhooks?: Record<`WEBHOOK_${string}`, string> } = {},
): Promise<DemoBankApi> {
  const database = await createTestDatabase(label);
  const keyFile = await temporaryKeyFile();
  try {
    await migrateDatabase(database.ownerUrl);
    const running = await startApi({
      env: {
        APP_DATABASE_URL: database.appUrl,
        KEYCLOAK_URL: required('KEYCLOAK_URL'),
        TEMPORAL_ADDRESS: required('TEMPORAL_ADDRESS'),
        CORS_ORIGINS: allowedOrigins.join(','),
        CRYPTO_LOCAL_KEY_FILE: keyFile.path,
        ...(options.allowDevClient ? { IDENTITY_ALLOW_DEV_CLIENT: 'true' } : {}),
        ...options.webhooks,
      },
      port: 0,
      host: '127.0.0.1',
      logger: ['error'],
    });
    const tenant = tenantRef(await running.app.get(TenancyService).upsertTenant(demoBankOfThisRun));
    await installRegionRulePack(running.app, tenant, demoBankTenant.region);
    await running.app.get(CustomersService).upsertDemoCustomers(demoBankTenant.slug, demoBankCustomers);
    const customerIdOf = async (subject: string) => {
      const [customer] = await rowsAsTenant<{ id: string }>(
        database.ownerUrl,
        tenant.id,
        'select id from customer where subject = $1',
        [subject],
      );
      if (!customer) throw new Error(`No demo customer has the subject ${subject}`);
      return customer.id;
    };
    // The administrator's token is kept while it has a minute left: Keycloak refuses a one-time code used
    // twice, so a fresh password grant per call would fail for a second call within the same 30-s window.
    // Its second factor stays recent enough for step-up (tokens live far less than `stepUpMaxAgeSeconds`).
    let adminToken: { accessToken: string; usableUntil: number } | undefined;
    const bankAdminToken = async () => {
      if (adminToken && Date.now() < adminToken.usableUntil) return adminToken.accessToken;
      const { admin } = DEMO.bank;
      const grant = () =>
        passwordGrant({
          keycloakUrl: required('KEYCLOAK_URL'),
          realm: DEMO.bank.realm,
          username: admin.username,
          password: admin.password,
          totp: totpNow(DEMO.otpSecret),
        });
      // The code may already have been used in this window (by the portal's sign-in in the same test): then
      // once more with the next window's code.
      const token = await grant().catch(async (error: unknown) => {
        if (!(error instanceof KeycloakGrantError) || error.error !== 'invalid_grant') throw error;
        await setTimeout(30_000 - (Date.now() % 30_000) + 1_000);
        return grant();
      });
      adminToken = {
        accessToken: token.access_token,
        usableUntil: Date.now() + (token.expires_in - 60) * 1000,
      };
      return adminToken.accessToken;
    };
    // Customers' ids in DEMO_BANK order (found by e-mail through the blind index, as the platform does).
    const customerIds = () => {
      const customers = running.app.get(CustomersService);
      return runAsTenant(tenant, () =>
        Promise.all(
          demoBankCustomers.map(async (customer) => (await customers.findByEmail(customer.email!))!.id),
        ),
      );
    };
    return {
      url: running.url,
      async seedSourceData(subject, data) {
        const customerId = await customerIdOf(subject);
        const consentId = await grantAggregationConsent(running.app, tenant, customerId);
        return seedSourceData(running.app, tenant, customerId, consentId, data);
      },
      async seedDashboardData(subject) {
        return seedDashboardData(running.app, tenant, await customerIdOf(subject));
      },
      async graphqlAsBankAdmin<T>(query: string, variables: Record<string, unknown> = {}) {
        const accessToken = await bankAdminToken();
        const response = await fetch(`${running.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${accessToken}`,
            'x-tenant': demoBankTenant.slug,
          },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: T; errors?: unknown[] };
        if (body.errors?.length || !body.data)
          throw new Error(`GraphQL refused: ${JSON.stringify(body.errors)}`);
        return body.data;
      },
      async importCustomer(displayName, sourceRef) {
        const customers = running.app.get(CustomersService);
        return (await runAsTenant(tenant, () => customers.upsertBankImported({ displayName, sourceRef }))).id;
      },
      async buildExport(requestId) {
        const rights = running.app.get(DataSubjectRightsService);
        await runAsTenant(tenant, () => rights.startRequest({ requestId }));
        await runAsTenant(tenant, () => rights.buildExport({ requestId }));
      },
      async seedStaffData() {
        return seedStaffData(running.app, database.ownerUrl, tenant, await customerIds());
      },
      async seedIntelligenceData() {
        return seedIntelligenceData(running.app, tenant, await customerIds());
      },
      async seedTransactionPrompt(subject) {
        const customerId = await customerIdOf(subject);
        const [transaction] = await rowsAsTenant<{ id: string }>(
          database.ownerUrl,
          tenant.id,
          `select id from account_transaction where customer_id = $1 and direction = 'debit'
           order by booking_date desc, id limit 1`,
          [customerId],
        );
        if (!transaction) throw new Error('The customer has no debit to ask about: seed their data first');
        return insertPrompt(running.app, tenant, customerId, transaction.id);
      },
      async seedSurveyResults() {
        return seedSurveyResults(running.app, tenant, await customerIds());
      },
      async removeTransaction(transactionId) {
        // Committed (rowsAsTenant rolls back): the API must see it gone.
        const removed = await withClient(database.ownerUrl, async (client) => {
          await client.query('begin');
          await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
          const result = await client.query('delete from account_transaction where id = $1', [transactionId]);
          await client.query('commit');
          return result.rowCount;
        });
        if (removed !== 1) throw new Error(`No transaction ${transactionId} to remove`);
      },
      async auditEntries(prefix) {
        return rowsAsTenant<{ action: string; actorSubject: string; outcome: string }>(
          database.ownerUrl,
          tenant.id,
          `select action, actor_subject as "actorSubject", outcome from audit_entry
            where chain = $1 and starts_with(action, $2) order by seq`,
          [tenant.id, prefix],
        );
      },
      async stop() {
        await running.close();
        await database.drop();
        keyFile.remove();
      },
    };
  } catch (error) {
    await database.drop().catch(() => undefined);
    keyFile.remove();
    throw error;
  }
}
