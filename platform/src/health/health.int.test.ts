import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('health endpoints', () => {
  describe('with every dependency running', () => {
    let api: ApiFixture;
    beforeAll(async () => {
      api = await startApiFixture();
    });
    afterAll(() => api?.close());

    it('GET /health is 200 with database, keycloak and temporal up', async () => {
      const response = await fetch(`${api.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'up',
        checks: { database: { status: 'up' }, keycloak: { status: 'up' }, temporal: { status: 'up' } },
      });
    });

    it('GET /health/live is 200 and needs no token', async () => {
      const response = await fetch(`${api.url}/health/live`, {
        headers: { authorization: 'Bearer not-a-token' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'up' });
    });
  });

  describe('with Keycloak and Temporal unreachable', () => {
    let api: ApiFixture;
    beforeAll(async () => {
      const [keycloakPort, temporalPort] = [await closedPort(), await closedPort()];
      api = await startApiFixture({
        overrides: {
          KEYCLOAK_URL: `http://127.0.0.1:${keycloakPort}`,
          TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
        },
      });
    });
    afterAll(() => api?.close());

    it('the API still starts, and GET /health is 503 naming keycloak and temporal as down, database up', async () => {
      const response = await fetch(`${api.url}/health`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; checks: Record<string, unknown> };
      expect(body.status).toBe('down');
      expect(body.checks.database).toEqual({ status: 'up' });
      expect(body.checks.keycloak).toMatchObject({ status: 'down', error: expect.any(String) });
      expect(body.checks.temporal).toMatchObject({ status: 'down', error: expect.any(String) });
    });

    it('liveness stays 200: a restart would not bring the dependencies back', async () => {
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    });
  });
});
