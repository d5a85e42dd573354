/**
 * The sandbox process: started by `PluginSandbox` (one per tenant installation of a plugin), it holds one
 * isolated-vm isolate with the plugin's bundle and runs calls in it. Plugin code never runs in this
 * process's own V8 isolate: it has no `require`, `process`, timers, file system or network, only the
 * JavaScript built-ins and the `ctx` the host gives each call. This process is itself started with
 * Node's permission model (no file writes, reads of this file and the isolated-vm addon only, no child
 * processes, no workers) and an empty environment, so an escape from the isolate still lands in a
 * process that can do little.
 *
 * Run directly by Node (type stripping) from the source tree, and compiled to JavaScript in `dist`: it
 * therefore uses only erasable TypeScript and `require`, and imports nothing of the platform at runtime.
 */
import type IsolatedVM from 'isolated-vm';
import type { CallEntry, CallStats, ChildFailure, ChildToHost, HostToChild } from './protocol';
import type { IsolationLimits } from './limits';

// The isolate-side half of the interface. Captured built-ins keep it working even after the plugin
// replaces JSON or prototypes in its own realm (which can only change what the plugin itself returns:
// every value leaves as text and is checked outside).
const isolateBootstrap = `
const hostRef = $0;
const logRef = $1;
const parse = JSON.parse;
const stringify = JSON.stringify;
const ErrorCtor = Error;
const TypeErrorCtor = TypeError;
const StringCtor = String;
const isFiniteNumber = Number.isFinite;
const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
const freeze = Object.freeze;
const ArrayIsArray = Array.isArray;
const ObjectKeys = Object.keys;
const DateCtor = Date;
const PromiseCtor = Promise;
let pluginExports = null;

function describe(thrown) {
  try {
    if (thrown !== null && (typeof thrown === 'object' || typeof thrown === 'function')) {
      const name = thrown.name;
      const message = thrown.message;
      const described = {
        name: typeof name === 'string' ? name.slice(0, 200) : 'NonError',
        message: typeof message === 'string' ? message.slice(0, 2000) : 'a thrown object without a message',
      };
      // The SDK's typed errors carry what the host acts on: a ConnectorError's code, a settings error's fields.
      const code = thrown.code;
      if (typeof code === 'string') described.code = code.slice(0, 100);
      const retryAfterMs = thrown.retryAfterMs;
      if (typeof retryAfterMs === 'number' && isFiniteNumber(retryAfterMs)) described.retryAfterMs = retryAfterMs;
      const problems = thrown.problems;
      if (ArrayIsArray(problems)) {
        const kept = [];
        for (let i = 0; i < problems.length && i < 50; i++) {
          const problem = problems[i];
          if (problem !== null && typeof problem === 'object') {
            kept.push({ field: StringCtor(problem.field).slice(0, 200), problem: StringCtor(problem.problem).slice(0, 500) });
          }
        }
        described.problems = kept;
      }
      return described;
    }
    const type = thrown === null ? 'null' : typeof thrown;
    return { name: 'NonError', message: ('thrown ' + type + ': ' + StringCtor(thrown)).slice(0, 2000) };
  } catch (_) {
    return { name: 'NonError', message: 'an unreadable thrown value' };
  }
}

function strictJson(key, value) {
  const type = typeof value;
  if (type === 'function' || type === 'symbol' || type === 'bigint') throw new TypeErrorCtor('a ' + type + ' is not JSON');
  if (type === 'number' && !isFiniteNumber(value)) throw new TypeErrorCtor('a non-finite number is not JSON');
  return value;
}

function toJson(value) {
  let text;
  try {
    text = stringify(value, strictJson);
  } catch (error) {
    return { reason: describe(error).message };
  }
  if (typeof text !== 'string') return { reason: 'undefined is not JSON' };
  return { text };
}

function makeContext(callId) {
  async function host(kind, name, args) {
    const json = toJson(args === undefined ? null : args);
    if (json.reason !== undefined) throw new TypeErrorCtor('ctx.' + kind + ' arguments: ' + json.reason);
    const reply = await hostRef.apply(undefined, [callId, kind, name, json.text], {
      arguments: { copy: true },
      result: { promise: true, copy: true },
    });
    const envelope = parse(reply);
    if (envelope.ok) return envelope.value;
    const error = new ErrorCtor(envelope.error.message);
    error.name = envelope.error.name;
    throw error;
  }
  function text(part) {
    if (typeof part === 'string') return part;
    const json = toJson(part);
    return json.text !== undefined ? json.text : '[' + json.reason + ']';
  }
  return freeze({
    call: (name, args) => host('call', StringCtor(name), args),
    fetch: (url, init) => {
      const options = init === undefined || init === null ? {} : init;
      return host('fetch', '', {
        url: StringCtor(url),
        method: options.method === undefined ? 'GET' : StringCtor(options.method),
        headers: options.headers === undefined ? {} : options.headers,
        body: options.body === undefined ? null : StringCtor(options.body),
      });
    },
    log: (...parts) => {
      let line = '';
      for (let i = 0; i < parts.length && line.length < 4000; i++) line += (i ? ' ' : '') + text(parts[i]);
      logRef.applyIgnored(undefined, [callId, line.slice(0, 4000)], { arguments: { copy: true } });
    },
  });
}

async function load(factory) {
  try {
    const module = { exports: {} };
    factory(module, module.exports);
    let exported = module.exports;
    if (exported !== null && typeof exported === 'object' && typeof exported.then === 'function') exported = await exported;
    if (exported === null || typeof exported !== 'object') {
      return stringify({ ok: false, error: { name: 'TypeError', message: 'the bundle must set module.exports to the plugin definition object' } });
    }
    pluginExports = exported;
    return '{"ok":true}';
  } catch (error) {
    return stringify({ ok: false, error: describe(error) });
  }
}

function resolve(path) {
  let self;
  let target = pluginExports;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return null;
    if (!hasOwn(target, parts[i])) return null;
    self = target;
    target = target[parts[i]];
  }
  return typeof target === 'function' ? { self, target } : null;
}

// The static part of one extension, as data: a data connector's id; the kinds, features, transaction days
// and locales an insight generator declares; the features and product types a recommendation model declares. Copied
// field by field (bounded) so getters and odd values cannot leak out; the host validates what it gets.
function strings(value, max) {
  const kept = [];
  if (!ArrayIsArray(value)) return kept;
  for (let i = 0; i < value.length && i < max; i++) kept.push(StringCtor(value[i]).slice(0, 200));
  return kept;
}
function declarations(implementation) {
  const declared = {};
  const connectorId = implementation.connectorId;
  if (typeof connectorId === 'string') declared.connectorId = connectorId.slice(0, 200);
  const kinds = implementation.kinds;
  if (ArrayIsArray(kinds)) {
    declared.kinds = [];
    for (let i = 0; i < kinds.length && i < 50; i++) {
      const kind = kinds[i];
      if (kind === null || typeof kind !== 'object') continue;
      declared.kinds.push({ kind: StringCtor(kind.kind).slice(0, 200), description: StringCtor(kind.description).slice(0, 2000) });
    }
  }
  if (ArrayIsArray(implementation.features)) declared.features = strings(implementation.features, 500);
  if (ArrayIsArray(implementation.productTypes)) declared.productTypes = strings(implementation.productTypes, 50);
  if (ArrayIsArray(implementation.locales)) declared.locales = strings(implementation.locales, 50);
  const days = implementation.transactionDays;
  if (typeof days === 'number' && isFiniteNumber(days)) declared.transactionDays = days;
  return declared;
}

// What the host needs to register a release: the manifest (data) and what the code implements.
function inspect() {
  const definition = pluginExports;
  const extensions = {};
  const given = definition.extensions;
  if (given !== null && typeof given === 'object') {
    const points = ObjectKeys(given);
    for (let i = 0; i < points.length && i < 20; i++) {
      const implementation = given[points[i]];
      if (implementation === undefined || implementation === null) continue;
      extensions[StringCtor(points[i])] = declarations(implementation);
    }
  }
  const hooks = [];
  const givenHooks = definition.hooks;
  if (givenHooks !== null && typeof givenHooks === 'object') {
    const names = ObjectKeys(givenHooks);
    for (let i = 0; i < names.length && i < 20; i++) if (typeof givenHooks[names[i]] === 'function') hooks.push(names[i]);
  }
  return { manifest: definition.manifest, extensions, hooks };
}

// A minimal WHATWG-style Response over what the host's fetch returned (the isolate has no fetch API).
function responseOf(url, answer) {
  const headers = answer.headers !== null && typeof answer.headers === 'object' ? answer.headers : {};
  const body = typeof answer.body === 'string' ? answer.body : '';
  return freeze({
    url,
    status: answer.status,
    ok: answer.status >= 200 && answer.status < 300,
    statusText: '',
    redirected: false,
    headers: freeze({
      get: (name) => { const value = headers[StringCtor(name).toLowerCase()]; return value === undefined ? null : value; },
      has: (name) => hasOwn(headers, StringCtor(name).toLowerCase()),
    }),
    text: async () => body,
    json: async () => parse(body),
  });
}

// The AbortSignal a connector or model gets: the host ends a call that overruns, so it never aborts here.
const neverAborted = freeze({ aborted: false, reason: undefined, onabort: null,
  addEventListener() {}, removeEventListener() {}, throwIfAborted() {} });

// The ConnectorContext a data connector gets, over the call's ctx: fetch and saveGrant go to the host.
function connectorContext(ctx, given) {
  const now = given.now;
  return freeze({
    signal: neverAborted,
    heartbeat() {},
    now: () => new DateCtor(now),
    customer: freeze(given.customer),
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input
        : input !== null && typeof input === 'object' ? StringCtor(input.url !== undefined ? input.url : input.href) : StringCtor(input);
      const options = init === undefined || init === null ? {} : init;
      let headers = options.headers === undefined || options.headers === null ? {} : options.headers;
      if (ArrayIsArray(headers)) {
        const object = {};
        for (let i = 0; i < headers.length; i++) object[StringCtor(headers[i][0])] = StringCtor(headers[i][1]);
        headers = object;
      }
      const answer = await ctx.fetch(url, { method: options.method, headers, body: options.body });
      return responseOf(url, answer);
    },
    saveGrant: async (grant) => {
      const answer = await ctx.call('connector.saveGrant', grant);
      if (answer !== null && typeof answer === 'object' && answer.refused) {
        const error = new ErrorCtor(StringCtor(answer.refused.message));
        error.name = 'ConnectorError';
        error.code = StringCtor(answer.refused.code);
        throw error;
      }
    },
  });
}

// A data connector call: create(plugin context) builds the bank's connector, then its method runs.
async function invokeConnector(method, input, ctx) {
  const extensions = pluginExports.extensions;
  const extension = extensions !== null && typeof extensions === 'object' && hasOwn(extensions, 'data-connector')
    ? extensions['data-connector'] : null;
  if (extension === null || typeof extension !== 'object' || typeof extension.create !== 'function') return { unknown: true };
  const connector = await extension.create(freeze(input.plugin));
  if (connector === null || typeof connector !== 'object' || typeof connector[method] !== 'function') return { unknown: true };
  const args = ArrayIsArray(input.args) ? input.args : [];
  return { value: await connector[method](...args, connectorContext(ctx, input.context)) };
}

// The ctx an extension method gets: the call's ctx plus what a model's run context has (ModelRunContext):
// a signal that never aborts (the host ends a call that overruns its limits) and a heartbeat that does
// nothing (a call is short; the host reports progress around it).
function extensionContext(ctx) {
  return freeze({ call: ctx.call, fetch: ctx.fetch, log: ctx.log, signal: neverAborted, heartbeat() {} });
}

// An extension point's method: its own, or (a factory-shaped extension) that of the object create(plugin)
// builds. The path is "extensions.<point>.<method>" (extension points and method names have no dot).
async function invokeExtension(path, input, given) {
  const ctx = extensionContext(given);
  const parts = path.split('.');
  if (parts.length !== 3 || parts[0] !== 'extensions') return { unknown: true };
  const point = parts[1];
  const method = parts[2];
  const extensions = pluginExports.extensions;
  const extension = extensions !== null && typeof extensions === 'object' && hasOwn(extensions, point)
    ? extensions[point] : null;
  if (extension === null || typeof extension !== 'object') return { unknown: true };
  if (hasOwn(extension, method) && typeof extension[method] === 'function') {
    return { value: await extension[method](input.args, ctx) };
  }
  // Object's own methods (toString, valueOf, ...) are no extension's: not reached through a built object.
  if (typeof extension.create !== 'function' || method in {}) return { unknown: true };
  const built = await extension.create(freeze(input.plugin));
  if (built === null || typeof built !== 'object' || typeof built[method] !== 'function') return { unknown: true };
  return { value: await built[method](input.args, ctx) };
}

async function invoke(callId, entry, method, argsJson) {
  try {
    if (entry === 'describe') {
      const json = toJson(inspect());
      if (json.reason !== undefined) return stringify({ invalidResult: json.reason });
      return '{"ok":true,"value":' + json.text + '}';
    }
    if (entry === 'connector' || entry === 'extension') {
      const input = parse(argsJson);
      const result = entry === 'connector'
        ? await invokeConnector(method, input, makeContext(callId))
        : await invokeExtension(method, input, makeContext(callId));
      if (result.unknown) return '{"unknownMethod":true}';
      const json = toJson(result.value === undefined ? null : result.value);
      if (json.reason !== undefined) return stringify({ invalidResult: json.reason });
      return '{"ok":true,"value":' + json.text + '}';
    }
    const found = resolve(method);
    if (found === null) return '{"unknownMethod":true}';
    const value = await found.target.call(found.self, parse(argsJson), makeContext(callId));
    // A method that returns nothing (a lifecycle hook) answers null.
    const json = toJson(value === undefined ? null : value);
    if (json.reason !== undefined) return stringify({ invalidResult: json.reason });
    return '{"ok":true,"value":' + json.text + '}';
  } catch (error) {
    return stringify({ ok: false, error: describe(error) });
  }
}

return { load, invoke };
`;

const okPrefix = '{"ok":true,"value":';

interface ActiveCall {
  id: number;
  cpuStart: bigint;
  stats: CallStats;
  violation: ChildFailure | null;
  stopping: ChildFailure | null;
}

function runSandboxChild(): void {
  const addonPath = process.env.FP_IVM_ADDON;
  if (!addonPath || !process.send) {
    process.stderr.write(
      'sandbox-child: start me through PluginSandbox (IPC channel and FP_IVM_ADDON needed)\n',
    );
    process.exit(2);
  }
  // The addon by path: under the permission model this process may read that one file, not node_modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ivm = require(addonPath).ivm as typeof IsolatedVM;
  const send = (message: ChildToHost, then?: () => void) =>
    process.send!(message, undefined, {}, () => then?.());
  const exitAfter = (message: ChildToHost) => send(message, () => process.exit(0));

  let limits: IsolationLimits;
  let isolate: IsolatedVM.Isolate;
  let invokeRef: IsolatedVM.Reference<
    (id: number, entry: CallEntry, method: string, args: string) => Promise<string>
  >;
  let current: ActiveCall | null = null;
  let hostSeq = 0;
  const pendingHost = new Map<number, { callId: number; resolve: (envelope: string) => void }>();

  const deniedEnvelope = (name: string, message: string) =>
    JSON.stringify({ ok: false, error: { name, message } });

  function stop(call: ActiveCall, outcome: ChildFailure): void {
    if (call.stopping) return;
    call.stopping = outcome;
    call.stats.cpuMs = Number(isolate.cpuTime - call.cpuStart) / 1e6;
    // Disposing terminates whatever runs in the isolate; the pending apply then rejects.
    if (!isolate.isDisposed) isolate.dispose();
  }

  function classify(error: unknown, phase: 'load' | 'call'): ChildFailure {
    const message = error instanceof Error ? error.message : String(error);
    if (/memory limit/i.test(message))
      return { kind: 'memory', phase, limit: 'heap', limitMb: limits.heapMb };
    if (/timed out/i.test(message)) {
      const limitMs = phase === 'load' ? limits.loadMs : limits.wallMsPerCall;
      return { kind: 'timeout', phase, limit: 'wall-clock', limitMs };
    }
    if (error instanceof SyntaxError || /SyntaxError/.test(message)) {
      return { kind: 'threw', phase, error: { name: 'SyntaxError', message: message.slice(0, 2000) } };
    }
    return { kind: 'crashed', phase, detail: message.slice(0, 500) };
  }

  function hostCall(
    callId: number,
    kind: 'fetch' | 'call',
    name: string,
    args: string,
  ): Promise<string> | string {
    const call = current;
    if (!call || call.id !== callId) {
      const outcome: ChildFailure = {
        kind: 'denied',
        capability: 'expired-context',
        target: `call ${callId}`,
      };
      if (call) call.violation ??= outcome;
      else send({ t: 'violation', outcome });
      return deniedEnvelope(
        'PluginDenied',
        'this ctx belongs to a call that has ended; use the ctx of the current call',
      );
    }
    call.stats.hostCalls += 1;
    if (call.stats.hostCalls > limits.maxHostCallsPerCall) {
      call.violation ??= { kind: 'quota', what: 'host-calls', limit: limits.maxHostCallsPerCall };
      return deniedEnvelope('PluginDenied', `at most ${limits.maxHostCallsPerCall} host calls per call`);
    }
    const bytes = Buffer.byteLength(args);
    if (bytes > limits.maxHostCallBytes) {
      call.violation ??= { kind: 'too-large', what: 'host-call', bytes, limitBytes: limits.maxHostCallBytes };
      return deniedEnvelope('PluginDenied', `host call arguments over ${limits.maxHostCallBytes} bytes`);
    }
    const seq = ++hostSeq;
    return new Promise<string>((resolve) => {
      pendingHost.set(seq, { callId, resolve });
      send({ t: 'host', id: callId, seq, kind, name, args });
    });
  }

  function log(callId: number, line: string): void {
    const call = current;
    if (!call || call.id !== callId) return;
    if (call.stats.logs.length >= limits.maxLogLinesPerCall) call.stats.logsDropped += 1;
    else call.stats.logs.push(String(line).slice(0, limits.maxLogLineChars));
  }

  async function loadBundle(bundle: string): Promise<void> {
    isolate = new ivm.Isolate({
      memoryLimit: limits.heapMb,
      onCatastrophicError: (message) => {
        // V8 cannot be trusted after this: report and leave (the host sees the exit either way).
        exitAfter({
          t: 'load-failed',
          outcome: { kind: 'crashed', phase: 'call', detail: message.slice(0, 500) },
          stopping: true,
        });
      },
    });
    const context = await isolate.createContext();
    const api = await context.evalClosure(
      isolateBootstrap,
      [new ivm.Reference(hostCall), new ivm.Reference(log)],
      {
        result: { reference: true },
      },
    );
    invokeRef = await api.get('invoke', { reference: true });
    const loadRef = await api.get('load', { reference: true });
    const started = isolate.cpuTime;
    const loadCall: ActiveCall = {
      id: 0,
      cpuStart: started,
      stats: emptyStats(),
      violation: null,
      stopping: null,
    };
    const wall = setTimeout(
      () => stop(loadCall, { kind: 'timeout', phase: 'load', limit: 'wall-clock', limitMs: limits.loadMs }),
      limits.loadMs,
    );
    try {
      const script = await isolate.compileScript(`(function (module, exports) {\n${bundle}\n})`, {
        filename: 'plugin:///bundle.js',
      });
      const factory = await script.run(context, { reference: true, timeout: limits.loadMs });
      const reply = (await loadRef.apply(undefined, [factory.derefInto()], {
        result: { promise: true, copy: true },
        timeout: limits.loadMs,
      })) as string;
      const envelope = JSON.parse(reply) as { ok: boolean; error?: { name: string; message: string } };
      if (envelope.ok) {
        send({ t: 'loaded', cpuMs: Number(isolate.cpuTime - started) / 1e6 });
        return;
      }
      exitAfter({
        t: 'load-failed',
        outcome: { kind: 'threw', phase: 'load', error: envelope.error! },
        stopping: true,
      });
    } catch (error) {
      exitAfter({ t: 'load-failed', outcome: loadCall.stopping ?? classify(error, 'load'), stopping: true });
    } finally {
      clearTimeout(wall);
    }
  }

  async function runCall(id: number, entry: CallEntry, method: string, args: string): Promise<void> {
    const call: ActiveCall = {
      id,
      cpuStart: isolate.cpuTime,
      stats: emptyStats(),
      violation: null,
      stopping: null,
    };
    current = call;
    const cpuLimitNs = BigInt(limits.cpuMsPerCall) * 1_000_000n;
    const cpuWatch = setInterval(() => {
      if (!isolate.isDisposed && isolate.cpuTime - call.cpuStart > cpuLimitNs) {
        stop(call, { kind: 'timeout', phase: 'call', limit: 'cpu', limitMs: limits.cpuMsPerCall });
      }
    }, 5);
    const wall = setTimeout(
      () =>
        stop(call, { kind: 'timeout', phase: 'call', limit: 'wall-clock', limitMs: limits.wallMsPerCall }),
      limits.wallMsPerCall,
    );
    let reply: string | null = null;
    let failure: ChildFailure | null = null;
    try {
      reply = (await invokeRef.apply(undefined, [id, entry, method, args], {
        arguments: { copy: true },
        result: { promise: true, copy: true },
        timeout: limits.wallMsPerCall,
      })) as string;
    } catch (error) {
      failure = call.stopping ?? classify(error, 'call');
    } finally {
      clearInterval(cpuWatch);
      clearTimeout(wall);
      current = null;
      // Replies still owed to this call are never delivered: nothing of the plugin runs between calls.
      for (const [seq, pending] of pendingHost) if (pending.callId === id) pendingHost.delete(seq);
    }
    if (!isolate.isDisposed) call.stats.cpuMs = Number(isolate.cpuTime - call.cpuStart) / 1e6;
    if (call.stopping) failure = call.stopping;
    if (failure) {
      const stopping = failure.kind === 'timeout' || failure.kind === 'memory' || failure.kind === 'crashed';
      const message: ChildToHost = { t: 'failed', id, outcome: failure, stats: call.stats, stopping };
      if (stopping) exitAfter(message);
      else send(message);
      return;
    }
    if (call.violation) {
      send({ t: 'failed', id, outcome: call.violation, stats: call.stats, stopping: false });
      return;
    }
    const settled = settle(id, reply ?? '', call.stats, method);
    // A refused allocation leaves the isolate at its memory limit: stop it like any other memory outcome.
    if (settled.t === 'failed' && settled.outcome.kind === 'memory')
      exitAfter({ ...settled, stopping: true });
    else send(settled);
  }

  function settle(id: number, reply: string, stats: CallStats, method: string): ChildToHost {
    const bytes = Buffer.byteLength(reply);
    if (reply.startsWith(okPrefix) && reply.endsWith('}')) {
      const valueBytes = bytes - okPrefix.length - 1;
      if (valueBytes > limits.maxResultBytes) {
        const outcome: ChildFailure = {
          kind: 'too-large',
          what: 'result',
          bytes: valueBytes,
          limitBytes: limits.maxResultBytes,
        };
        return { t: 'failed', id, outcome, stats, stopping: false };
      }
      return { t: 'done', id, json: reply.slice(okPrefix.length, -1), stats };
    }
    const envelope = JSON.parse(reply) as {
      unknownMethod?: true;
      invalidResult?: string;
      error?: { name: string; message: string };
    };
    let outcome: ChildFailure;
    if (envelope.unknownMethod) outcome = { kind: 'unknown-method', method };
    else if (envelope.invalidResult !== undefined)
      outcome = { kind: 'invalid-result', reason: envelope.invalidResult };
    else {
      const error = envelope.error ?? { name: 'NonError', message: 'no error' };
      outcome = /allocation failed/i.test(error.message)
        ? { kind: 'memory', phase: 'call', limit: 'heap', limitMb: limits.heapMb }
        : { kind: 'threw', phase: 'call', error };
    }
    return { t: 'failed', id, outcome, stats, stopping: false };
  }

  process.on('message', (message: HostToChild) => {
    if (message.t === 'load') {
      limits = message.limits;
      void loadBundle(message.bundle);
    } else if (message.t === 'call') {
      void runCall(message.id, message.entry ?? 'method', message.method, message.args);
    } else if (message.t === 'host-reply') {
      const pending = pendingHost.get(message.seq);
      pendingHost.delete(message.seq);
      pending?.resolve(message.envelope);
    }
  });
  // The host went away (or killed the channel): nothing left to serve.
  process.on('disconnect', () => process.exit(0));
}

function emptyStats(): CallStats {
  return { cpuMs: 0, hostCalls: 0, logs: [], logsDropped: 0 };
}

runSandboxChild();
