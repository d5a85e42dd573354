import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the subscriber received. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  /** The parsed body. */
  event: { id: string; type: string; sequence: number; tenantId: string; data: Record<string, unknown> };
  /** The status the subscriber answered. */
  status: number;
  receivedAt: number;
}

export interface WebhookSubscriber {
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  received: ReceivedWebhook[];
  /** Decides each answer (status, optional delay in ms); default 200 at once. */
  respond: (path: string, event: ReceivedWebhook['event']) => { status: number; delayMs?: number };
  close(): Promise<void>;
}

/** A loopback HTTP server that records every webhook it gets and answers as `respond` says. */
export async function startWebhookSubscriber(): Promise<WebhookSubscriber> {
  const subscriber: WebhookSubscriber = {
    url: () => '',
    received: [],
    respond: () => ({ status: 200 }),
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: ReceivedWebhook['event'];
      try {
        event = JSON.parse(body) as ReceivedWebhook['event'];
      } catch {
        response.writeHead(400).end();
        return;
      }
      const path = request.url ?? '/';
      const answer = subscriber.respond(path, event);
      subscriber.received.push({
        path,
        headers: request.headers,
        body,
        event,
        status: answer.status,
        receivedAt: Date.now(),
      });
      const send = () => {
        if (answer.status >= 300 && answer.status < 400)
          response.setHeader('location', 'http://127.0.0.1:9/');
        response.writeHead(answer.status, { 'content-type': 'text/plain' }).end('ok');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  subscriber.url = (path) => `http://127.0.0.1:${port}${path}`;
  subscriber.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return subscriber;
}

/** Polls `check` until it returns true (or throws after `timeoutMs`, naming `what`). */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
