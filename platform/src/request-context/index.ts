export {
  createRequestContext,
  currentContext,
  ensureContext,
  requireContext,
  runAsTenant,
  runInContext,
} from './request-context';
export type { DeniedAttempt, Principal, RequestContext, Role, TenantRef } from './request-context';
export { contextOf, registerRequestContext } from './fastify-hooks';
