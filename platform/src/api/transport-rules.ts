import type { FastifyInstance } from 'fastify';
import { toClientError, Invalid } from '../errors';
import { contextOf } from '../request-context';

/**
 * GraphQL is served only as JSON POST: no GET queries (they leak into logs and enable CSRF through
 * links), no form, multipart or text bodies (a cross-site form cannot send application/json without a
 * preflight), and one operation per request (a batch would multiply every per-request limit).
 */
export function registerGraphqlTransportRules(fastify: FastifyInstance, path = '/graphql'): void {
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
