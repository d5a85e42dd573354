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
