import type { JsonValue } from '../audit';

/** When the sandbox stopped the plugin: evaluating its bundle, or during a call. */
export type IsolationPhase = 'load' | 'call';

/** Why a plugin was refused something it asked the host for (see `PluginDenied`). */
export type DeniedCapability =
  /** `ctx.fetch` to a host the manifest does not declare (or not http/https). */
  | 'fetch'
  /** `ctx.call` of a host function the plugin's permissions do not grant. */
  | 'host-function'
  /** A context kept from an earlier call and used after that call ended. */
  | 'expired-context'
  /** A host function refused the request itself (e.g. another tenant's data). */
  | 'host-refused';

/**
 * What the plugin threw, read inside the isolate: name and message (non-errors described as text), and the
 * SDK's typed details when present — a `ConnectorError`'s `code` and `retryAfterMs`, a
 * `PluginSettingsError`'s `problems` (at most 50).
 */
export interface ThrownError {
  name: string;
  message: string;
  code?: string;
  retryAfterMs?: number;
  problems?: { field: string; problem: string }[];
}

/**
 * What happened to one call, as a value the host can branch on and audit. Only `ok` carries the plugin's
 * result; every other kind means the result (if any) was discarded. `denied`, `too-large` and `quota`
 * are violations: the plugin tried something outside its grant, so the call fails even if the plugin
 * caught the refusal and returned normally.
 */
export type PluginCallOutcome =
  | { kind: 'ok'; value: JsonValue }
  | { kind: 'timeout'; phase: IsolationPhase; limit: 'cpu' | 'wall-clock'; limitMs: number }
  | { kind: 'memory'; phase: IsolationPhase; limit: 'heap' | 'process'; limitMb: number }
  | { kind: 'crashed'; phase: IsolationPhase; detail: string }
  | { kind: 'threw'; phase: IsolationPhase; error: ThrownError }
  | { kind: 'denied'; capability: DeniedCapability; target: string }
  | {
      kind: 'too-large';
      what: 'arguments' | 'result' | 'host-call' | 'bundle';
      bytes: number;
      limitBytes: number;
    }
  | { kind: 'quota'; what: 'host-calls'; limit: number }
  | { kind: 'invalid-result'; reason: string }
  | { kind: 'unknown-method'; method: string }
  | { kind: 'overloaded'; detail: string };

export type PluginCallOutcomeKind = PluginCallOutcome['kind'];

/** Outcomes after which the sandbox process is stopped (a fresh one serves the next call). */
export const stoppingKinds: ReadonlySet<PluginCallOutcomeKind> = new Set(['timeout', 'memory', 'crashed']);
