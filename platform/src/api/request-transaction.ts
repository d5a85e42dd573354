import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityManagerScope } from '../database';
import { type ErrorLogger, toClientError } from '../errors';
import { contextOf } from '../request-context';

/**
 * One database transaction per GraphQL request, shared by all of its root fields (a Nest interceptor
 * would open one per root field). It opens after identity has set the tenant and commits just before
 * the response is serialised, so a failed commit still turns into an error response. A response that
 * carries any error is rolled back as a whole and answered with `data: null`; anything that ends the request some other way (an
 * exception, a closed connection) rolls back in onError / onResponse. Runs after the request-context
 * and identity hooks.
 */
export function registerRequestTransaction(
  fastify: FastifyInstance,
  scope: EntityManagerScope,
  log: ErrorLogger,
  path = '/graphql',
): void {
  const applies = (request: FastifyRequest) =>
    request.method === 'POST' && request.url.split('?')[0] === path;

  fastify.addHook('preHandler', async (request) => {
    if (!applies(request)) return;
    const context = contextOf(request);
    if (!context) throw new Error('request transaction registered before the request context hook');
    await scope.begin(context);
  });

  fastify.addHook('preSerialization', async (request, reply, payload: unknown) => {
    const context = contextOf(request);
    if (!context || !applies(request)) return payload;
    const failed = reply.statusCode >= 400 || hasErrors(payload);
    try {
      await scope.finish(context, failed ? 'rollback' : 'commit');
      // All or nothing on the wire too: after a rollback no field may look done (a mutation's result
      // beside another field's error would claim a write that was undone).
      return failed && hasData(payload) ? { ...(payload as object), data: null } : payload;
    } catch (error) {
      void reply.code(500);
      return {
        data: null,
        errors: [toClientError(error, context.requestId, log)],
      };
    }
  });

  const rollback = async (request: FastifyRequest) => {
    const context = contextOf(request);
    if (!context) return;
    await scope
      .finish(context, 'rollback')
      .catch((error: unknown) =>
        log.error('rollback failed', { requestId: context.requestId, error: String(error) }),
      );
  };
  fastify.addHook('onError', rollback);
  fastify.addHook('onResponse', rollback);
}

function hasData(payload: unknown): boolean {
  const data = (payload as { data?: unknown } | null)?.data;
  return data !== undefined && data !== null;
}

function hasErrors(payload: unknown): boolean {
  const errors = (payload as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0;
}
