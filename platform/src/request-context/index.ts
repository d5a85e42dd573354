export {
  createRequestContext,
  currentContext,
  ensureContext,
  requireContext,
  runAsTenant,
  runInContext,
} from './request-context';
export type {
  AuthenticationStrength,
  DeniedAttempt,
  Principal,
  RequestContext,
  Role,
  TenantRef,
} from './request-context';
export { contextOf, registerRequestContext } from './fastify-hooks';
export { localized, requestLocale, requestLocales, resolveRequestLocale } from './request-locale';
export type { Localized, RequestLocale } from './request-locale';
