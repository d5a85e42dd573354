import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createRequestContext, type RequestContext, runInContext } from './request-context';
import { resolveRequestLocale } from './request-locale';

const contextKey = Symbol('finpersona.requestContext');
type RequestWithContext = FastifyRequest & { [contextKey]?: RequestContext };

const safeRequestId = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Creates the request context once per request (onRequest) and makes it current. Fastify parses the
 * body outside that async scope, so the same context is entered again just before the handler.
 * Must be registered before any other hook that reads the context.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers['x-request-id'];
    const context = createRequestContext({
      requestId: typeof incoming === 'string' && safeRequestId.test(incoming) ? incoming : undefined,
      clientIp: request.ip,
      locale: resolveRequestLocale(request.headers['accept-language']),
    });
    (request as RequestWithContext)[contextKey] = context;
    void reply.header('x-request-id', context.requestId);
    runInContext(context, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const context = (request as RequestWithContext)[contextKey];
    if (context) runInContext(context, done);
    else done();
  });
}

/** The context of a Fastify request (for hooks that run where the async context may be lost). */
export function contextOf(request: FastifyRequest): RequestContext | undefined {
  return (request as RequestWithContext)[contextKey];
}
