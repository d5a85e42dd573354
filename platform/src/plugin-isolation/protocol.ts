import type { IsolationLimits } from './limits';
import type { PluginCallOutcome } from './outcome';

/**
 * The messages between the host (`PluginSandbox`) and its sandbox process (`sandbox-child.ts`), over
 * Node's IPC channel. Everything the plugin produces crosses as JSON text, parsed by the host only after
 * its size is checked: no object of the plugin's ever reaches the host.
 */
/**
 * How a call reaches the plugin: `method` a function of the exported definition by dotted path,
 * `connector` a method of the data connector its `extensions['data-connector'].create(...)` builds (args
 * `{ plugin, args, context }`), `extension` a method `extensions.<point>.<method>` of an extension point (args
 * `{ plugin, args }`: the extension's own method, or, for a factory-shaped extension, a method of the object
 * its `create(plugin)` builds), `describe` the manifest and what the definition implements (for publishing).
 */
export type CallEntry = 'method' | 'connector' | 'extension' | 'describe';

export type HostToChild =
  | { t: 'load'; bundle: string; limits: IsolationLimits }
  | { t: 'call'; id: number; entry?: CallEntry; method: string; args: string }
  | { t: 'host-reply'; seq: number; envelope: string };

/** A failed outcome as the child reports it (the host adds nothing but the parse of `ok` values). */
export type ChildFailure = Exclude<PluginCallOutcome, { kind: 'ok' }>;

export interface CallStats {
  cpuMs: number;
  hostCalls: number;
  logs: string[];
  logsDropped: number;
}

export type ChildToHost =
  | { t: 'loaded'; cpuMs: number }
  | { t: 'load-failed'; outcome: ChildFailure; stopping: boolean }
  | { t: 'done'; id: number; json: string; stats: CallStats }
  | { t: 'failed'; id: number; outcome: ChildFailure; stats: CallStats; stopping: boolean }
  | { t: 'host'; id: number; seq: number; kind: 'fetch' | 'call'; name: string; args: string }
  /** A violation outside any call (a kept context used later): reported on its own. */
  | { t: 'violation'; outcome: ChildFailure };

/** What the host answers a host callback with, as JSON text for the plugin. */
export type HostEnvelope =
  { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };
