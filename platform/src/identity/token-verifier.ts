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
import type { Principal, Role } from '../request-context';
import { type Tenant, TenancyService } from '../tenancy';
import { type Clock, IDENTITY_CLOCK } from './clock';

export const PLATFORM_REALM = 'platform';
/** Asymmetric algorithms only: a token can never be "signed" with a shared or public key as an HMAC secret. */
export const allowedAlgorithms = ['RS256', 'ES256', 'PS256'];
/** Tolerated clock difference with Keycloak when checking exp/nbf. */
export const clockToleranceSeconds = 30;

const platformRoles: readonly Role[] = ['platform-operator'];
const bankRoles: readonly Role[] = ['bank-admin', 'compliance-officer', 'customer'];
const realmName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface VerifiedToken {
  principal: Principal;
  /** The tenant whose realm issued the token; undefined for platform tokens. */
  tenant: Tenant | undefined;
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
      throw new Unauthenticated(
        'The access token is malformed; send the access_token issued by the sign-in.',
      );
    }
    // Safe to reject on unverified claims: these checks can only refuse a token, never accept one.
    if (unverified.typ !== 'Bearer') {
      throw new Unauthenticated(
        `Only access tokens are accepted (typ Bearer); this token has typ ${JSON.stringify(unverified.typ ?? null)}.`,
      );
    }
    const issuer = typeof unverified.iss === 'string' ? unverified.iss : '';
    const realm = this.realmOf(issuer);
    const tenant = realm === PLATFORM_REALM ? undefined : await this.tenancy.findActiveByRealm(realm);
    if (realm !== PLATFORM_REALM && !tenant) {
      throw new Unauthenticated('The token was issued by a realm that is not an active FinPersona tenant.');
    }

    const { payload } = await this.verifySignatureAndClaims(token, issuer, realm);
    const kind = realm === PLATFORM_REALM ? 'platform' : 'bank';
    return { principal: principalOf(payload, realm, kind), tenant: tenant ?? undefined };
  }

  private realmOf(issuer: string): string {
    const realm = issuer.startsWith(this.realmsUrl) ? issuer.slice(this.realmsUrl.length) : '';
    if (!realmName.test(realm)) {
      throw new Unauthenticated("The token was not issued by this platform's identity provider.");
    }
    return realm;
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
    return new Unauthenticated('The access token has expired; refresh it or sign in again.', {
      cause: error,
    });
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return new Unauthenticated(
      `The access token's "${error.claim}" claim is not accepted (${error.reason}).`,
      { cause: error },
    );
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new Unauthenticated('The access token signature is invalid.', { cause: error });
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return new Unauthenticated(
      `The access token is signed with an algorithm that is not accepted (use ${allowedAlgorithms.join(', ')}).`,
      { cause: error },
    );
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return new Unauthenticated('The access token was signed with a key its realm does not publish.', {
      cause: error,
    });
  }
  if (
    error instanceof joseErrors.JWKSTimeout ||
    (error instanceof Error && !(error instanceof joseErrors.JOSEError))
  ) {
    return new Internal('Tokens cannot be verified right now: the identity provider did not answer.', {
      cause: error,
    });
  }
  return new Unauthenticated('The access token is invalid.', { cause: error });
}

function principalOf(payload: JWTPayload, realm: string, kind: Principal['kind']): Principal {
  const claims = payload as JWTPayload & {
    realm_access?: { roles?: unknown };
    preferred_username?: unknown;
    name?: unknown;
  };
  const granted = Array.isArray(claims.realm_access?.roles) ? claims.realm_access.roles : [];
  // A realm can only grant the roles of its kind: a bank realm defining "platform-operator" gains nothing.
  const known = kind === 'platform' ? platformRoles : bankRoles;
  return {
    kind,
    subject: payload.sub as string,
    realm,
    username: typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined,
    displayName: typeof claims.name === 'string' ? claims.name : undefined,
    roles: known.filter((role) => granted.includes(role)),
    client: typeof payload.azp === 'string' ? payload.azp : undefined,
  };
}
