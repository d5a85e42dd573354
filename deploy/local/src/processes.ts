// Child processes of the local stack: started in their own process group with logs in files,
// waited for until ready, and stopped together (SIGTERM, then SIGKILL) so nothing is left running.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';

export function log(message: string): void {
  process.stderr.write(`\x1b[1;34m[finpersona]\x1b[0m ${message}\n`);
}

export class StackError extends Error {
  override name = 'StackError';
}

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
  /** Resolves when the process exits (with its code), for crash detection. */
  exited: Promise<number | null>;
}

const running = new Set<ManagedProcess>();

export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this user (e.g. PostgreSQL, which refuses to run as root). */
  user?: { uid: number; gid: number };
  /** How to ask it to stop; SIGKILL follows after 10 s. */
  stopSignal?: NodeJS.Signals;
}): ManagedProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const out = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true, // own process group: we can stop the whole tree
    ...(options.user ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<number | null>((resolvePromise) => {
    child.on('exit', (code) => resolvePromise(code));
    child.on('error', (error) => {
      out.write(`spawn failed: ${error.message}\n`);
      resolvePromise(-1);
    });
  });
  const managed: ManagedProcess = {
    name: options.name,
    child,
    logFile: options.logFile,
    exited,
    async stop() {
      running.delete(managed);
      if (child.exitCode !== null || child.pid === undefined) return;
      signalGroup(child.pid, options.stopSignal ?? 'SIGTERM');
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), 10_000)),
      ]);
      if (timedOut) signalGroup(child.pid, 'SIGKILL');
      await exited;
    },
  };
  running.add(managed);
  return managed;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Stops every process started here, newest first. */
export async function stopAll(): Promise<void> {
  for (const managed of [...running].reverse()) await managed.stop();
}

/** Last resort on abrupt exit: signal every group synchronously. */
process.on('exit', () => {
  for (const managed of running) if (managed.child.pid) signalGroup(managed.child.pid, 'SIGKILL');
});

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; process?: ManagedProcess },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let crashed = false;
  options.process?.exited.then(() => (crashed = true));
  while (Date.now() < deadline) {
    if (crashed) {
      throw new StackError(`${what} exited during start-up; see ${options.process?.logFile}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new StackError(
    `${what} was not ready after ${Math.round(options.timeoutMs / 1000)} s` +
      (options.process ? `; see ${options.process.logFile}` : ''),
  );
}

export function httpOk(url: string): () => Promise<boolean> {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  };
}

export function tcpOpen(port: number, host = '127.0.0.1'): () => Promise<boolean> {
  return () =>
    new Promise((resolvePromise) => {
      const socket = createConnection({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolvePromise(true);
      });
      socket.once('error', () => resolvePromise(false));
    });
}

/** Fails with a clear message when a port is already taken (e.g. a stack already running). */
export async function assertPortFree(port: number, what: string): Promise<void> {
  if (await tcpOpen(port)()) {
    throw new StackError(
      `Port ${port} (${what}) is already in use. Stop whatever is using it, or the other stack.`,
    );
  }
}
