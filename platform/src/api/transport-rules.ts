import { Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { toClientError, Invalid } from '../errors';
import { contextOf } from '../request-context';

/**
 * GraphQL is served only as JSON POST: no GET queries (they leak into logs and enable CSRF through
 * links), no form, multipart or text bodies (a cross-site form cannot send application/json without a
 * preflight), and one operation per request (a batch would multiply every per-request limit).
 */
export function registerGraphqlTransportRules(
  fastify: FastifyInstance,
  path = '/graphql',
  anonymousBodyLimitBytes?: number,
): void {
  // A caller whose token was not verified (identity runs on onRequest, before the body is read) may send
  // no more than the anonymous limit: only signed-in callers get the larger one (statement files).
  if (anonymousBodyLimitBytes !== undefined) {
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (request.url.split('?')[0] !== path || contextOf(request)?.principal) return payload;
      const declared = Number(request.headers['content-length'] ?? NaN);
      let received = Number.isFinite(declared) ? declared : 0;
      if (received > anonymousBodyLimitBytes) throw bodyTooLarge();
      if (Number.isFinite(declared)) return payload;
      // No length given (chunked): count while reading.
      return payload.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            received += chunk.length;
            done(received > anonymousBodyLimitBytes ? bodyTooLarge() : null, chunk);
          },
        }),
      );
    });
  }
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0] !== path || request.method === 'OPTIONS') return;
    const requestId = contextOf(request)?.requestId;
    if (request.method !== 'POST') {
      void reply.header('allow', 'POST');
      return reply.code(405).send({
        errors: [toClientError(new Invalid('GraphQL is served as POST with a JSON body only.'), requestId)],
      });
    }
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return reply.code(415).send({
        errors: [
          toClientError(
            new Invalid('Send the GraphQL request as Content-Type: application/json.'),
            requestId,
          ),
        ],
      });
    }
  });
  fastify.addHook('preValidation', async (request, reply) => {
    if (request.url.split('?')[0] !== path || !Array.isArray(request.body)) return;
    return reply.code(400).send({
      errors: [
        toClientError(
          new Invalid('Batched queries are not accepted: send one GraphQL operation per request.'),
          contextOf(request)?.requestId,
        ),
      ],
    });
  });
}

/** What Fastify itself raises past its body limit (same code and status, so it is answered the same way). */
function bodyTooLarge(): Error {
  return Object.assign(new Error('Request body is too large'), {
    code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    statusCode: 413,
  });
}
