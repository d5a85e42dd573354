import { isDeclaredHost, isolatedFetchMethods, isolatedForbiddenHeaders } from '@finpersona/plugin-sdk';
import type { JsonValue } from '../audit';

/** What a plugin's `ctx.fetch(url, { method, headers, body })` asks the host for. */
export interface PluginFetchRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

/** What the plugin gets back: the body as text (it parses JSON itself). Redirects are not followed. */
export interface PluginFetchResponse {
  [key: string]: JsonValue;
  status: number;
  contentType: string | null;
  /** Response headers, names in lower case (what a connector reads: `retry-after`, `content-type`...). */
  headers: { [name: string]: string };
  body: string;
}

const methods = new Set(isolatedFetchMethods);
// Headers a plugin may not set: they would let it speak as the platform or smuggle a second request.
const forbiddenHeaders = new Set(isolatedForbiddenHeaders);

/** Thrown for a request outside the plugin's grant; `target` is what was refused. */
export class FetchRefused extends Error {
  constructor(
    readonly target: string,
    message: string,
  ) {
    super(message);
  }
}

// The SDK's reading of declared hosts, so the harness refuses exactly what the sandbox's fetch refuses.
export { isDeclaredHost };

/**
 * Checks a plugin's fetch request against the hosts its manifest declares (`isDeclaredHost`: `host`,
 * `host:port`, `*.domain`, lower case). Only http and https.
 */
export function checkFetchRequest(args: unknown, allowedHosts: readonly string[]): PluginFetchRequest {
  const request = (args ?? {}) as Partial<Record<keyof PluginFetchRequest, unknown>>;
  let url: URL;
  try {
    url = new URL(String(request.url));
  } catch {
    throw new FetchRefused(String(request.url).slice(0, 200), 'ctx.fetch needs an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FetchRefused(url.protocol, 'ctx.fetch supports http and https only');
  }
  if (url.username || url.password)
    throw new FetchRefused(url.host, 'ctx.fetch URLs may not carry credentials');
  const host = url.host.toLowerCase();
  if (!isDeclaredHost(url, allowedHosts)) {
    throw new FetchRefused(host, `the plugin's manifest does not declare the host ${host}`);
  }
  const method = String(request.method ?? 'GET').toUpperCase();
  if (!methods.has(method)) throw new FetchRefused(method, `ctx.fetch does not support the method ${method}`);
  const headers: Record<string, string> = {};
  const given = request.headers;
  if (given !== null && typeof given === 'object' && !Array.isArray(given)) {
    for (const [name, value] of Object.entries(given)) {
      if (forbiddenHeaders.has(name.toLowerCase()))
        throw new FetchRefused(name, `ctx.fetch may not set ${name}`);
      headers[name] = String(value);
    }
  }
  const body = request.body === null || request.body === undefined ? null : String(request.body);
  return { url: url.toString(), method, headers, body };
}

/** Performs a checked request for the plugin, reading at most `maxBytes` of the body. */
export async function fetchForPlugin(
  request: PluginFetchRequest,
  options: {
    maxBytes: number;
    timeoutMs: number;
    /**
     * TEST ONLY: `host[:port]` → `host:port` to connect to instead (after the declared-host check), so a
     * test can serve a declared public name from a loopback server, over plain http (an `https://` URL too:
     * the loopback server has no certificate for the public name). Never configured in production.
     */
    connectTo?: Readonly<Record<string, string>>;
  },
): Promise<PluginFetchResponse> {
  const target = new URL(request.url);
  const redirected = options.connectTo?.[target.host.toLowerCase()];
  if (redirected) {
    target.protocol = 'http:';
    target.host = redirected;
  }
  const response = await fetch(target, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    // A redirect could lead to an undeclared host: the plugin sees the 3xx and may ask for the target.
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > options.maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new RangeError(
          `the response from ${new URL(request.url).host} is over ${options.maxBytes} bytes`,
        );
      }
      chunks.push(chunk);
    }
  }
  const headers: { [name: string]: string } = {};
  response.headers.forEach((value, name) => {
    headers[name] = value.slice(0, 2_000);
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}
