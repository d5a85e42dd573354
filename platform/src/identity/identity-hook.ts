import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  type AppError,
  Forbidden,
  httpStatusOf,
  isAppError,
  toClientError,
  Unauthenticated,
} from '../errors';
import { contextOf } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { PLATFORM_REALM, TokenVerifier } from './token-verifier';

const bearer = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Establishes who calls and for which tenant, before GraphQL runs. A request without a token stays
 * anonymous (public queries only); a bad token ends the request with 401, a token used for the wrong
 * tenant with 403. Health endpoints are left alone. Runs after the request context exists.
 */
export function registerIdentity(
  fastify: FastifyInstance,
  verifier: TokenVerifier,
  tenancy: TenancyService,
): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/health')) return;
    const context = contextOf(request);
    if (!context) throw new Error('identity hook registered before the request context hook');
    try {
      const tenantHeader = request.headers['x-tenant'];
      const addressedSlug =
        typeof tenantHeader === 'string' && tenantHeader !== '' ? tenantHeader : undefined;
      const authorization = request.headers.authorization;

      if (authorization === undefined) {
        const tenant = addressedSlug ? await tenancy.findBySlug(addressedSlug) : null;
        if (tenant?.status === 'ACTIVE') context.tenant = tenantRef(tenant);
        return;
      }
      const token = bearer.exec(authorization)?.[1];
      if (!token) throw new Unauthenticated('Send the access token as "Authorization: Bearer <token>".');

      const { principal, tenant } = await verifier.verify(token);
      if (principal.realm === PLATFORM_REALM) {
        if (addressedSlug) {
          throw new Forbidden(
            "Platform operator tokens are not accepted for a bank tenant; sign in to the bank's realm, or omit X-Tenant.",
          );
        }
      } else {
        if (!tenant) throw new Error('bank token verified without its tenant');
        if (addressedSlug && addressedSlug !== tenant.slug) {
          // Audited on the token's own tenant: its user tried to act for another bank.
          context.deniedAttempts.push({
            action: `address tenant ${addressedSlug}`,
            tenant: tenantRef(tenant),
            principal,
            code: 'FORBIDDEN',
          });
          throw new Forbidden(
            `This token belongs to another tenant than "${addressedSlug}" (X-Tenant); use a token of that bank's realm.`,
          );
        }
        context.tenant = tenantRef(tenant);
      }
      context.principal = principal;
    } catch (error) {
      return sendError(reply, error, context.requestId, request.log);
    }
  });
}

function sendError(
  reply: FastifyReply,
  error: unknown,
  requestId: string,
  log: { error(obj: unknown, msg: string): void },
): FastifyReply {
  const body = toClientError(error, requestId, { error: (message, meta) => log.error(meta, message) });
  const status = isAppError(error) ? httpStatusOf[(error as AppError).code] : 500;
  if (status === 401) void reply.header('www-authenticate', 'Bearer error="invalid_token"');
  return reply
    .code(status)
    .type('application/json')
    .send({ errors: [body] });
}
