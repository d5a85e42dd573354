import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type IsolationLimits, sandboxProcessHeapMb } from './limits';
import type { PluginCallOutcome } from './outcome';
import type { CallEntry, CallStats, ChildFailure, ChildToHost, HostToChild } from './protocol';

/** A host callback as the sandbox received it; answered with JSON envelope text for the plugin. */
export interface HostRequest {
  kind: 'fetch' | 'call';
  name: string;
  /** The plugin's arguments as JSON text, at most `maxHostCallBytes`. */
  args: string;
}

/** What one call produced, before the isolation service turns it into a report. */
export interface SandboxCallResult {
  outcome: PluginCallOutcome;
  stats: CallStats;
  /** Violations the host recorded while answering callbacks (the first one decides the outcome). */
  violations: ChildFailure[];
  /** The sandbox process was stopped (limit exceeded, crash): the next call starts a fresh one. */
  stopped: boolean;
}

/** Handles one host callback; a returned violation fails the call (the plugin gets a refusal). */
export type HostRequestHandler = (
  request: HostRequest,
) => Promise<{ envelope: string; violation?: ChildFailure }>;

// Extra time the host waits past the sandbox's own wall-clock limit before killing the process: the
// sandbox stops an overrunning isolate itself; this covers a sandbox that cannot (a wedged process).
const hardKillGraceMs = 1_500;
// Starting Node and loading the addon comes before the sandbox's own load timer starts (~0.2-1.5 s here).
const startupAllowanceMs = 15_000;
const rssPollMs = 25;
const stderrKeptChars = 4_000;

const childEntry = ((): string => {
  // From the sources (tests run them with Node's type stripping) or from the compiled `dist`.
  const compiled = join(__dirname, 'sandbox-child.js');
  return existsSync(compiled) ? compiled : join(__dirname, 'sandbox-child.ts');
})();

let addonPath: string | undefined;

/** The isolated-vm native addon, loaded directly by the sandbox so it may read nothing else. */
function isolatedVmAddon(): string {
  if (addonPath) return addonPath;
  const localRequire = createRequire(__filename);
  const packageDir = dirname(localRequire.resolve('isolated-vm/package.json'));
  const nodeGypBuild = createRequire(join(packageDir, 'package.json'))('node-gyp-build') as {
    path: (dir: string) => string;
  };
  addonPath = realpathSync(nodeGypBuild.path(packageDir));
  return addonPath;
}

/**
 * Where the sandbox's network comes from: `host` shares the platform's (the deployment must confine it),
 * `none` gives the process a network namespace of its own with no interface up (`unshare --net`, as root
 * directly, otherwise inside a user namespace that maps the caller to root there: `--map-root-user`), so
 * even an escape from the isolate can open no socket to anything.
 */
export type SandboxNetwork = 'host' | 'none';

function launcher(network: SandboxNetwork): [string, string[]] {
  if (network === 'host') return [process.execPath, []];
  const userNamespace = process.getuid?.() === 0 ? [] : ['--map-root-user'];
  return ['unshare', ['--net', ...userNamespace, '--', process.execPath]];
}

/** Throws unless sandboxes can be started without a network here (for a start-up check). */
export function checkSandboxNetwork(network: SandboxNetwork): void {
  if (network === 'host') return;
  const [command, prefix] = launcher(network);
  const result = spawnSync(command, [...prefix, '-e', '0'], { stdio: 'ignore', timeout: 10_000 });
  if (result.status !== 0) {
    throw new Error(
      `PLUGIN_SANDBOX_NETWORK=none needs "unshare --net" (util-linux) and the right to create a network namespace ` +
        `(root, or unprivileged user namespaces); it failed here (${result.error?.message ?? `exit ${result.status}`}).`,
    );
  }
}

function residentMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface PendingCall {
  resolve: (result: SandboxCallResult) => void;
  handler: HostRequestHandler;
  violations: ChildFailure[];
}

/**
 * One sandbox process holding one plugin bundle (one tenant's installation of one plugin version).
 * Calls are run one at a time (the caller queues); a call that exceeds a limit stops the process.
 */
export class PluginSandbox {
  private child: ChildProcess | null = null;
  private loading: Promise<ChildFailure | null> | null = null;
  private nextId = 1;
  private pending = new Map<number, PendingCall>();
  private killedFor: ChildFailure | null = null;
  private stderr = '';
  private rssTimer: NodeJS.Timeout | null = null;
  private hardKill: NodeJS.Timeout | null = null;
  private onLoaded: ((failure: ChildFailure | null) => void) | null = null;
  /** Violations reported outside any call (a kept `ctx` used later); read by the isolation service. */
  readonly lateViolations: ChildFailure[] = [];

  constructor(
    private readonly bundle: string,
    private readonly limits: IsolationLimits,
    private readonly network: SandboxNetwork = 'host',
  ) {}

  /** The sandbox process's id while it runs (tests check its namespaces). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The process runs and has not reported a stop (it exits right after reporting one). */
  get alive(): boolean {
    return this.child !== null && this.killedFor === null;
  }

  /** The process was started (it may have stopped since). */
  get started(): boolean {
    return this.loading !== null;
  }

  /** Starts the process and evaluates the bundle (once); a failure stops the sandbox. */
  load(): Promise<ChildFailure | null> {
    this.loading ??= this.start();
    return this.loading;
  }

  async call(
    method: string,
    args: string,
    handler: HostRequestHandler,
    entry: CallEntry = 'method',
  ): Promise<SandboxCallResult> {
    const loadFailure = await this.load();
    if (loadFailure) return { outcome: loadFailure, stats: emptyStats(), violations: [], stopped: true };
    const child = this.child;
    if (!child || this.killedFor) {
      const outcome: ChildFailure = { kind: 'crashed', phase: 'call', detail: 'the sandbox process is gone' };
      return { outcome, stats: emptyStats(), violations: [], stopped: true };
    }
    const id = this.nextId++;
    return new Promise<SandboxCallResult>((resolve) => {
      this.pending.set(id, { resolve, handler, violations: [] });
      this.armHardKill({
        kind: 'timeout',
        phase: 'call',
        limit: 'wall-clock',
        limitMs: this.limits.wallMsPerCall,
      });
      this.post({ t: 'call', id, entry, method, args });
    });
  }

  /** Stops the process; pending calls end as `crashed` unless a limit was the reason. */
  stop(reason?: ChildFailure): void {
    if (!this.child) return;
    this.killedFor ??= reason ?? null;
    this.child.kill('SIGKILL');
  }

  private start(): Promise<ChildFailure | null> {
    const addon = isolatedVmAddon();
    const [command, prefix] = launcher(this.network);
    const child = spawn(
      command,
      [
        ...prefix,
        // isolated-vm needs it on Node 20+ (its README); the permission flags confine the process itself.
        '--no-node-snapshot',
        '--permission',
        '--allow-addons',
        `--allow-fs-read=${childEntry}`,
        `--allow-fs-read=${addon}`,
        '--disable-warning=SecurityWarning',
        '--disable-warning=ExperimentalWarning',
        `--max-old-space-size=${sandboxProcessHeapMb(this.limits)}`,
        childEntry,
      ],
      // No inherited environment: the platform's secrets (database URL, keys) never reach the sandbox.
      { env: { FP_IVM_ADDON: addon }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' },
    );
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-stderrKeptChars);
    });
    child.on('message', (message: ChildToHost) => this.onMessage(message));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    child.on('error', (error) => {
      this.stderr = (this.stderr + String(error)).slice(-stderrKeptChars);
    });
    this.rssTimer = setInterval(() => {
      const rss = child.pid === undefined ? null : residentMb(child.pid);
      if (rss !== null && rss > this.limits.processRssMb) {
        const phase = this.onLoaded ? 'load' : 'call';
        this.stop({ kind: 'memory', phase, limit: 'process', limitMb: this.limits.processRssMb });
      }
    }, rssPollMs);
    this.rssTimer.unref();
    return new Promise<ChildFailure | null>((resolve) => {
      this.onLoaded = resolve;
      this.armHardKill(
        { kind: 'timeout', phase: 'load', limit: 'wall-clock', limitMs: this.limits.loadMs },
        startupAllowanceMs,
      );
      this.post({ t: 'load', bundle: this.bundle, limits: this.limits });
    });
  }

  private armHardKill(reason: ChildFailure & { kind: 'timeout' }, allowanceMs = 0): void {
    if (this.hardKill) clearTimeout(this.hardKill);
    this.hardKill = setTimeout(() => this.stop(reason), reason.limitMs + hardKillGraceMs + allowanceMs);
  }

  private disarmHardKill(): void {
    if (this.hardKill) clearTimeout(this.hardKill);
    this.hardKill = null;
  }

  private post(message: HostToChild): void {
    this.child?.send(message, (error) => {
      if (error)
        this.stop({ kind: 'crashed', phase: 'call', detail: 'the sandbox process stopped taking messages' });
    });
  }

  private onMessage(message: ChildToHost): void {
    switch (message.t) {
      case 'loaded':
        this.disarmHardKill();
        this.settleLoad(null);
        return;
      case 'load-failed':
        this.killedFor ??= message.outcome;
        this.settleLoad(message.outcome);
        return;
      case 'done':
      case 'failed': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        this.disarmHardKill();
        if (message.t === 'done') {
          const outcome = pending.violations[0] ?? parseValue(message.json);
          pending.resolve({ outcome, stats: message.stats, violations: pending.violations, stopped: false });
        } else {
          // Exceeding a limit beats a violation seen earlier in the same call: both are in the report.
          const outcome = message.stopping ? message.outcome : (pending.violations[0] ?? message.outcome);
          if (message.stopping) this.killedFor ??= message.outcome;
          pending.resolve({
            outcome,
            stats: message.stats,
            violations: pending.violations,
            stopped: message.stopping,
          });
        }
        return;
      }
      case 'host':
        void this.answerHost(message);
        return;
      case 'violation':
        this.lateViolations.push(message.outcome);
        return;
    }
  }

  private async answerHost(message: Extract<ChildToHost, { t: 'host' }>): Promise<void> {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    const answer: Awaited<ReturnType<HostRequestHandler>> = await pending
      .handler({ kind: message.kind, name: message.name, args: message.args })
      .catch(() => ({
        envelope: JSON.stringify({ ok: false, error: { name: 'HostError', message: 'the host failed' } }),
      }));
    if (answer.violation) pending.violations.push(answer.violation);
    if (this.pending.has(message.id))
      this.post({ t: 'host-reply', seq: message.seq, envelope: answer.envelope });
  }

  private settleLoad(failure: ChildFailure | null): void {
    const resolve = this.onLoaded;
    this.onLoaded = null;
    resolve?.(failure);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = null;
    this.disarmHardKill();
    if (this.rssTimer) clearInterval(this.rssTimer);
    const detail = `the sandbox process exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim().slice(-300)}` : ''}`;
    const loadPhase = this.onLoaded !== null;
    const reason = this.killedFor ?? { kind: 'crashed', phase: loadPhase ? 'load' : 'call', detail };
    this.settleLoad(reason);
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.resolve({
        outcome: reason,
        stats: emptyStats(),
        violations: pending.violations,
        stopped: true,
      });
    }
  }
}

function parseValue(json: string): PluginCallOutcome {
  try {
    return { kind: 'ok', value: JSON.parse(json) };
  } catch {
    return { kind: 'invalid-result', reason: 'the result is not valid JSON text' };
  }
}

function emptyStats(): CallStats {
  return { cpuMs: 0, hostCalls: 0, logs: [], logsDropped: 0 };
}
