/**
 * The network a plugin sees under the harness: a fixture `fetch` that serves the test's fake source and
 * refuses every host the manifest does not declare, exactly as the platform does (same reading of
 * `permissions.hosts`, same `ConnectorError`), and records every request.
 */
import { ConnectorError } from '../connector';
import { isDeclaredHost, isolatedFetchMethods, isolatedForbiddenHeaders } from '../hosts';

/** A fake source: answers a request the way the real source would (any host the test routes to it). */
export type SourceFixture = (request: Request) => Response | Promise<Response>;

/** One request the plugin made: refused ones never reached the source. */
export interface FetchRecord {
  readonly method: string;
  readonly url: string;
  readonly refused: string | null;
}

export interface GuardedFetchOptions {
  readonly hosts: readonly string[];
  readonly source?: SourceFixture;
  /** Third-party plugins run isolated, whose `fetch` also refuses credential headers. */
  readonly isolated: boolean;
  readonly record: (entry: FetchRecord) => void;
}

/** A `fetch` limited to `hosts` that serves `source`; redirects come back unfollowed, as on the platform. */
export function guardedFetch(options: GuardedFetchOptions): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, { ...init, redirect: 'manual' });
    const url = new URL(request.url);
    const refuse = (reason: string): never => {
      options.record({ method: request.method, url: request.url, refused: reason });
      throw new ConnectorError('INVALID_REQUEST', reason);
    };
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      refuse(`The plugin may not fetch ${url.protocol} URLs: http(s) only.`);
    }
    if (!isDeclaredHost(url, options.hosts)) {
      refuse(`The plugin may not call ${url.host}: it is not among the hosts its manifest declares.`);
    }
    if (options.isolated) {
      // As the platform's sandbox fetch: no credential or connection headers, no user:password@, plain methods.
      const forbidden = isolatedForbiddenHeaders.find((name) => request.headers.has(name));
      if (forbidden) refuse(`An isolated plugin may not send the ${forbidden} header; use another header.`);
      if (url.username || url.password) refuse('An isolated plugin may not put credentials in a URL.');
      if (!isolatedFetchMethods.includes(request.method)) {
        refuse(`An isolated plugin may not use the method ${request.method}.`);
      }
    }
    options.record({ method: request.method, url: request.url, refused: null });
    if (!options.source) {
      throw new ConnectorError(
        'SOURCE_UNAVAILABLE',
        `The test gave the harness no source fixture for ${url.host}: pass \`fetch\` in the harness options.`,
      );
    }
    return options.source(request);
  };
}
