import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFormatLocale } from '../i18n/i18n.ts';
import { ApiClient, ApiError } from './client.ts';

// A small real GraphQL-over-HTTP server on loopback standing in for the API.
type Responder = () => { status: number; body: string; headers?: Record<string, string> };

const brandingResponder: Responder = () => ({
  status: 200,
  body: JSON.stringify({
    data: {
      tenantBranding: {
        slug: 'demo-bank',
        realm: 'demo-bank',
        issuer: 'http://127.0.0.1/realms/demo-bank',
        branding: {
          displayName: 'Demo Bank',
          primaryColor: '#123456',
          accentColor: '#abcdef',
          logoUrl: null,
        },
      },
    },
  }),
});
const rateLimited =
  (headers: Record<string, string>): Responder =>
  () => ({
    status: 429,
    headers,
    body: JSON.stringify({
      errors: [
        {
          message: 'Too many requests: the limit is 120 per 60 s. Retry after 12 s.',
          extensions: { code: 'RATE_LIMITED', requestId: 'req-7' },
        },
      ],
    }),
  });

let server: Server;
let apiUrl: string;
let respond: Responder = brandingResponder;
/** The last request's body and headers, as the server received them. */
let lastRequest:
  { body: string; authorization: string | undefined; acceptLanguage: string | undefined } | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      lastRequest = {
        body: Buffer.concat(chunks).toString('utf8'),
        authorization: req.headers.authorization,
        acceptLanguage: req.headers['accept-language'],
      };
      const { status, body, headers } = respond();
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  respond = brandingResponder;
  setFormatLocale(undefined);
});

const client = () => new ApiClient(apiUrl, 'demo-bank');

describe('ApiClient language', () => {
  it('asks the API for its texts in the app’s language (Accept-Language), on public and signed-in calls', async () => {
    setFormatLocale('sl-SI');
    await client().tenantBranding();
    expect(lastRequest?.acceptLanguage).toBe('sl-SI');
    setFormatLocale('en');
    await client()
      .me('token')
      .catch(() => undefined);
    expect(lastRequest?.acceptLanguage).toBe('en');
  });

  it('leaves Accept-Language to the runtime when no language is set (outside the app)', async () => {
    await client().tenantBranding();
    expect(lastRequest?.acceptLanguage).not.toBe('sl-SI');
  });
});

describe('ApiClient errors', () => {
  it('says the service could not be reached in the app’s language when nothing answers (NETWORK)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    setFormatLocale('sl-SI');
    const slovenian = (await new ApiClient(url, 'demo-bank')
      .tenantBranding()
      .catch((e: unknown) => e)) as ApiError;
    expect(slovenian).toMatchObject({ code: 'NETWORK' });
    expect(slovenian.message).toMatch(
      /^Storitve ni bilo mogoče doseči \(.+\)\. Preverite povezavo in poskusite znova\.$/,
    );
    setFormatLocale(undefined);
    await expect(new ApiClient(url, 'demo-bank').tenantBranding()).rejects.toMatchObject({
      code: 'NETWORK',
      message: expect.stringMatching(/^The service could not be reached \(.+\)\. Check your connection/),
    });
  });

  it('reads the branding of the bank when the API answers', async () => {
    expect((await client().tenantBranding())?.branding.displayName).toBe('Demo Bank');
  });

  it('turns 429 RATE_LIMITED into an ApiError with the Retry-After delay and a message saying how long to wait', async () => {
    respond = rateLimited({ 'retry-after': '12' });
    const error = (await client()
      .me('token')
      .catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 12, requestId: 'req-7' });
    expect(error.message).toBe('Too many requests — try again in 12 seconds.');
  });

  it('still says RATE_LIMITED when a 429 has no Retry-After, without inventing a delay', async () => {
    respond = rateLimited({});
    await expect(client().tenantBranding()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: undefined,
      message: 'Too many requests — try again in a moment.',
    });
  });

  it('recognises a bare 429 that is not JSON (e.g. from a proxy) by its status', async () => {
    respond = () => ({ status: 429, body: 'slow down', headers: { 'retry-after': '1' } });
    await expect(client().tenantBranding()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
      message: 'Too many requests — try again in 1 second.',
    });
  });

  it('keeps a query refused for its depth or cost (400 INVALID) as INVALID with the reason', async () => {
    respond = () => ({
      status: 400,
      body: JSON.stringify({
        errors: [
          { message: 'Query Cost limit of 5000 exceeded, found 6000.', extensions: { code: 'INVALID' } },
        ],
      }),
    });
    await expect(client().tenantBranding()).rejects.toMatchObject({
      code: 'INVALID',
      message: 'Query Cost limit of 5000 exceeded, found 6000.',
    });
  });

  it('turns STEP_UP_REQUIRED into an ApiError carrying what to ask Keycloak for', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({
        data: null,
        errors: [
          {
            message: 'To grant consent, confirm it is you with your one-time code.',
            extensions: {
              code: 'STEP_UP_REQUIRED',
              requestId: 'req-9',
              acrValues: 'mfa',
              maxAgeSeconds: 900,
            },
          },
        ],
      }),
    });
    await expect(client().me('token')).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
      requestId: 'req-9',
      stepUp: { acrValues: 'mfa', maxAgeSeconds: 900 },
    });
  });
});

describe('ApiClient consents', () => {
  const text = {
    purpose: 'MARKETING' as const,
    locale: 'sl',
    version: '2026-11',
    title: 'Ponudbe',
    text: 'Banki dovoljujem …',
    textHash: 'd'.repeat(64),
  };

  it('grants with the version, locale and hash of the text shown, as the signed-in customer', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({ data: { grantConsent: { id: 'c1', status: 'GRANTED' } } }),
    });
    const granted = await client().grantConsent('token-1', text);
    expect(granted).toMatchObject({ id: 'c1', status: 'GRANTED' });
    const sent = JSON.parse(lastRequest!.body) as { query: string; variables: unknown };
    expect(sent.query).toContain('grantConsent(input: $input)');
    expect(sent.variables).toEqual({
      input: { purpose: 'MARKETING', textVersion: '2026-11', locale: 'sl', textHash: 'd'.repeat(64) },
    });
    expect(lastRequest!.authorization).toBe('Bearer token-1');
  });

  /** Answers consentTexts like the API: texts in `en` and `sl`, INVALID for any other locale. */
  const consentTextsResponder: Responder = () => {
    const { locale } = (JSON.parse(lastRequest!.body) as { variables: { locale: string } }).variables;
    return ['en', 'sl'].includes(locale)
      ? { status: 200, body: JSON.stringify({ data: { consentTexts: [{ ...text, locale }] } }) }
      : {
          status: 200,
          body: JSON.stringify({
            errors: [{ message: 'Invalid input', extensions: { code: 'INVALID', fields: [] } }],
          }),
        };
  };

  it('asks for the consent texts in the app language and gets them in it', async () => {
    respond = consentTextsResponder;
    const texts = await client().consentTexts('token-1', 'sl');
    expect(texts.map((shown) => shown.locale)).toEqual(['sl']);
    expect(JSON.parse(lastRequest!.body)).toMatchObject({ variables: { locale: 'sl' } });
  });

  it('falls back to the English texts when the API has none in the app language', async () => {
    respond = consentTextsResponder;
    const texts = await client().consentTexts('token-1', 'de');
    expect(texts.map((shown) => shown.locale)).toEqual(['en']);
  });

  it('does not hide another refusal of the texts behind the English ones', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({ errors: [{ message: 'No.', extensions: { code: 'FORBIDDEN' } }] }),
    });
    await expect(client().consentTexts('token-1', 'sl')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('revokes by id in one request', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({ data: { revokeConsent: { id: 'c1', status: 'REVOKED' } } }),
    });
    expect(await client().revokeConsent('token-1', 'c1')).toMatchObject({ status: 'REVOKED' });
    expect(JSON.parse(lastRequest!.body)).toMatchObject({ variables: { id: 'c1' } });
  });

  it('a renewal answered STEP_UP_REQUIRED carries what to ask Keycloak for', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({
        errors: [
          {
            message: 'To renew a consent, confirm it is you with your one-time code.',
            extensions: { code: 'STEP_UP_REQUIRED', requestId: 'r-1', acrValues: 'mfa', maxAgeSeconds: 900 },
          },
        ],
      }),
    });
    const error = (await client()
      .renewConsent('token-1', 'c1')
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('STEP_UP_REQUIRED');
    expect(error.stepUp).toEqual({ acrValues: 'mfa', maxAgeSeconds: 900 });
  });
});
