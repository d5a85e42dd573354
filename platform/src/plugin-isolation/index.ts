export { PluginIsolationModule, auditingSink } from './plugin-isolation.module';
export { PluginDenied, PluginIsolation, auditEventOf, needsAudit } from './plugin-isolation';
export type {
  HostFunction,
  IsolatedPlugin,
  PluginCallResult,
  PluginRunReport,
  ReportSink,
} from './plugin-isolation';
export { defaultIsolationLimits, defaultPoolLimits } from './limits';
export type { CallKindLimits, IsolationLimits, PoolLimits } from './limits';
export type { SandboxNetwork } from './sandbox';
export type {
  DeniedCapability,
  IsolationPhase,
  PluginCallOutcome,
  PluginCallOutcomeKind,
  ThrownError,
} from './outcome';
export { isDeclaredHost } from './host-fetch';
export type { PluginFetchResponse } from './host-fetch';
