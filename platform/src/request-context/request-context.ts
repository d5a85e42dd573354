import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestLocale } from './request-locale';

/** The tenant a request or job acts for. */
export interface TenantRef {
  id: string;
  slug: string;
  realm: string;
}

/**
 * `plugin-developer` is the principal of a plugin developer's API key (see `access/abilities.ts`): no
 * token or key grants it yet, the abilities are designed ahead of key issuing.
 */
export type Role =
  'platform-operator' | 'bank-admin' | 'compliance-officer' | 'customer' | 'plugin-developer';

/** Who is calling, as established from a verified access token. */
export interface Principal {
  /**
   * `platform` for operators, `bank` for users of a tenant's realm, `plugin` for a plugin developer's API
   * key (scoped to one sandbox tenant; not issued yet).
   */
  kind: 'platform' | 'bank' | 'plugin';
  subject: string;
  realm: string;
  username: string | undefined;
  displayName: string | undefined;
  roles: Role[];
  /** The OIDC client the token was issued to (`azp`), when known. */
  client?: string | undefined;
  /** For `plugin` principals: the only (sandbox) tenant their key may act in. */
  sandboxTenantId?: string | undefined;
  /** How the caller signed in, from the verified token; absent means no second factor is proven. */
  authentication?: AuthenticationStrength | undefined;
}

/** The verified authentication strength of a token (Keycloak `acr` / `amr`). */
export interface AuthenticationStrength {
  /** Level of authentication the token names (`password`, `mfa`), for information. */
  acr: string | undefined;
  /** Methods completed recently enough (`pwd`, `otp`), as Keycloak listed them at issue. */
  amr: readonly string[];
  /** True when `amr` shows a second factor: what step-up requires. */
  secondFactor: boolean;
  /** The token's id (`jti`), kept as proof of a consent (never the token itself). */
  tokenId?: string | undefined;
  /** When the user authenticated (`auth_time`), when the token says. */
  authenticatedAt?: Date | undefined;
}

/** An attempt refused at the edge or by an access check, kept until the request's transaction has ended so it can be audited. */
export interface DeniedAttempt {
  /** What was attempted, e.g. `list customers`. */
  action: string;
  /** The tenant whose audit trail records it; undefined for the platform's own trail. */
  tenant: TenantRef | undefined;
  /** Who was refused (verified from their token); undefined for an anonymous caller or a token that could not be verified. */
  principal: Principal | undefined;
  /**
   * FORBIDDEN: the wrong role or tenant; UNAUTHENTICATED: no valid token (a refused token, or none for an
   * operator-only operation); STEP_UP_REQUIRED: no recent second factor; INVALID: a malformed tenant address.
   */
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'STEP_UP_REQUIRED' | 'INVALID';
  /**
   * Facts about a refused token, recorded as they are (e.g. `{ reason: 'expired', unverified: { … } }`):
   * only short, pattern-checked values, never the token itself.
   */
  details?: { [key: string]: string | null | { [key: string]: string | null } };
}

/**
 * Everything request-scoped code may need, created once at the edge (or by `runAsTenant` for jobs) and
 * read through `currentContext()`, never passed around as loose arguments.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly clientIp: string | undefined;
  /** The addressed tenant, or undefined for operators and anonymous calls. */
  tenant: TenantRef | undefined;
  principal: Principal | undefined;
  /** `principal.roles`, or none when anonymous. */
  readonly roles: readonly Role[];
  /** Attempts refused so far; the audit trail records them after the request's transaction ends. */
  readonly deniedAttempts: DeniedAttempt[];
  /** The language the platform's own texts answer in (`Accept-Language`, see `resolveRequestLocale`). */
  readonly locale: RequestLocale;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function createRequestContext(init: {
  requestId?: string;
  clientIp?: string;
  locale?: RequestLocale;
}): RequestContext {
  const context: RequestContext = {
    requestId: init.requestId ?? randomUUID(),
    clientIp: init.clientIp,
    locale: init.locale ?? 'en',
    tenant: undefined,
    principal: undefined,
    deniedAttempts: [],
    get roles() {
      return context.principal?.roles ?? [];
    },
  };
  return context;
}

/** Runs `fn` with `context` as the current context (and everything it awaits). */
export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The current context; throws when called outside a request or job, which is a programming error. */
export function requireContext(): RequestContext {
  const context = storage.getStore();
  if (!context) throw new Error('No request context: run this inside a request or runAsTenant()');
  return context;
}

/**
 * Runs background code (workflow activities, scripts) as a tenant, so it reads like request code.
 * Without `principal` the code acts as the system for that tenant; with one (a job done on a user's
 * behalf, a benchmark of a staff read) the access rules see that user, as in a request.
 */
export function runAsTenant<T>(
  tenant: TenantRef,
  fn: () => Promise<T>,
  options?: { requestId?: string; principal?: Principal },
): Promise<T> {
  const context = createRequestContext({ requestId: options?.requestId ?? `job-${randomUUID()}` });
  context.tenant = tenant;
  context.principal = options?.principal;
  return storage.run(context, fn);
}

/**
 * Runs `fn` in the current context, or in a fresh one without tenant or principal when called from
 * outside any (a service method invoked directly by a workflow activity or a script).
 */
export function ensureContext<T>(fn: () => Promise<T>): Promise<T> {
  if (storage.getStore()) return fn();
  return storage.run(createRequestContext({ requestId: `job-${randomUUID()}` }), fn);
}
