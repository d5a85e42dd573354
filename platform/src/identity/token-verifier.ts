import { Inject, Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeJwt,
  errors as joseErrors,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { API_CONFIG, type ApiConfig } from '../config';
import { Internal, Unauthenticated } from '../errors';
import type { AuthenticationStrength, Principal, Role } from '../request-context';
import { type Tenant, TenancyService } from '../tenancy';
import { type Clock, IDENTITY_CLOCK } from './clock';
import { AMR_ONE_TIME_CODE } from './authentication-methods';

export const PLATFORM_REALM = 'platform';
/** Asymmetric algorithms only: a token can never be "signed" with a shared or public key as an HMAC secret. */
export const allowedAlgorithms = ['RS256', 'ES256', 'PS256'];
/** Tolerated clock difference with Keycloak when checking exp/nbf. */
export const clockToleranceSeconds = 30;

const platformRoles: readonly Role[] = ['platform-operator'];
const bankRoles: readonly Role[] = ['bank-admin', 'compliance-officer', 'customer'];
const realmName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The OIDC clients whose access tokens the API accepts, and the roles each may carry. */
export const ADMIN_CLIENT = 'finpersona-admin';
export const CUSTOMER_CLIENT = 'finpersona-customer';
export const DEV_CLIENT = 'finpersona-dev-cli';
/**
 * Staff work only through the admin portal (whose sign-in always includes the one-time code) and
 * customers only through the customer app: a role granted in the realm counts only when the token was
 * issued to a client listed for it. The developer CLI (password grant) carries every role, and is
 * accepted only with `IDENTITY_ALLOW_DEV_CLIENT=true`.
 */
export const rolesByClient: Readonly<Record<string, readonly Role[]>> = {
  [ADMIN_CLIENT]: ['platform-operator', 'bank-admin', 'compliance-officer'],
  [CUSTOMER_CLIENT]: ['customer'],
  [DEV_CLIENT]: ['platform-operator', 'bank-admin', 'compliance-officer', 'customer'],
};

/** `amr` values that prove a second factor (one-time code; `hwk` = a WebAuthn security key). */
export const secondFactorMethods: readonly string[] = [AMR_ONE_TIME_CODE, 'hwk'];

export interface VerifiedToken {
  principal: Principal;
  /** The tenant whose realm issued the token; undefined for platform tokens. */
  tenant: Tenant | undefined;
}

/** Why a token was refused, for the audit trail (the client only sees the message). */
export type TokenRefusal =
  | 'malformed'
  | 'not-access-token'
  | 'foreign-issuer'
  | 'unknown-realm'
  | 'inactive-tenant'
  | 'client'
  | 'algorithm'
  | 'signature'
  | 'unknown-key'
  | 'expired'
  | 'claims'
  | 'invalid';

/** UNAUTHENTICATED with the reason and the tenant the (unverified) issuer names, for auditing the denial. */
export class TokenRejected extends Unauthenticated {
  constructor(
    message: string,
    readonly reason: TokenRefusal,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Verifies Keycloak access tokens: the issuer must be an allow-listed realm (the platform realm or the
 * realm of an active tenant), the signature must match that realm's published keys, and audience,
 * expiry and token type must be right. Every failure is UNAUTHENTICATED with a message saying which check failed.
 */
@Injectable()
export class TokenVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly realmsUrl: string;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly tenancy: TenancyService,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {
    this.realmsUrl = `${config.identity.keycloakUrl}/realms/`;
  }

  async verify(token: string): Promise<VerifiedToken> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new TokenRejected(
        'The access token is malformed; send the access_token issued by the sign-in.',
        'malformed',
      );
    }
    // Safe to reject on unverified claims: these checks can only refuse a token, never accept one.
    if (unverified.typ !== 'Bearer') {
      throw new TokenRejected(
        `Only access tokens are accepted (typ Bearer); this token has typ ${JSON.stringify(unverified.typ ?? null)}.`,
        'not-access-token',
      );
    }
    const issuer = typeof unverified.iss === 'string' ? unverified.iss : '';
    const realm = this.realmOf(issuer);
    if (realm === undefined) {
      throw new TokenRejected(
        "The token was not issued by this platform's identity provider.",
        'foreign-issuer',
      );
    }
    const tenant = realm === PLATFORM_REALM ? undefined : await this.tenancy.findByRealm(realm);
    if (realm !== PLATFORM_REALM && tenant?.status !== 'ACTIVE') {
      throw new TokenRejected(
        'The token was issued by a realm that is not an active FinPersona tenant.',
        tenant ? 'inactive-tenant' : 'unknown-realm',
      );
    }
    const client = typeof unverified.azp === 'string' ? unverified.azp : undefined;
    if (!this.acceptsClient(client)) {
      throw new TokenRejected(
        'The access token was not issued to a FinPersona app; sign in through the admin portal or the customer app.',
        'client',
      );
    }
    const { payload } = await this.verifySignatureAndClaims(token, issuer, realm);
    const kind = realm === PLATFORM_REALM ? 'platform' : 'bank';
    return { principal: principalOf(payload, realm, kind), tenant: tenant ?? undefined };
  }

  /**
   * The realm an issuer names when it is one of this Keycloak's realms (a well-formed name); says nothing
   * about whether the realm is a tenant's. Used before verification, and to place refusals in the audit trail.
   */
  realmOf(issuer: string): string | undefined {
    const realm = issuer.startsWith(this.realmsUrl) ? issuer.slice(this.realmsUrl.length) : '';
    return realmName.test(realm) ? realm : undefined;
  }

  private acceptsClient(client: string | undefined): boolean {
    if (client === ADMIN_CLIENT || client === CUSTOMER_CLIENT) return true;
    return client === DEV_CLIENT && this.config.identity.allowDevClient;
  }

  private async verifySignatureAndClaims(token: string, issuer: string, realm: string) {
    try {
      return await jwtVerify(token, this.keySetOf(realm), {
        issuer,
        audience: this.config.identity.audience,
        algorithms: allowedAlgorithms,
        clockTolerance: clockToleranceSeconds,
        currentDate: this.clock.now(),
        requiredClaims: ['exp', 'iat', 'sub'],
      });
    } catch (error) {
      throw explain(error);
    }
  }

  /** One remote key set per realm, fetched on first use and cached (jose refetches on an unknown kid). */
  private keySetOf(realm: string): JWTVerifyGetKey {
    let keySet = this.keySets.get(realm);
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(`${this.realmsUrl}${realm}/protocol/openid-connect/certs`), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
      });
      this.keySets.set(realm, keySet);
    }
    return keySet;
  }
}

function explain(error: unknown): Error {
  if (error instanceof joseErrors.JWTExpired) {
    return new TokenRejected('The access token has expired; refresh it or sign in again.', 'expired', {
      cause: error,
    });
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return new TokenRejected(
      `The access token's "${error.claim}" claim is not accepted (${error.reason}).`,
      'claims',
      { cause: error },
    );
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return new TokenRejected(
      `The access token is signed with an algorithm that is not accepted (use ${allowedAlgorithms.join(', ')}).`,
      'algorithm',
      { cause: error },
    );
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return new TokenRejected(
      'The access token was signed with a key its realm does not publish.',
      'unknown-key',
      {
        cause: error,
      },
    );
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new TokenRejected('The access token signature is invalid.', 'signature', { cause: error });
  }
  if (
    error instanceof joseErrors.JWKSTimeout ||
    (error instanceof Error && !(error instanceof joseErrors.JOSEError))
  ) {
    return new Internal('Tokens cannot be verified right now: the identity provider did not answer.', {
      cause: error,
    });
  }
  return new TokenRejected('The access token is invalid.', 'invalid', { cause: error });
}

export function principalOf(payload: JWTPayload, realm: string, kind: Principal['kind']): Principal {
  const claims = payload as JWTPayload & {
    realm_access?: { roles?: unknown };
    preferred_username?: unknown;
    name?: unknown;
  };
  const granted = Array.isArray(claims.realm_access?.roles) ? claims.realm_access.roles : [];
  const client = payload.azp as string; // checked against the allow-list before verification
  // A realm can only grant the roles of its kind (a bank realm defining "platform-operator" gains
  // nothing), and a client only the roles meant for its users.
  const known = kind === 'platform' ? platformRoles : bankRoles;
  const forClient = rolesByClient[client] ?? [];
  return {
    kind,
    subject: payload.sub as string,
    realm,
    username: typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined,
    displayName: typeof claims.name === 'string' ? claims.name : undefined,
    roles: known.filter((role) => granted.includes(role) && forClient.includes(role)),
    client,
    authentication: authenticationOf(payload),
  };
}

/** `acr` and `amr` as Keycloak signed them; anything malformed counts as absent (never as stronger). */
export function authenticationOf(payload: JWTPayload): AuthenticationStrength {
  const amr = Array.isArray(payload.amr) ? payload.amr.filter((m): m is string => typeof m === 'string') : [];
  return {
    acr: typeof payload.acr === 'string' ? payload.acr : undefined,
    amr,
    secondFactor: amr.some((method) => secondFactorMethods.includes(method)),
    ...(typeof payload.jti === 'string' ? { tokenId: payload.jti } : {}),
    ...(typeof payload.auth_time === 'number' && Number.isFinite(payload.auth_time)
      ? { authenticatedAt: new Date(payload.auth_time * 1000) }
      : {}),
  };
}
