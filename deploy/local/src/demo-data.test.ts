import { describe, expect, it } from 'vitest';
import { type Connection, type Consent, type Graphql, type Request, seedDemoCustomer } from './demo-data.ts';

/**
 * A stand-in for the API as one customer sees it, with the platform's rules that matter here: a grant
 * needs the current text version, a connection needs a live aggregation consent and syncs (on a later
 * look, like the worker), an export completes on a later look. Records every mutation.
 */
function fakeApi({ exportsFail = false } = {}) {
  const state = {
    consents: [] as Consent[],
    connections: [] as Connection[],
    requests: [] as Request[],
    mutations: [] as string[],
  };
  let ids = 0;
  const graphql: Graphql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const input = variables.input as
      | { purpose: string; textVersion: string; connector: string; consentId: string; redirectUri: string }
      | undefined;
    if (query.includes('grantConsent')) {
      expect(input!.textVersion).toBe(`${input!.purpose.toLowerCase()}-v1`);
      const consent = { id: `consent-${++ids}`, purpose: input!.purpose, status: 'GRANTED', live: true };
      state.consents.push(consent);
      state.mutations.push(`grant ${input!.purpose}`);
      return { grantConsent: consent } as T;
    }
    if (query.includes('revokeConsent')) {
      const consent = state.consents.find((candidate) => candidate.id === variables.id)!;
      Object.assign(consent, { status: 'REVOKED', live: false });
      state.mutations.push(`revoke ${consent.purpose}`);
      return { revokeConsent: { id: consent.id } } as T;
    }
    if (query.includes('connectSource')) {
      const consent = state.consents.find((candidate) => candidate.id === input!.consentId);
      expect(consent).toMatchObject({ purpose: 'AGGREGATION', live: true });
      expect(input!.redirectUri).toBe('http://localhost:5174/connections/callback');
      const connection = {
        id: `connection-${++ids}`,
        connector: input!.connector,
        status: 'ACTIVE',
        consentId: consent!.id,
        lastSyncAt: null,
        lastSyncStatus: null,
      };
      state.connections.push(connection);
      state.mutations.push(`connect ${input!.connector}`);
      return { connectSource: { connection } } as T;
    }
    if (query.includes('requestDataExport')) {
      state.requests.push({ id: `request-${++ids}`, kind: 'EXPORT', status: 'RUNNING', failure: null });
      state.mutations.push('request export');
      return { requestDataExport: { request: state.requests.at(-1) } } as T;
    }
    if (query.includes('consentTexts')) {
      const purposes = ['AGGREGATION', 'PERSONALISATION', 'MARKETING', 'ANALYTICS'];
      return {
        consentTexts: purposes.map((purpose) => ({ purpose, version: `${purpose.toLowerCase()}-v1` })),
      } as T;
    }
    if (query.includes('{ consents'))
      return { consents: state.consents.map((consent) => ({ ...consent })) } as T;
    if (query.includes('{ connections')) {
      const shown = state.connections.map((connection) => ({ ...connection }));
      // The worker's first sync lands between two looks.
      for (const connection of state.connections) {
        connection.lastSyncAt ??= '2026-11-26T05:00:00.000Z';
        connection.lastSyncStatus ??= 'succeeded';
      }
      return { connections: shown } as T;
    }
    if (query.includes('accounts')) {
      const synced = state.connections.some((connection) => connection.lastSyncAt !== null);
      return {
        accounts: synced ? [{ id: 'a-1' }, { id: 'a-2' }] : [],
        transactions: { edges: synced ? [{ node: { id: 't-1' } }] : [] },
      } as T;
    }
    if (query.includes('dataSubjectRequests')) {
      const shown = state.requests.map((request) => ({ ...request }));
      // The worker finishes a running export between two looks.
      for (const request of state.requests.filter((candidate) => candidate.status === 'RUNNING')) {
        Object.assign(
          request,
          exportsFail ? { status: 'FAILED', failure: 'nothing to export' } : { status: 'COMPLETED' },
        );
      }
      return { dataSubjectRequests: { edges: shown.map((node) => ({ node })) } } as T;
    }
    throw new Error(`The fake API does not know: ${query}`);
  };
  return { state, graphql };
}

const options = {
  apiUrl: 'http://api.invalid',
  keycloakUrl: 'http://keycloak.invalid',
  customerAppUrl: 'http://localhost:5174',
  pollMs: 1,
};

describe('demo data for ./fp up', () => {
  it('gives a new customer an aggregation consent, a synced sandbox connection, three other consents and an export', async () => {
    const api = fakeApi();
    const done = await seedDemoCustomer(api.graphql, options);

    expect(api.state.mutations).toEqual([
      'grant AGGREGATION',
      'connect sandbox',
      'grant PERSONALISATION',
      'grant ANALYTICS',
      'grant MARKETING',
      'revoke MARKETING',
      'request export',
    ]);
    expect(done).toContain('sync: succeeded, 2 accounts with transactions');
    expect(done).toContain('data export: completed');
  });

  it('changes nothing on a second run (a second ./fp up)', async () => {
    const api = fakeApi();
    await seedDemoCustomer(api.graphql, options);
    api.state.mutations = [];

    const done = await seedDemoCustomer(api.graphql, options);

    expect(api.state.mutations).toEqual([]);
    expect(done[0]).toBe('sandbox connection: already active');
    expect(api.state.consents).toHaveLength(4);
    expect(api.state.requests).toHaveLength(1);
  });

  it('connects again under the live aggregation consent when the connection was removed', async () => {
    const api = fakeApi();
    await seedDemoCustomer(api.graphql, options);
    api.state.connections[0]!.status = 'DISCONNECTED';
    api.state.mutations = [];

    await seedDemoCustomer(api.graphql, options);

    expect(api.state.mutations).toEqual(['connect sandbox']);
    expect(api.state.connections[1]!.consentId).toBe(api.state.connections[0]!.consentId);
  });

  it('requests a new export when the earlier one failed', async () => {
    const api = fakeApi();
    await seedDemoCustomer(api.graphql, options);
    Object.assign(api.state.requests[0]!, { status: 'FAILED', failure: 'worker stopped' });
    api.state.mutations = [];

    const done = await seedDemoCustomer(api.graphql, options);

    expect(api.state.mutations).toEqual(['request export']);
    expect(done.at(-1)).toBe('data export: completed');
  });

  it('stops with the reason when the export fails', async () => {
    const api = fakeApi({ exportsFail: true });
    await expect(seedDemoCustomer(api.graphql, options)).rejects.toThrow(
      'Demo data: the data export failed: nothing to export',
    );
  });
});
