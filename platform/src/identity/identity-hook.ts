import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  type AppError,
  Forbidden,
  httpStatusOf,
  Invalid,
  isAppError,
  RateLimited,
  toClientError,
  Unauthenticated,
} from '../errors';
import { contextOf, type DeniedAttempt, type RequestContext } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { DenialBudget } from './denial-budget';
import { PLATFORM_REALM, TokenRejected, TokenVerifier } from './token-verifier';

const bearer = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;
const tenantSlug = /^[a-z0-9-]{3,40}$/;
/** What an unverified claim must look like to be copied into the audit trail. */
const safeClaim = /^[A-Za-z0-9._:-]{1,64}$/;

export interface IdentityOptions {
  /** `TENANT_HOST_SUFFIX`: host `<slug><suffix>` addresses tenant `<slug>`. */
  tenantHostSuffix: string | undefined;
  /** Refusals recorded per client IP and window; more are answered 429 and not recorded. */
  denialBudget: { max: number; windowSeconds: number };
}

/**
 * Establishes who calls and for which tenant, before GraphQL runs. The tenant is addressed by the host
 * (`<slug><TENANT_HOST_SUFFIX>`) or the `X-Tenant` header; both given and different is 400. A request
 * without a token stays anonymous (public queries only); a bad token ends the request with 401, a token
 * used for another tenant with 403. Every refusal of a request with a token is audited (see
 * `deniedAttemptOf`). Health endpoints are left alone. Runs after the request context exists.
 */
export function registerIdentity(
  fastify: FastifyInstance,
  verifier: TokenVerifier,
  tenancy: TenancyService,
  options: IdentityOptions,
): void {
  const budget = new DenialBudget(options.denialBudget.max, options.denialBudget.windowSeconds * 1000);
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/health')) return;
    const context = contextOf(request);
    if (!context) throw new Error('identity hook registered before the request context hook');
    const authorization = request.headers.authorization;
    const token = authorization === undefined ? undefined : bearer.exec(authorization)?.[1];
    let addressedSlug: string | undefined;
    let addressingError: unknown;
    try {
      addressedSlug = addressedTenant(request, options.tenantHostSuffix);
    } catch (error) {
      addressingError = error;
    }
    try {
      if (authorization === undefined) {
        if (addressingError) throw addressingError;
        const tenant = addressedSlug ? await tenancy.findBySlug(addressedSlug) : null;
        if (tenant?.status === 'ACTIVE') context.tenant = tenantRef(tenant);
        return;
      }
      if (!token) {
        throw new TokenRejected('Send the access token as "Authorization: Bearer <token>".', 'malformed');
      }
      const { principal, tenant } = await verifier.verify(token);
      if (addressingError) {
        // Checked after the token, so the refusal is recorded with who sent it.
        throw refusedVerified(
          context,
          { principal, tenant: tenant ? tenantRef(tenant) : undefined, action: 'address two tenants' },
          addressingError as AppError,
        );
      }
      if (principal.realm === PLATFORM_REALM) {
        if (addressedSlug) {
          throw refusedVerified(
            context,
            { principal, tenant: undefined, action: `address tenant ${addressedSlug}` },
            new Forbidden(
              "Platform operator tokens are not accepted for a bank tenant; sign in to the bank's realm, or use the platform's address without X-Tenant.",
            ),
          );
        }
      } else {
        if (!tenant) throw new Error('bank token verified without its tenant');
        if (addressedSlug && addressedSlug !== tenant.slug) {
          // Audited on the token's own tenant: its user tried to act for another bank.
          throw refusedVerified(
            context,
            { principal, tenant: tenantRef(tenant), action: `address tenant ${addressedSlug}` },
            new Forbidden(
              `This token belongs to another tenant than "${addressedSlug}"; use a token of that bank's realm.`,
            ),
          );
        }
        context.tenant = tenantRef(tenant);
      }
      context.principal = principal;
    } catch (error) {
      const audited =
        context.deniedAttempts.length > 0 || (token !== undefined && error instanceof Unauthenticated);
      if (audited) {
        // The budget is spent before anything else is looked up, so a flood past it costs no database work.
        const retryAfter = budget.spend(context.clientIp ?? 'unknown');
        if (retryAfter !== undefined) {
          context.deniedAttempts.splice(0); // over budget: this refusal stays out of the trail (still logged)
          void reply.header('retry-after', String(retryAfter));
          return sendError(
            reply,
            new RateLimited(`Too many refused requests from this address. Retry after ${retryAfter} s.`),
            context.requestId,
            request.log,
          );
        }
        if (context.deniedAttempts.length === 0 && token !== undefined) {
          context.deniedAttempts.push(
            await deniedAttemptOf(token, error as Unauthenticated, verifier, tenancy),
          );
        }
      }
      return sendError(reply, error, context.requestId, request.log);
    }
  });
}

/**
 * The tenant a request addresses: from its host when `TENANT_HOST_SUFFIX` is set and the host ends with
 * it, else from `X-Tenant`. A host and a header naming different tenants is refused (400).
 */
export function addressedTenant(request: FastifyRequest, hostSuffix: string | undefined): string | undefined {
  const header = request.headers['x-tenant'];
  const fromHeader = typeof header === 'string' && header !== '' ? header : undefined;
  const fromHost = hostSuffix ? tenantOfHost(request.host, hostSuffix) : undefined;
  if (fromHost && fromHeader && fromHost !== fromHeader) {
    throw new Invalid(
      `X-Tenant "${fromHeader}" does not match the tenant of this address ("${fromHost}"); omit X-Tenant or use that bank's address.`,
    );
  }
  return fromHost ?? fromHeader;
}

/** `demo-bank` for `demo-bank.api.example.com:443` with suffix `.api.example.com`; undefined for other hosts. */
export function tenantOfHost(host: string, suffix: string): string | undefined {
  const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (!name.endsWith(suffix)) return undefined;
  const slug = name.slice(0, -suffix.length);
  if (!tenantSlug.test(slug)) {
    throw new Invalid(`The address "${name}" does not name a tenant; use <bank>${suffix}.`);
  }
  return slug;
}

function refusedVerified(
  context: RequestContext,
  attempt: Pick<DeniedAttempt, 'principal' | 'tenant' | 'action'>,
  error: AppError,
): AppError {
  context.deniedAttempts.push({ ...attempt, code: error.code as DeniedAttempt['code'] });
  return error;
}

/**
 * The audit entry for a refused token. It goes on the chain of the tenant whose realm the (unverified)
 * issuer names, whatever that tenant's status, so a bank sees attempts against it; on the platform chain
 * when the issuer names no tenant. Nothing in it is trusted: there is no principal, and only the realm,
 * client and algorithm are copied, marked unverified and only when they look like identifiers — never
 * the subject or the token.
 */
async function deniedAttemptOf(
  token: string,
  error: Unauthenticated,
  verifier: TokenVerifier,
  tenancy: TenancyService,
): Promise<DeniedAttempt> {
  const claims = unverifiedClaims(token);
  const realm = typeof claims.iss === 'string' ? verifier.realmOf(claims.iss) : undefined;
  const tenant = realm && realm !== PLATFORM_REALM ? await tenancy.findByRealm(realm) : null;
  return {
    action: 'verify access token',
    tenant: tenant ? tenantRef(tenant) : undefined,
    principal: undefined,
    code: 'UNAUTHENTICATED',
    details: {
      reason: error instanceof TokenRejected ? error.reason : 'invalid',
      unverified: { realm: safe(realm), client: safe(claims.azp), alg: safe(claims.alg) },
    },
  };
}

function unverifiedClaims(token: string): { iss?: unknown; azp?: unknown; alg?: unknown } {
  let payload: { iss?: unknown; azp?: unknown } = {};
  let header: { alg?: unknown } = {};
  try {
    payload = decodeJwt(token);
  } catch {
    // unreadable payload: nothing to record from it
  }
  try {
    header = decodeProtectedHeader(token);
  } catch {
    // unreadable header: nothing to record from it
  }
  return { iss: payload.iss, azp: payload.azp, alg: header.alg };
}

function safe(value: unknown): string | null {
  return typeof value === 'string' && safeClaim.test(value) ? value : null;
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
