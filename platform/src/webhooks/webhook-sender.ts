import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressAllowed } from './webhook-target';

/** The outcome of one attempt: what the delivery log keeps (never the response body). */
export interface AttemptResult {
  delivered: boolean;
  statusCode: number | null;
  /** Short reason when not delivered, e.g. `HTTP 500`, `timed out after 10000 ms`. */
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  allowLoopback: boolean;
}

/** A response body is read (and thrown away) up to this size, then the connection is dropped. */
const maxDrainedBytes = 64 * 1024;

class RefusedAddress extends Error {
  override name = 'RefusedAddress';
}

/**
 * The name's addresses, refused unless every one is allowed (public, or loopback when configured): a
 * name that resolves to an internal address is never called, and the address checked is the one the
 * socket connects to (no second look-up an attacker could re-point in between).
 */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((entry) => !addressAllowed(entry.address, allowLoopback));
      if (refused || addresses.length === 0) {
        return callback(
          new RefusedAddress(
            `${hostname} resolves to an address webhooks may not reach`,
          ) as NodeJS.ErrnoException,
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * POSTs one signed event (or, for web push, an encrypted binary body): `timeoutMs` for the whole exchange, redirects not followed (a 3xx is a failed
 * attempt), only to allowed addresses. Delivered = a 2xx status. Never throws.
 */
export function sendWebhook(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
  options: SendOptions,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let settled = false;
    // Set once the request exists; an early finish (bad URL, refused address) has none to clear.
    const deadline: { timer?: NodeJS.Timeout } = {};
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline.timer);
      resolve(result);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish({ delivered: false, statusCode: null, error: 'the URL is not valid' });
    }
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    // The look-up hook is not called for an address literal: check it here.
    if (isIP(literal) !== 0 && !addressAllowed(literal, options.allowLoopback)) {
      return finish({ delivered: false, statusCode: null, error: 'the address may not be reached' });
    }
    const requestOptions: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(options.allowLoopback),
      // One connection per attempt: nothing pooled outlives a re-pointed name or a disabled subscription.
      agent: false,
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, requestOptions, (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? null;
      let drained = 0;
      response.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > maxDrainedBytes) response.destroy();
      });
      const done = () =>
        finish(
          statusCode !== null && statusCode >= 200 && statusCode < 300
            ? { delivered: true, statusCode, error: null }
            : {
                delivered: false,
                statusCode,
                error:
                  statusCode !== null && statusCode >= 300 && statusCode < 400
                    ? `HTTP ${statusCode} (redirects are not followed)`
                    : `HTTP ${statusCode ?? 'without status'}`,
              },
        );
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    deadline.timer = setTimeout(() => {
      finish({ delivered: false, statusCode: null, error: `timed out after ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error instanceof RefusedAddress || error.name === 'RefusedAddress'
          ? 'the name resolves to an address webhooks may not reach'
          : (error.code ?? error.name ?? 'request failed');
      finish({ delivered: false, statusCode: null, error: reason });
    });
    request.end(body);
  });
}
