import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { JsonValue } from '../../audit';
import type { IsolationLimits } from '../limits';
import type { PluginCallOutcome } from '../outcome';

/** The limits every corpus case runs under (tighter than the defaults, so the suite stays quick). */
export const corpusLimits: Partial<IsolationLimits> = {
  cpuMsPerCall: 400,
  wallMsPerCall: 1_500,
  loadMs: 1_000,
  heapMb: 16,
  processRssMb: 256,
};

/** What a case's arguments may refer to: the test's declared host, the other tenant's id. */
export interface CorpusWorld {
  declaredUrl: string;
  otherTenantId: string;
}

export interface HostileCase {
  /** The fixture `hostile/<name>.js`. */
  name: string;
  method?: string;
  args?: (world: CorpusWorld) => JsonValue;
  /** Calls made first, in the same sandbox (e.g. to keep a ctx for later). */
  before?: { method: string; args?: JsonValue }[];
  /** Bundle override (the oversized-bundle case builds its own). */
  bundle?: () => string;
  /** Limits over `corpusLimits` (memory cases get CPU time enough for memory to be what stops them). */
  limits?: Partial<IsolationLimits>;
  /** The host's arguments override (the oversized-arguments case). */
  hostArgs?: () => JsonValue;
  expected: PluginCallOutcome;
  /** What the README's table says about the case (kept in sync by the test). */
  contained: string;
}

const threw = (name: string, message: string, phase: 'load' | 'call' = 'call'): PluginCallOutcome => ({
  kind: 'threw',
  phase,
  error: { name, message },
});
const cpu = { kind: 'timeout', phase: 'call', limit: 'cpu', limitMs: 400 } as const;
const wall = { kind: 'timeout', phase: 'call', limit: 'wall-clock', limitMs: 1_500 } as const;
const heap = { kind: 'memory', phase: 'call', limit: 'heap', limitMb: 16 } as const;
// Near its heap limit V8 collects garbage again and again: with the corpus's 400 ms of CPU the CPU limit
// would stop a memory bomb first. These cases get more CPU so that the memory limits are what is tested.
const memoryCaseLimits = { cpuMsPerCall: 10_000, wallMsPerCall: 15_000 };

/** The hostile-plugin corpus: one fixture per case, each with the exact outcome the host must report. */
export const hostileCorpus: HostileCase[] = [
  { name: 'sync-infinite-loop', expected: cpu, contained: 'CPU limit, process stopped' },
  { name: 'never-resolving-promise', expected: wall, contained: 'wall-clock limit, process stopped' },
  { name: 'async-infinite-loop', expected: cpu, contained: 'CPU limit, process stopped' },
  { name: 'microtask-flood', expected: cpu, contained: 'CPU limit (the chain runs before the call can end)' },
  {
    name: 'memory-array-growth',
    limits: memoryCaseLimits,
    expected: heap,
    contained: 'isolate heap limit, process stopped',
  },
  {
    name: 'memory-string-doubling',
    limits: memoryCaseLimits,
    expected: heap,
    contained: 'isolate heap limit, process stopped',
  },
  {
    name: 'memory-arraybuffer',
    limits: memoryCaseLimits,
    expected: heap,
    contained: 'allocation refused by the heap limit',
  },
  {
    name: 'wasm-memory-bomb',
    limits: memoryCaseLimits,
    expected: { kind: 'memory', phase: 'call', limit: 'process', limitMb: 256 },
    contained: 'process memory watchdog (V8 does not count Wasm memory), process killed',
  },
  {
    name: 'deep-recursion',
    expected: threw('RangeError', 'Maximum call stack size exceeded'),
    contained: "V8's stack limit inside the isolate",
  },
  {
    name: 'fork-child-process',
    expected: threw('ReferenceError', 'require is not defined'),
    contained: 'no require in the isolate',
  },
  {
    name: 'fork-worker-threads',
    expected: threw('ReferenceError', 'Worker is not defined'),
    contained: 'no Worker in the isolate',
  },
  {
    name: 'dynamic-import-fs',
    expected: threw('Error', 'Not supported'),
    contained: 'import() is not supported in the isolate',
  },
  {
    name: 'read-etc-passwd',
    expected: threw('ReferenceError', 'require is not defined'),
    contained: 'no file system in the isolate',
  },
  {
    name: 'write-file',
    expected: threw('ReferenceError', 'require is not defined'),
    contained: 'no file system',
  },
  {
    name: 'process-exit',
    expected: threw('ReferenceError', 'process is not defined'),
    contained: 'no process',
  },
  {
    name: 'process-kill-parent',
    expected: threw('ReferenceError', 'process is not defined'),
    contained: 'no process',
  },
  {
    name: 'constructor-escape',
    expected: threw('ReferenceError', 'process is not defined'),
    contained: "the constructor chain ends at the isolate's own Function",
  },
  {
    name: 'node-globals-probe',
    expected: { kind: 'ok', value: { found: [] } },
    contained: 'none of Node’s ambient capabilities exist',
  },
  {
    name: 'global-fetch',
    expected: threw('ReferenceError', 'fetch is not defined'),
    contained: 'no global fetch',
  },
  {
    name: 'net-socket',
    expected: threw('ReferenceError', 'require is not defined'),
    contained: 'no sockets',
  },
  { name: 'dns-lookup', expected: threw('ReferenceError', 'require is not defined'), contained: 'no DNS' },
  {
    name: 'ctx-fetch-undeclared-host',
    expected: { kind: 'denied', capability: 'fetch', target: 'exfiltrate.example' },
    contained: 'host refuses the undeclared host',
  },
  {
    name: 'ctx-fetch-denied-and-caught',
    expected: { kind: 'denied', capability: 'fetch', target: 'exfiltrate.example' },
    contained: 'the refusal fails the call even when caught',
  },
  {
    name: 'ctx-fetch-file-scheme',
    expected: { kind: 'denied', capability: 'fetch', target: 'file:' },
    contained: 'http(s) only',
  },
  {
    name: 'ctx-fetch-declared-host',
    args: (world) => ({ url: world.declaredUrl }),
    expected: { kind: 'ok', value: { status: 200, rates: { EUR: 1, GBP: 0.86 } } },
    contained: 'allowed: the host performs the request',
  },
  {
    name: 'ctx-fetch-redirect-escape',
    args: (world) => ({ url: world.declaredUrl }),
    expected: { kind: 'denied', capability: 'fetch', target: 'exfiltrate.example' },
    contained: 'redirects are not followed; the follow-up is refused',
  },
  {
    name: 'ctx-fetch-authorization-header',
    args: (world) => ({ url: world.declaredUrl }),
    expected: { kind: 'denied', capability: 'fetch', target: 'Authorization' },
    contained: 'credential headers are refused',
  },
  {
    name: 'other-tenant-data',
    args: (world) => ({ otherTenantId: world.otherTenantId }),
    expected: {
      kind: 'denied',
      capability: 'host-refused',
      target: "listCustomers: a plugin sees only its own tenant's data",
    },
    contained: 'host functions run as the calling tenant and refuse another',
  },
  {
    name: 'ungranted-host-function',
    expected: { kind: 'denied', capability: 'host-function', target: 'rawSql' },
    contained: 'only granted host functions',
  },
  {
    name: 'prototype-pollution',
    expected: { kind: 'ok', value: { constructor: { prototype: { polluted: 'yes' } } } },
    contained: "its own realm only; the host's prototypes and JSON are untouched",
  },
  {
    name: 'proto-key-result',
    expected: { kind: 'ok', value: JSON.parse('{"__proto__":{"polluted":"yes"}}') as JsonValue },
    contained: 'an own "__proto__" key stays data in the host',
  },
  {
    name: 'globalthis-tampering',
    expected: { kind: 'ok', value: { tampered: true } },
    contained: 'the bridge uses built-ins captured before the plugin loads',
  },
  {
    name: 'oversized-result',
    expected: { kind: 'too-large', what: 'result', bytes: 2 * 1024 * 1024 + 2, limitBytes: 1024 * 1024 },
    contained: 'result size limit',
  },
  {
    name: 'oversized-host-call-arguments',
    expected: { kind: 'too-large', what: 'host-call', bytes: 100 * 1024 + 11, limitBytes: 64 * 1024 },
    contained: 'host-call message size limit',
  },
  {
    name: 'host-call-flood',
    expected: { kind: 'quota', what: 'host-calls', limit: 50 },
    contained: 'host calls per call limit',
  },
  {
    name: 'oversized-arguments',
    bundle: () => 'module.exports = { run: (args) => args.length };',
    hostArgs: () => 'x'.repeat(300 * 1024),
    expected: { kind: 'too-large', what: 'arguments', bytes: 300 * 1024 + 2, limitBytes: 256 * 1024 },
    contained: 'refused before it reaches the sandbox',
  },
  {
    name: 'oversized-bundle',
    bundle: () => `module.exports = { run: () => 1 };\n//${'x'.repeat(5 * 1024 * 1024)}`,
    expected: { kind: 'too-large', what: 'bundle', bytes: 5 * 1024 * 1024 + 37, limitBytes: 5 * 1024 * 1024 },
    contained: 'bundle size limit, never started',
  },
  {
    name: 'throw-string',
    expected: threw('NonError', 'thrown string: boom'),
    contained: 'described as text',
  },
  { name: 'throw-number', expected: threw('NonError', 'thrown number: 42'), contained: 'described as text' },
  { name: 'throw-null', expected: threw('NonError', 'thrown null: null'), contained: 'described as text' },
  {
    name: 'throw-undefined',
    expected: threw('NonError', 'thrown undefined: undefined'),
    contained: 'described as text',
  },
  {
    name: 'throw-proxy',
    expected: threw('NonError', 'an unreadable thrown value'),
    contained: 'read inside the isolate; traps cannot reach the host',
  },
  {
    name: 'throw-throwing-getters',
    expected: threw('NonError', 'an unreadable thrown value'),
    contained: 'read inside the isolate',
  },
  { name: 'throw-looping-getter', expected: cpu, contained: 'CPU limit while the isolate reads the error' },
  {
    name: 'thenable-that-throws',
    expected: threw('TypeError', 'gotcha'),
    contained: 'awaited inside the isolate',
  },
  { name: 'thenable-never-settles', expected: wall, contained: 'wall-clock limit' },
  {
    name: 'slow-start-loop',
    expected: { kind: 'timeout', phase: 'load', limit: 'wall-clock', limitMs: 1_000 },
    contained: 'load time limit, never serves',
  },
  {
    name: 'slow-start-await',
    expected: { kind: 'timeout', phase: 'load', limit: 'wall-clock', limitMs: 1_000 },
    contained: 'load time limit',
  },
  {
    name: 'require-at-load',
    expected: threw('ReferenceError', 'require is not defined', 'load'),
    contained: 'no require at load either',
  },
  {
    name: 'bundle-not-an-object',
    expected: threw(
      'TypeError',
      'the bundle must set module.exports to the plugin definition object',
      'load',
    ),
    contained: 'bundle format checked at load',
  },
  {
    name: 'bundle-syntax-error',
    expected: threw('SyntaxError', "Unexpected token ';' [plugin:///bundle.js:3:39]", 'load'),
    contained: 'refused at load',
  },
  {
    name: 'timers-flood',
    expected: threw('ReferenceError', 'setTimeout is not defined'),
    contained: 'no timers in the isolate',
  },
  {
    name: 'return-symbol',
    expected: { kind: 'invalid-result', reason: 'a symbol is not JSON' },
    contained: 'strict JSON check',
  },
  {
    name: 'return-proxy',
    expected: { kind: 'invalid-result', reason: 'no keys for you' },
    contained: 'serialised inside the isolate',
  },
  { name: 'return-proxy-looping-getter', expected: cpu, contained: 'CPU limit while serialising' },
  {
    name: 'return-function',
    expected: { kind: 'invalid-result', reason: 'a function is not JSON' },
    contained: 'strict JSON check',
  },
  {
    name: 'return-nested-function',
    expected: { kind: 'invalid-result', reason: 'a function is not JSON' },
    contained: 'no silently dropped members',
  },
  {
    name: 'return-cyclic',
    expected: {
      kind: 'invalid-result',
      reason:
        "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'self' closes the circle",
    },
    contained: 'strict JSON check',
  },
  {
    name: 'return-bigint',
    expected: { kind: 'invalid-result', reason: 'a bigint is not JSON' },
    contained: 'strict JSON check',
  },
  {
    name: 'eval-and-function',
    expected: {
      kind: 'ok',
      value: { viaEval: 21, viaFunction: 21, process: 'undefined', require: 'undefined' },
    },
    contained: 'allowed, and only reach the isolate',
  },
  {
    name: 'atomics-wait-hang',
    expected: cpu,
    contained: 'isolated-vm counts the blocked wait as isolate time: the CPU limit interrupts it',
  },
  {
    name: 'stdout-flood',
    expected: { kind: 'ok', value: 'flooded' },
    contained: 'console is a no-op; ctx.log capped at 100 lines',
  },
  {
    name: 'stale-context',
    before: [{ method: 'keep' }],
    method: 'useKept',
    expected: { kind: 'denied', capability: 'expired-context', target: 'call 1' },
    contained: 'a ctx works only during its own call',
  },
  {
    name: 'ctx-tampering',
    expected: {
      kind: 'ok',
      value: { assign: 'TypeError', frozen: true, source: 'bridge hidden', hostRef: 'undefined' },
    },
    contained: 'ctx is frozen, the bridge is out of reach',
  },
  {
    name: 'unknown-method',
    bundle: () => 'module.exports = { run: () => 1 };',
    method: 'toString',
    expected: { kind: 'unknown-method', method: 'toString' },
    contained: 'only own members of the definition are callable',
  },
];

export function fixtureBundle(name: string): string {
  return readFileSync(join(__dirname, `${name}.js`), 'utf8');
}

/**
 * The declared host of the corpus's `ctx.fetch` cases, on 127.0.0.1: `/rates` answers JSON, `/redirect`
 * bounces to an undeclared host. `address` is its `host:port`.
 */
export async function startCorpusHost(): Promise<{ address: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.url === '/rates') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ EUR: 1, GBP: 0.86 }));
    } else if (request.url === '/redirect') {
      response.statusCode = 302;
      response.setHeader('location', 'http://exfiltrate.example/landing');
      response.end();
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
