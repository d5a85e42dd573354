import { Forbidden, Unauthenticated } from '../errors';
import { type Principal, requireContext } from '../request-context';
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

/** Whether the caller reads as the bank's staff (their reads of personal data are audited). */
export function callerIsBankStaff(): boolean {
  return isBankStaff(requireContext().principal);
}

/** A user of a bank's realm with a staff role (bank administrator, compliance officer); never a customer. */
export function isBankStaff(principal: Principal | undefined): boolean {
  return (
    principal?.kind === 'bank' &&
    principal.roles.some((role) => role === 'bank-admin' || role === 'compliance-officer')
  );
}
