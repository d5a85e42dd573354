export { AuditGraphqlModule, AuditModule } from './audit.module';
export {
  auditChainLockKey,
  AuditService,
  chainQuery,
  entryOf,
  maxAuditPageSize,
  maxExportDays,
  maxExportEntries,
} from './audit.service';
export type { AuditChain, AuditEvent, AuditFilters, AuditOrder, AuditPage } from './audit.service';
export {
  CHAIN_FORMAT_VERSION,
  GENESIS_HASH,
  PLATFORM_CHAIN,
  auditOutcomes,
  canonicalJson,
  hashEntry,
  hashedDocument,
  verifyEntries,
} from './chain';
export type {
  AuditActor,
  AuditEntry,
  AuditOutcome,
  BrokenLink,
  BrokenLinkProblem,
  ChainVerification,
  JsonValue,
  VerifyOptions,
} from './chain';
export { csvColumns, exportEntries } from './export';
export type { ExportFormat } from './export';
export { REDACTED, redactedChanges } from './redaction';
