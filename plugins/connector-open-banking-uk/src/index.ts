/**
 * @finpersona/connector-open-banking-uk — the UK Open Banking (Read/Write API v3.1, Account and
 * Transaction API) data connector, and the spec-validated local ASPSP server its tests (and the
 * platform's) run against. See README.md.
 */
export { createOpenBankingUkConnector, openBankingUkConnectorId } from './connector/connector';
export { openBankingUkPlugin } from './plugin';
export {
  parseOpenBankingUkSettings,
  OpenBankingUkSettingsError,
  type OpenBankingUkSettings,
  type RetrySettings,
} from './connector/settings';
export {
  startLocalAspsp,
  aisBasePath,
  type LocalAspsp,
  type LocalAspspOptions,
  type RecordedRequest,
  type ResponseViolation,
  type Fault,
  type ConsentRecord,
  type ConsentStatus,
} from './aspsp/server';
export { AccountInfoSpec, type SpecViolation, type MatchedOperation } from './spec/validator';
export { accountInfoSpecSource, ensureAccountInfoSpec, SpecFetchError } from './spec/spec-source';
