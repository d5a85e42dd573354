// For unit tests: a small real GraphQL-over-HTTP server on loopback that records what the app sends and
// answers with whatever the test sets, and an ApiClient pointed at it.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from './client.ts';

export interface LoopbackApi {
  api: ApiClient;
  /** Every request so far (clear it with `received.length = 0`). */
  received: { headers: IncomingHttpHeaders; body: { query: string; variables: Record<string, unknown> } }[];
  /** The JSON body of the next answers. */
  answer: unknown;
  close(): Promise<void>;
}

export async function startLoopbackApi(tenantSlug = 'demo-bank'): Promise<LoopbackApi> {
  const state: Omit<LoopbackApi, 'api' | 'close'> = { received: [], answer: null };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      state.received.push({ headers: req.headers, body: JSON.parse(text) as never });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, tenantSlug);
  return Object.assign(state, {
    api,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
