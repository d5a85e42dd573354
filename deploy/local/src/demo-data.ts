// `./fp up`'s demo data: what a demo customer would do in the customer app, done through the API as them
// (a token of the dev-only password-grant client), so every row is written by the platform's own code —
// consents with their lifecycle workflows, a sandbox connection synced by the worker, an export built by
// the worker — and audited like a customer's own calls. Idempotent: a second `./fp up` adds nothing.
import { DEMO, passwordGrant } from './keycloak-auth.ts';
import { log, StackError } from './processes.ts';

/** Demo customers with a login (only they can act through the API): today Ana Novak. */
const demoCustomers = [DEMO.bank.customer] as const;

/** Purposes besides aggregation that the demo customer consents to; marketing is given and then withdrawn. */
const keptPurposes = ['PERSONALISATION', 'ANALYTICS'] as const;
const withdrawnPurpose = 'MARKETING';

export interface DemoDataOptions {
  apiUrl: string;
  keycloakUrl: string;
  /** Where the sandbox "sends the customer back" (must be the bank's customer app: it redirects nowhere). */
  customerAppUrl: string;
  /** How long to wait for the worker's first sync and the export (default 10 minutes each). */
  timeoutMs?: number;
  /** How often to look while waiting (default 2 s). */
  pollMs?: number;
}

/** What the API says of a consent, a connection and a data-subject request (the fields used here). */
export interface Consent {
  id: string;
  purpose: string;
  status: string;
  live: boolean;
}
export interface Connection {
  id: string;
  connector: string;
  status: string;
  consentId: string;
  lastSyncAt: string | null;
  lastSyncStatus: string | null;
}
export interface Request {
  id: string;
  kind: string;
  status: string;
  failure: string | null;
}

export type Graphql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

function graphqlAs(apiUrl: string, token: string): Graphql {
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-tenant': DEMO.bank.slug,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (body.errors?.length || !body.data) {
      const first = body.errors?.[0];
      throw new StackError(
        `Demo data: the API refused (${first?.extensions?.code ?? `HTTP ${response.status}`}): ${first?.message ?? 'no data'}`,
      );
    }
    return body.data;
  };
}

async function until<T>(
  what: string,
  { timeoutMs, pollMs }: { timeoutMs: number; pollMs: number },
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new StackError(`Demo data: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

const CONSENTS = `{ consents { id purpose status live } }`;
const TEXTS = `{ consentTexts(locale: "en") { purpose version } }`;
const GRANT = `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id purpose status live } }`;
const REVOKE = `mutation($id: ID!) { revokeConsent(id: $id) { id } }`;
const CONNECTIONS = `{ connections { id connector status consentId lastSyncAt lastSyncStatus } }`;
const CONNECT = `mutation($input: ConnectSourceInput!) { connectSource(input: $input) { connection { id status } } }`;
const ACCOUNTS = `{ accounts { id } transactions(first: 1) { pageInfo { hasNextPage } edges { node { id } } } }`;
const EXPORTS = `{ dataSubjectRequests(kind: EXPORT, first: 100) { edges { node { id kind status failure } } } }`;
const REQUEST_EXPORT = `mutation { requestDataExport { request { id status } } }`;

/** Seeds one demo customer's data through the API; returns what it found or did, one line per item. */
export async function seedDemoCustomer(graphql: Graphql, options: DemoDataOptions): Promise<string[]> {
  const waiting = { timeoutMs: options.timeoutMs ?? 600_000, pollMs: options.pollMs ?? 2_000 };
  const done: string[] = [];
  const { consents } = await graphql<{ consents: Consent[] }>(CONSENTS);
  const { consentTexts } = await graphql<{ consentTexts: { purpose: string; version: string }[] }>(TEXTS);
  const grant = async (purpose: string) => {
    const textVersion = consentTexts.find((text) => text.purpose === purpose)!.version;
    return (
      await graphql<{ grantConsent: Consent }>(GRANT, { input: { purpose, textVersion, locale: 'en' } })
    ).grantConsent;
  };

  // Aggregation and a sandbox connection under it, synced by the worker.
  const { connections } = await graphql<{ connections: Connection[] }>(CONNECTIONS);
  let connection = connections.find(
    (candidate) => candidate.connector === 'sandbox' && candidate.status === 'ACTIVE',
  );
  if (connection) {
    done.push('sandbox connection: already active');
  } else {
    const live = consents.find((consent) => consent.purpose === 'AGGREGATION' && consent.live);
    const aggregation = live ?? (await grant('AGGREGATION'));
    done.push(live ? 'aggregation consent: already live' : 'aggregation consent: granted');
    const { connectSource } = await graphql<{ connectSource: { connection: { id: string } } }>(CONNECT, {
      input: {
        connector: 'sandbox',
        consentId: aggregation.id,
        redirectUri: `${options.customerAppUrl}/connections/callback`,
      },
    });
    connection = { id: connectSource.connection.id } as Connection;
    done.push('sandbox connection: connected');
  }
  const connectionId = connection.id;
  const synced = await until('the first sync of the sandbox connection', waiting, async () => {
    const current = (await graphql<{ connections: Connection[] }>(CONNECTIONS)).connections.find(
      (candidate) => candidate.id === connectionId,
    );
    if (current?.status === 'FAILED') {
      throw new StackError(
        `Demo data: the sandbox connection failed to sync (${current.lastSyncStatus ?? 'no status'})`,
      );
    }
    return current?.lastSyncAt ? current : undefined;
  });
  const data = await graphql<{ accounts: { id: string }[]; transactions: { edges: unknown[] } }>(ACCOUNTS);
  done.push(
    `sync: ${synced.lastSyncStatus ?? 'done'}, ${data.accounts.length} accounts${data.transactions.edges.length > 0 ? ' with transactions' : ''}`,
  );

  // Consents of other purposes: two kept, one given and withdrawn (once: its history is the point).
  for (const purpose of keptPurposes) {
    if (consents.some((consent) => consent.purpose === purpose && consent.live)) continue;
    await grant(purpose);
    done.push(`${purpose.toLowerCase()} consent: granted`);
  }
  if (!consents.some((consent) => consent.purpose === withdrawnPurpose)) {
    const marketing = await grant(withdrawnPurpose);
    await graphql(REVOKE, { id: marketing.id });
    done.push('marketing consent: granted and withdrawn');
  }

  // One data export, built by the worker (after the sync, so the archive holds the accounts). One that
  // failed in an earlier run does not count: a new one is requested.
  const exports = async () =>
    (
      await graphql<{ dataSubjectRequests: { edges: { node: Request }[] } }>(EXPORTS)
    ).dataSubjectRequests.edges.map((edge) => edge.node);
  const existing = await exports();
  let exportId = (
    existing.find((request) => request.status === 'COMPLETED') ??
    existing.find((request) => request.status !== 'FAILED')
  )?.id;
  if (!exportId) {
    exportId = (await graphql<{ requestDataExport: { request: Request } }>(REQUEST_EXPORT)).requestDataExport
      .request.id;
    done.push('data export: requested');
  }
  const built = await until('the data export', waiting, async () => {
    const request = (await exports()).find((candidate) => candidate.id === exportId);
    if (request?.status === 'FAILED') {
      throw new StackError(`Demo data: the data export failed: ${request.failure ?? 'no reason given'}`);
    }
    return request?.status === 'COMPLETED' ? request : undefined;
  });
  done.push(`data export: ${built.status.toLowerCase()}`);
  return done;
}

/** Gives every demo customer with a login accounts, transactions, consents and a finished export. */
export async function seedDemoData(options: DemoDataOptions): Promise<void> {
  for (const customer of demoCustomers) {
    const { access_token: token } = await passwordGrant({
      keycloakUrl: options.keycloakUrl,
      realm: DEMO.bank.realm,
      username: customer.username,
      password: customer.password,
    });
    const done = await seedDemoCustomer(graphqlAs(options.apiUrl, token), options);
    log(`Demo data of ${customer.username}: ${done.join('; ')}`);
  }
}
