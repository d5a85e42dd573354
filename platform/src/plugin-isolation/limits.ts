/**
 * Limits applied to one isolated plugin (a tenant's installation of one plugin version). Every call gets
 * the per-call budgets afresh; the heap and process ceilings hold for the sandbox's whole life.
 */
export interface IsolationLimits {
  /** CPU time one call may use inside the isolate (measured by V8, not wall time). */
  cpuMsPerCall: number;
  /** Wall-clock time one call may take, waiting on host callbacks included. */
  wallMsPerCall: number;
  /** Wall-clock time evaluating the bundle may take (top-level code, an awaited `module.exports`). */
  loadMs: number;
  /** The isolate's V8 heap (isolated-vm `memoryLimit`; array buffers count against it). */
  heapMb: number;
  /** Resident memory of the sandbox process as a whole: catches what V8 does not count (WebAssembly memory). */
  processRssMb: number;
  /** JSON size of the arguments the host passes to a call. */
  maxArgumentBytes: number;
  /** JSON size of what a call returns. */
  maxResultBytes: number;
  /** JSON size of the arguments of one host callback (`ctx.call`, `ctx.fetch`). */
  maxHostCallBytes: number;
  /** JSON size of what one host callback returns to the plugin (a fetched body included). */
  maxHostResponseBytes: number;
  /** Host callbacks one call may make. */
  maxHostCallsPerCall: number;
  /** Size of the plugin's bundle. */
  maxBundleBytes: number;
  /** `ctx.log` lines kept per call; the rest are counted and dropped. */
  maxLogLinesPerCall: number;
  /** Characters kept of one `ctx.log` line. */
  maxLogLineChars: number;
}

export const defaultIsolationLimits: Readonly<IsolationLimits> = Object.freeze({
  cpuMsPerCall: 1_000,
  wallMsPerCall: 5_000,
  loadMs: 2_000,
  heapMb: 32,
  processRssMb: 320,
  maxArgumentBytes: 256 * 1024,
  maxResultBytes: 1024 * 1024,
  maxHostCallBytes: 64 * 1024,
  maxHostResponseBytes: 512 * 1024,
  maxHostCallsPerCall: 50,
  maxBundleBytes: 5 * 1024 * 1024,
  maxLogLinesPerCall: 100,
  maxLogLineChars: 2_000,
});

/** How many sandboxes (processes) one platform process keeps, and how long an idle one lives. */
export interface PoolLimits {
  maxSandboxes: number;
  /** Calls queued behind a busy sandbox before further calls are refused (`overloaded`). */
  maxQueuedCallsPerSandbox: number;
  idleMs: number;
}

export const defaultPoolLimits: Readonly<PoolLimits> = Object.freeze({
  maxSandboxes: 16,
  maxQueuedCallsPerSandbox: 16,
  idleMs: 60_000,
});

/**
 * Limits for one KIND of extension call, keyed `<extension point>.<method>` (`recommendation-model.train`),
 * replacing the defaults (and a plugin's own `limits`) for that call only. Set by the platform operator in
 * configuration (`PLUGIN_TRAIN_*`, see `config.ts`), never by a plugin or a bank: training a model on a
 * dataset of thousands of customers needs more argument bytes, CPU and heap than a request-time call, and
 * only that call gets them. A call kind with other limits runs in a sandbox process of its own (the limits
 * are part of the pool's key), so a training's larger heap never serves request-time calls.
 */
export type CallKindLimits = Readonly<Record<string, Partial<IsolationLimits>>>;

/**
 * The sandbox process's own V8 old space (`--max-old-space-size`): it holds a call's arguments and result
 * as text while passing them on (IPC message, copy into the isolate), so it grows with those limits; 64 MB
 * at the defaults.
 */
export function sandboxProcessHeapMb(
  limits: Pick<IsolationLimits, 'maxArgumentBytes' | 'maxResultBytes'>,
): number {
  const mib = 1024 * 1024;
  return Math.max(64, 32 + Math.ceil((4 * limits.maxArgumentBytes + 2 * limits.maxResultBytes) / mib));
}
