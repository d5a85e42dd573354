import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitConfig } from '../config';
import { RateLimited } from '../errors';
import { contextOf } from '../request-context';

/**
 * The bucket a GraphQL request counts against: the signed-in subject within its tenant (operators within
 * the platform), or for anonymous callers the client IP within the addressed tenant. Keys always carry
 * the tenant, so one bank's traffic never spends another's budget.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const context = contextOf(request);
  const tenant = context?.tenant?.id ?? 'platform';
  const principal = context?.principal;
  return principal
    ? `tenant:${tenant}:subject:${principal.realm}:${principal.subject}`
    : `tenant:${tenant}:ip:${request.ip}`;
}

/**
 * Per-principal rate limit on the GraphQL endpoint. Registered after identity: its route hook runs after
 * the identity hook has set the principal and tenant, and before the request's transaction opens. A
 * refused request is 429 RATE_LIMITED with Retry-After (seconds). Health endpoints are not limited.
 */
export async function registerRateLimit(
  fastify: FastifyInstance,
  config: RateLimitConfig,
  path = '/graphql',
): Promise<void> {
  await fastify.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: config.windowSeconds * 1000,
    max: (request) => (contextOf(request)?.principal ? config.authenticatedMax : config.anonymousMax),
    keyGenerator: rateLimitKey,
    allowList: (request) => request.url.split('?')[0] !== path || request.method === 'OPTIONS',
    addHeadersOnExceeding: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
    },
    addHeaders: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
      'retry-after': true,
    },
    errorResponseBuilder: (_request, context) =>
      new RateLimited(
        `Too many requests: the limit is ${context.max} per ${config.windowSeconds} s. Retry after ${Math.ceil(context.ttl / 1000)} s.`,
      ),
  });
}
