import { Forbidden, Unauthenticated } from '../errors';
import { type Principal, requireContext, type Role, type TenantRef } from '../request-context';
import { type Action, currentAbility, type SubjectType } from './abilities';

/**
 * Asks the caller's CASL abilities whether they may `action` some `subjectType` (any row of it; which
 * rows is `accessibleWhere`'s job). Anonymous callers are told to sign in; others get FORBIDDEN, recorded
 * for the audit trail. `does` names the attempt (e.g. `list customers`): "Your role may not <does>."
 */
export function authorize(action: Action, subjectType: SubjectType, does: string): void {
  const { principal } = requireContext();
  if (currentAbility().can(action, subjectType)) return;
  if (!principal) throw new Unauthenticated(`Sign in to ${does}.`);
  throw denied(does, `Your role may not ${does}${principal.kind === 'bank' ? ' in this bank' : ''}.`);
}

/**
 * Role-only checks, kept for resolvers not yet moved to `authorize` (the role matrix gate in front of
 * every operation is the first check either way).
 */
export function requirePlatformRole(roles: readonly Role[], action: string): Principal {
  const context = requireContext();
  const { principal } = context;
  if (!principal) {
    // Anonymous attempts at operator operations go on the platform chain only (never a bank's, which an
    // anonymous caller could otherwise write into by naming the bank in X-Tenant).
    context.deniedAttempts.push({ action, tenant: undefined, principal: undefined, code: 'UNAUTHENTICATED' });
    throw new Unauthenticated(`Sign in to ${action}.`);
  }
  if (principal.kind !== 'platform' || !hasAny(principal, roles)) {
    throw denied(action, `Only ${roles.join(' or ')} may ${action}.`);
  }
  return principal;
}

/** The caller must be a user of the addressed tenant holding one of `roles`. */
export function requireTenantRole(
  roles: readonly Role[],
  action: string,
): { principal: Principal; tenant: TenantRef } {
  const { principal, tenant } = requireContext();
  if (!principal) throw new Unauthenticated(`Sign in to ${action}.`);
  if (principal.kind !== 'bank' || !tenant || !hasAny(principal, roles)) {
    throw denied(action, `Only ${roles.join(' or ')} of this bank may ${action}.`);
  }
  return { principal, tenant };
}

/**
 * Notes the refusal on the request context (the audit trail records it in a transaction of its own,
 * since the request's is rolled back) and returns the error to throw.
 */
export function denied(action: string, message: string): Forbidden {
  const context = requireContext();
  context.deniedAttempts.push({
    action,
    tenant: context.tenant,
    principal: context.principal,
    code: 'FORBIDDEN',
  });
  return new Forbidden(message);
}

function hasAny(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** Whether the caller reads as the bank's staff (their reads of personal data are audited). */
export function callerIsBankStaff(): boolean {
  const { principal } = requireContext();
  return principal?.kind === 'bank' && hasAny(principal, ['bank-admin', 'compliance-officer']);
}
