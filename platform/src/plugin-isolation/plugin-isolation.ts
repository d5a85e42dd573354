/**
 * Runs third-party plugin code isolated, under limits, behind a narrow message interface.
 *
 * Mechanism (see README.md in this folder for the measurements behind it): each tenant's installation of
 * a plugin gets its own sandbox PROCESS (`sandbox-child.ts`), and the plugin's code runs inside an
 * isolated-vm ISOLATE in that process.
 * - The isolate is the security boundary for the code: a separate V8 heap with its own built-ins and
 *   nothing of Node (no require, process, fs, net, timers); `vm`/`vm2` contexts share the host's heap and
 *   are not boundaries. isolated-vm gives a heap limit, CPU/wall time accounting and termination.
 * - The process is the crash boundary: V8 does not reliably survive an isolate running out of memory
 *   (isolated-vm's README says so), isolated-vm needs `--no-node-snapshot` (which the platform's own
 *   process is not started with), and WebAssembly memory is not counted by the isolate's heap limit —
 *   the host watches the process's resident memory and kills it. One process per tenant installation
 *   means a crash or a runaway plugin costs only that tenant's calls to that plugin.
 * - Node's permission model confines the process itself (reads of its own file and the addon only, no
 *   writes, child processes or workers) and it starts with an empty environment. Node 24 has no network
 *   permission: the process could open sockets if the isolate were escaped — the isolate offers none.
 *
 * The interface: the host calls a named method of the plugin's exported definition with JSON arguments and
 * gets a JSON result; the plugin's only way out is the `ctx` of the call: `ctx.call(name, args)` for the
 * host functions its permissions grant, `ctx.fetch(url, init)` performed BY THE HOST to the hosts its
 * manifest declares, and `ctx.log(...)`. Host functions run in the calling request's context (its tenant),
 * whatever the plugin passes.
 */
import { AsyncResource } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { AuditEvent, JsonValue } from '../audit';
import { Internal } from '../errors';
import { requireContext } from '../request-context';
import { FetchRefused, checkFetchRequest, fetchForPlugin } from './host-fetch';
import {
  type CallKindLimits,
  type IsolationLimits,
  type PoolLimits,
  defaultIsolationLimits,
  defaultPoolLimits,
} from './limits';
import type { PluginCallOutcome, PluginCallOutcomeKind } from './outcome';
import type { CallEntry, ChildFailure, HostEnvelope } from './protocol';
import { type HostRequest, PluginSandbox, type SandboxNetwork, checkSandboxNetwork } from './sandbox';

/** A host function a plugin may call through `ctx.call(name, args)`; runs in the caller's request context. */
export type HostFunction = (args: JsonValue) => Promise<JsonValue> | JsonValue;

/** A third-party plugin as the isolation runs it: its code and what its manifest grants. */
export interface IsolatedPlugin {
  id: string;
  version: string;
  /**
   * The bundle: one CommonJS script, no `require` (nothing to require), that sets `module.exports` to the
   * plugin definition (or to a promise of it). Methods are found by dotted path from there
   * (`catalogue.listProducts`) and called as `method(args, ctx)`. A version's bundle must not change.
   */
  bundle: string;
  /** Hosts `ctx.fetch` may reach (`host` or `host:port`), from the manifest's permissions. */
  allowedHosts: readonly string[];
  /** Host functions `ctx.call` may invoke: exactly those the plugin's permissions grant. */
  hostFunctions: Readonly<Record<string, HostFunction>>;
  /** Tighter (or, for a trusted publisher, looser) limits than the defaults. */
  limits?: Partial<IsolationLimits>;
}

/**
 * Thrown by a host function to refuse a plugin's request (another tenant's data, a field it may not read):
 * the plugin gets a `PluginDenied` error and the call's outcome is `denied`.
 */
export class PluginDenied extends Error {
  override readonly name = 'PluginDenied';
}

/** One call, audit-ready: who (tenant, request), which plugin and method, what happened, what it cost. */
export interface PluginRunReport {
  tenantId: string;
  requestId: string;
  pluginId: string;
  pluginVersion: string;
  method: string;
  outcome: PluginCallOutcomeKind;
  /** The outcome without the result value (limits, error name and message, refused target). */
  detail: { [key: string]: JsonValue };
  /** Every refusal in the call, in order (the first one is the outcome when no limit was exceeded). */
  violations: { [key: string]: JsonValue }[];
  startedAt: string;
  durationMs: number;
  cpuMs: number;
  hostCalls: number;
  logs: string[];
  logsDropped: number;
  /** The sandbox process was stopped (limit, crash); the plugin is reloaded on the next call. */
  sandboxStopped: boolean;
}

export interface PluginCallResult {
  outcome: PluginCallOutcome;
  report: PluginRunReport;
}

/** Receives every report (e.g. `auditingSink`); errors it throws are logged, never the caller's. */
export type ReportSink = (report: PluginRunReport) => void | Promise<void>;

// Segments may contain dashes: extension points are named like `insight-generator`.
const methodPattern = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*){0,7}$/;
const reservedSegments = new Set(['__proto__', 'prototype', 'constructor']);

interface PoolEntry {
  sandbox: PluginSandbox;
  queue: Promise<unknown>;
  queued: number;
  lastUsed: number;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * The isolation service: one sandbox per (tenant, plugin version), kept in a bounded pool. Calls to one
 * sandbox run one after another; different sandboxes run in parallel (separate processes), so a tenant's
 * runaway plugin delays nobody else.
 */
export class PluginIsolation {
  private readonly pool = new Map<string, PoolEntry>();
  private readonly poolLimits: PoolLimits;
  private readonly sinks: ReportSink[] = [];
  private closed = false;

  private connectTo: Readonly<Record<string, string>> | undefined;
  private readonly network: SandboxNetwork;
  private readonly callLimits: CallKindLimits;

  constructor(
    options: {
      pool?: Partial<PoolLimits>;
      onReport?: ReportSink;
      /**
       * TEST ONLY: declared `host[:port]` → loopback `host:port` that `ctx.fetch` connects to instead (plain http),
       * after the declared-host check (manifests may not declare loopback hosts). Never set in production:
       * the platform's modules do not pass it.
       */
      testOnlyConnectTo?: Readonly<Record<string, string>>;
      /** `none`: every sandbox process in a network namespace of its own (checked here, at start). */
      network?: SandboxNetwork;
      /**
       * The operator's limits per kind of extension call (`recommendation-model.train`), applied by
       * `callExtension` over the defaults and the plugin's own `limits`.
       */
      callLimits?: CallKindLimits;
    } = {},
  ) {
    this.network = options.network ?? 'host';
    this.callLimits = options.callLimits ?? {};
    checkSandboxNetwork(this.network);
    this.poolLimits = { ...defaultPoolLimits, ...options.pool };
    if (options.onReport) this.sinks.push(options.onReport);
    this.connectTo = options.testOnlyConnectTo;
  }

  /**
   * TEST ONLY (see the constructor's `testOnlyConnectTo`): for a platform built by Nest, where the test
   * cannot pass constructor options. Production code never calls it.
   */
  useTestOnlyConnectTo(connectTo: Readonly<Record<string, string>>): void {
    this.connectTo = connectTo;
  }

  /** Adds a receiver of reports (the audit wiring, metrics). */
  addReportSink(sink: ReportSink): void {
    this.sinks.push(sink);
  }

  /**
   * Calls `method` of the current tenant's installation of `plugin` with JSON `args`. Never throws for
   * anything the plugin does: the outcome says what happened. Throws only for host programming errors
   * (no tenant in the request context, a malformed method name).
   */
  call(plugin: IsolatedPlugin, method: string, args: JsonValue): Promise<PluginCallResult> {
    return this.invoke(plugin, 'method', method, args);
  }

  /**
   * Calls `method` of the data connector the plugin's `extensions['data-connector'].create(plugin)` builds in
   * the sandbox, with positional JSON `args` and a connector context whose `fetch` and `saveGrant` go to the
   * host (`saveGrant` as the host function `connector.saveGrant`). Reported as `data-connector.<method>`.
   */
  callConnector(
    plugin: IsolatedPlugin,
    method: string,
    input: {
      plugin: { tenantId: string; region: string; settings: { [key: string]: JsonValue } };
      args: JsonValue[];
      context: { now: string; customer: JsonValue };
    },
  ): Promise<PluginCallResult> {
    return this.invoke(plugin, 'connector', method, input);
  }

  /**
   * Calls `method` of extension point `point` in the sandbox as `method(args, ctx)`: the extension's own
   * method (`extensions.<point>.<method>`), or, when the extension is factory-shaped (a `create(context)`
   * that builds the implementation, as recommendation models and insight generators are), the method of
   * the object `create(plugin)` builds there. Reported as `extensions.<point>.<method>`.
   */
  callExtension(
    plugin: IsolatedPlugin,
    point: string,
    method: string,
    input: {
      plugin: { tenantId: string; region: string; settings: { [key: string]: JsonValue } };
      args: JsonValue;
    },
  ): Promise<PluginCallResult> {
    return this.invoke(plugin, 'extension', `extensions.${point}.${method}`, input, { point, method });
  }

  /**
   * The limits `callExtension(plugin, point, method, …)` runs under: the defaults, the plugin's own
   * `limits`, then the operator's limits for that kind of call (`<point>.<method>`), if any. Callers that
   * page their arguments (a third-party model's `predict`) size their pages by `maxArgumentBytes`.
   */
  limitsFor(plugin: IsolatedPlugin, point: string, method: string): IsolationLimits {
    const callKind = Object.hasOwn(this.callLimits, `${point}.${method}`)
      ? this.callLimits[`${point}.${method}`]
      : undefined;
    return { ...defaultIsolationLimits, ...plugin.limits, ...callKind };
  }

  /**
   * Loads `bundle` in a sandbox of its own (no tenant, no host function, no network) and returns what its
   * definition declares and implements: `{ manifest, extensions: { <point>: { connectorId? } }, hooks }` as
   * the `ok` value, or the outcome that stopped it (a bundle that hangs, throws or is too large at load).
   * For publishing: the manifest is read from the code itself, by the same runtime that will run it.
   */
  async describeBundle(bundle: string, limits: Partial<IsolationLimits> = {}): Promise<PluginCallOutcome> {
    const applied = { ...defaultIsolationLimits, ...limits };
    const oversized = overLimit('bundle', bundle, applied.maxBundleBytes);
    if (oversized) return oversized;
    const sandbox = new PluginSandbox(bundle, applied, this.network);
    try {
      const refuse = () =>
        Promise.resolve({ envelope: refusalEnvelope('nothing is granted while a bundle is described') });
      return (await sandbox.call('describe', 'null', refuse, 'describe')).outcome;
    } finally {
      sandbox.stop();
    }
  }

  /**
   * Stops the current process's sandboxes of `pluginId` for `tenantId` (every version and limits): the host
   * calls it when a bank disables, uninstalls or upgrades the plugin, so old code stops at once here.
   */
  stopInstallation(tenantId: string, pluginId: string): number {
    const prefix = `${tenantId}\u0000${pluginId}@`;
    let stopped = 0;
    for (const [key, entry] of this.pool) {
      if (!key.startsWith(prefix)) continue;
      this.pool.delete(key);
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      entry.sandbox.stop();
      stopped += 1;
    }
    return stopped;
  }

  private async invoke(
    plugin: IsolatedPlugin,
    entry: CallEntry,
    method: string,
    args: JsonValue,
    callKind?: { point: string; method: string },
  ): Promise<PluginCallResult> {
    const context = requireContext();
    const tenant = context.tenant;
    if (!tenant)
      throw new Internal('A plugin call needs a tenant context (run it in a request or runAsTenant)');
    if (!methodPattern.test(method) || method.split('.').some((part) => reservedSegments.has(part))) {
      throw new Internal(`"${method}" is not a plugin method name`);
    }
    if (this.closed) throw new Internal('The plugin isolation service is shut down');
    const limits = callKind
      ? this.limitsFor(plugin, callKind.point, callKind.method)
      : { ...defaultIsolationLimits, ...plugin.limits };
    const startedAt = new Date();
    const started = performance.now();
    const result = await this.run(tenant.id, plugin, limits, entry, method, args);
    const report = reportOf(result, {
      tenantId: tenant.id,
      requestId: context.requestId,
      pluginId: plugin.id,
      pluginVersion: plugin.version,
      method: entry === 'connector' ? `data-connector.${method}` : method,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
    for (const sink of this.sinks) {
      try {
        await sink(report);
      } catch (error) {
        console.error(`plugin-isolation: a report sink failed for ${plugin.id}@${plugin.version}`, error);
      }
    }
    return { outcome: result.outcome, report };
  }

  /** Stops every sandbox process (platform shutdown, tests). */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.pool.values()];
    this.pool.clear();
    for (const entry of entries) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      entry.sandbox.stop();
    }
    await Promise.all(entries.map((entry) => entry.queue.catch(() => undefined)));
  }

  /** Process ids of the sandboxes running now (tests check their namespaces). */
  sandboxProcessIds(): number[] {
    return [...this.pool.values()].flatMap((entry) =>
      entry.sandbox.pid === undefined ? [] : [entry.sandbox.pid],
    );
  }

  /** Sandbox processes alive now (for health and tests). */
  get size(): number {
    return this.pool.size;
  }

  private async run(
    tenantId: string,
    plugin: IsolatedPlugin,
    limits: IsolationLimits,
    entry: CallEntry,
    method: string,
    args: JsonValue,
  ): Promise<RunResult> {
    const argsJson = JSON.stringify(args ?? null);
    // The arguments limit is on what the caller passes; an extension call's plugin context (tenant, region,
    // the bank's settings, checked against the manifest's schema) is the platform's and travels beside it.
    const callerArgs =
      entry === 'extension' ? JSON.stringify((args as { args?: JsonValue } | null)?.args ?? null) : argsJson;
    const oversized =
      overLimit('bundle', plugin.bundle, limits.maxBundleBytes) ??
      overLimit('arguments', callerArgs, limits.maxArgumentBytes);
    if (oversized) return refused(oversized);
    const key = sandboxKey(tenantId, plugin, limits);
    const pooled = this.entryFor(key, plugin, limits);
    if (!pooled) {
      return refused({
        kind: 'overloaded',
        detail: `all ${this.poolLimits.maxSandboxes} plugin sandboxes are busy`,
      });
    }
    if (pooled.queued >= this.poolLimits.maxQueuedCallsPerSandbox) {
      return refused({ kind: 'overloaded', detail: 'too many calls are waiting for this plugin' });
    }
    pooled.queued += 1;
    // The host's answers to the plugin's callbacks run in this caller's async context (its tenant).
    const handler = AsyncResource.bind((request: HostRequest) =>
      answerHostRequest(plugin, limits, request, this.connectTo),
    );
    const turn = pooled.queue.then(() => {
      // A call before this one stopped the process: this one gets a fresh sandbox.
      if (pooled.sandbox.started && !pooled.sandbox.alive)
        pooled.sandbox = new PluginSandbox(plugin.bundle, limits, this.network);
      return pooled.sandbox.call(method, argsJson, handler, entry);
    });
    pooled.queue = turn.catch(() => undefined);
    try {
      const result = await turn;
      const late = pooled.sandbox.lateViolations.splice(0);
      return { ...result, violations: [...result.violations, ...late] };
    } finally {
      pooled.queued -= 1;
      pooled.lastUsed = Date.now();
      if (!pooled.sandbox.alive && this.pool.get(key) === pooled) this.pool.delete(key);
      else this.scheduleIdleStop(key, pooled);
    }
  }

  private entryFor(key: string, plugin: IsolatedPlugin, limits: IsolationLimits): PoolEntry | null {
    const existing = this.pool.get(key);
    if (existing && (existing.sandbox.alive || existing.queued > 0 || !existing.sandbox.started)) {
      if (existing.idleTimer) clearTimeout(existing.idleTimer);
      existing.idleTimer = null;
      return existing;
    }
    if (existing) this.pool.delete(key);
    if (this.pool.size >= this.poolLimits.maxSandboxes && !this.evictIdle()) return null;
    const entry: PoolEntry = {
      sandbox: new PluginSandbox(plugin.bundle, limits, this.network),
      queue: Promise.resolve(),
      queued: 0,
      lastUsed: Date.now(),
      idleTimer: null,
    };
    this.pool.set(key, entry);
    return entry;
  }

  /** Stops the least recently used idle sandbox to make room; false when every sandbox is busy. */
  private evictIdle(): boolean {
    let oldest: [string, PoolEntry] | null = null;
    for (const item of this.pool) {
      if (item[1].queued === 0 && (!oldest || item[1].lastUsed < oldest[1].lastUsed)) oldest = item;
    }
    if (!oldest) return false;
    this.pool.delete(oldest[0]);
    if (oldest[1].idleTimer) clearTimeout(oldest[1].idleTimer);
    oldest[1].sandbox.stop();
    return true;
  }

  private scheduleIdleStop(key: string, entry: PoolEntry): void {
    if (entry.queued > 0) return;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      if (entry.queued > 0 || this.pool.get(key) !== entry) return;
      this.pool.delete(key);
      entry.sandbox.stop();
    }, this.poolLimits.idleMs);
    entry.idleTimer.unref();
  }
}

/** Maps a report to the tenant's audit trail: refusals are `denied`, every other failure `failed`. */
export function auditEventOf(report: PluginRunReport): AuditEvent {
  const violation =
    report.outcome === 'denied' || report.outcome === 'too-large' || report.outcome === 'quota';
  return {
    action: 'plugin.call',
    resourceType: 'plugin',
    resourceId: `${report.pluginId}@${report.pluginVersion}`,
    changes: {
      method: report.method,
      outcome: report.outcome,
      detail: report.detail,
      violations: report.violations,
      durationMs: report.durationMs,
      cpuMs: report.cpuMs,
      hostCalls: report.hostCalls,
      sandboxStopped: report.sandboxStopped,
    },
    outcome: report.outcome === 'ok' ? 'allowed' : violation ? 'denied' : 'failed',
  };
}

/** Only calls that did not end `ok` are audited (an `ok` call is an ordinary read, reported for metrics). */
export function needsAudit(report: PluginRunReport): boolean {
  return report.outcome !== 'ok' || report.violations.length > 0;
}

interface RunResult {
  outcome: PluginCallOutcome;
  stats: { cpuMs: number; hostCalls: number; logs: string[]; logsDropped: number };
  violations: ChildFailure[];
  stopped: boolean;
}

function refused(outcome: ChildFailure): RunResult {
  return {
    outcome,
    stats: { cpuMs: 0, hostCalls: 0, logs: [], logsDropped: 0 },
    violations: [],
    stopped: false,
  };
}

function overLimit(what: 'bundle' | 'arguments', text: string, limitBytes: number): ChildFailure | null {
  const bytes = Buffer.byteLength(text);
  return bytes > limitBytes ? { kind: 'too-large', what, bytes, limitBytes } : null;
}

function sandboxKey(tenantId: string, plugin: IsolatedPlugin, limits: IsolationLimits): string {
  // The limits are part of the key: changed limits take effect with a fresh sandbox.
  const limitsHash = createHash('sha256').update(JSON.stringify(limits)).digest('hex').slice(0, 16);
  return `${tenantId}\u0000${plugin.id}@${plugin.version}\u0000${limitsHash}`;
}

function envelopeOf(value: JsonValue): string {
  return JSON.stringify({ ok: true, value } satisfies HostEnvelope);
}

function refusalEnvelope(message: string): string {
  return JSON.stringify({ ok: false, error: { name: 'PluginDenied', message } } satisfies HostEnvelope);
}

async function answerHostRequest(
  plugin: IsolatedPlugin,
  limits: IsolationLimits,
  request: HostRequest,
  connectTo: Readonly<Record<string, string>> | undefined,
): Promise<{ envelope: string; violation?: ChildFailure }> {
  let args: JsonValue;
  try {
    args = JSON.parse(request.args) as JsonValue;
  } catch {
    return { envelope: refusalEnvelope('the arguments are not JSON') };
  }
  if (request.kind === 'fetch') {
    try {
      const checked = checkFetchRequest(args, plugin.allowedHosts);
      const response = await fetchForPlugin(checked, {
        maxBytes: limits.maxHostResponseBytes,
        timeoutMs: limits.wallMsPerCall,
        connectTo,
      });
      const envelope = envelopeOf(response);
      if (Buffer.byteLength(envelope) > limits.maxHostResponseBytes) {
        throw new RangeError(`the response is over ${limits.maxHostResponseBytes} bytes`);
      }
      return { envelope };
    } catch (error) {
      if (error instanceof FetchRefused) {
        return {
          envelope: refusalEnvelope(error.message),
          violation: { kind: 'denied', capability: 'fetch', target: error.target },
        };
      }
      // Network failures are the plugin's to handle, without the host's internals.
      const message = error instanceof RangeError ? error.message : 'the request failed';
      return { envelope: JSON.stringify({ ok: false, error: { name: 'FetchError', message } }) };
    }
  }
  const name = request.name;
  if (!Object.hasOwn(plugin.hostFunctions, name)) {
    return {
      envelope: refusalEnvelope(
        `the plugin's permissions do not grant the host function ${name.slice(0, 100)}`,
      ),
      violation: { kind: 'denied', capability: 'host-function', target: name.slice(0, 100) },
    };
  }
  try {
    const value = await plugin.hostFunctions[name]!(args);
    const envelope = envelopeOf(value ?? null);
    if (Buffer.byteLength(envelope) > limits.maxHostResponseBytes) {
      return {
        envelope: refusalEnvelope(`the answer of ${name} is over ${limits.maxHostResponseBytes} bytes`),
      };
    }
    return { envelope };
  } catch (error) {
    if (error instanceof PluginDenied) {
      return {
        envelope: refusalEnvelope(error.message),
        violation: {
          kind: 'denied',
          capability: 'host-refused',
          target: `${name}: ${error.message}`.slice(0, 300),
        },
      };
    }
    console.error(`plugin-isolation: host function ${name} failed for ${plugin.id}@${plugin.version}`, error);
    return {
      envelope: JSON.stringify({ ok: false, error: { name: 'HostError', message: `${name} failed` } }),
    };
  }
}

function reportOf(
  result: RunResult,
  fields: Pick<
    PluginRunReport,
    'tenantId' | 'requestId' | 'pluginId' | 'pluginVersion' | 'method' | 'startedAt' | 'durationMs'
  >,
): PluginRunReport {
  const { outcome } = result;
  const detail: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(outcome))
    if (key !== 'kind' && key !== 'value') detail[key] = value;
  return {
    ...fields,
    outcome: outcome.kind,
    detail,
    violations: result.violations.map((violation) => ({ ...violation }) as { [key: string]: JsonValue }),
    cpuMs: Math.round(result.stats.cpuMs * 100) / 100,
    hostCalls: result.stats.hostCalls,
    logs: result.stats.logs,
    logsDropped: result.stats.logsDropped,
    sandboxStopped: result.stopped,
  };
}
