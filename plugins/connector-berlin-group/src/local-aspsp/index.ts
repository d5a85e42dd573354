/**
 * `@finpersona/connector-berlin-group/local-aspsp`: a local NextGenPSD2 ASPSP for tests, validated
 * against the published OpenAPI file. Test code only: it opens a port and reads the FinPersona cache.
 */
export {
  startLocalXs2a,
  loadNextGenPsd2Validator,
  type LocalXs2a,
  type LocalXs2aOptions,
  type LocalConsent,
  type RecordedRequest,
  type ResponseViolation,
  type InjectedFault,
} from './server';
export type { LocalXs2aAccountFixture } from './fixtures';
export { OpenApiValidator } from './openapi-validator';
export { ensureNextGenPsd2Spec, nextGenPsd2SpecSource } from './spec-source';
