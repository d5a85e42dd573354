import { afterEach, describe, expect, it } from 'vitest';
import { runAsTenant } from '../request-context';
import { type IsolatedPlugin, PluginIsolation } from './plugin-isolation';

const tenant = (id: string) => ({ id, slug: id, realm: id });
const plugin: IsolatedPlugin = {
  id: 'pool-probe',
  version: '1.0.0',
  bundle: 'module.exports = { hang: () => new Promise(() => {}), echo: (args) => args };',
  allowedHosts: [],
  hostFunctions: {},
  limits: { wallMsPerCall: 1_500 },
};

describe('plugin isolation pool', () => {
  let isolation: PluginIsolation;
  afterEach(() => isolation.close());

  it('one sandbox per tenant: the same plugin for two tenants runs in two processes', async () => {
    isolation = new PluginIsolation();
    await runAsTenant(tenant('a'), () => isolation.call(plugin, 'echo', 1));
    await runAsTenant(tenant('b'), () => isolation.call(plugin, 'echo', 2));
    expect(isolation.size).toBe(2);
  }, 30_000);

  it('when every sandbox is busy a new one is refused as overloaded; an idle one is stopped to make room', async () => {
    isolation = new PluginIsolation({ pool: { maxSandboxes: 1 } });
    const busy = runAsTenant(tenant('a'), () => isolation.call(plugin, 'hang', null));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await runAsTenant(tenant('b'), () => isolation.call(plugin, 'echo', 'b'));
    expect(refused.outcome).toEqual({ kind: 'overloaded', detail: 'all 1 plugin sandboxes are busy' });
    expect((await busy).outcome).toMatchObject({ kind: 'timeout', limit: 'wall-clock' });
    await runAsTenant(tenant('c'), () => isolation.call(plugin, 'echo', 'c'));
    const served = await runAsTenant(tenant('b'), () => isolation.call(plugin, 'echo', 'b'));
    expect(served.outcome).toEqual({ kind: 'ok', value: 'b' });
    expect(isolation.size).toBe(1);
  }, 30_000);

  it('calls queued behind a busy sandbox beyond the queue limit are refused', async () => {
    isolation = new PluginIsolation({ pool: { maxQueuedCallsPerSandbox: 2 } });
    const calls = [0, 1, 2].map(() => runAsTenant(tenant('a'), () => isolation.call(plugin, 'hang', null)));
    const third = await calls[2]!;
    expect(third.outcome).toEqual({
      kind: 'overloaded',
      detail: 'too many calls are waiting for this plugin',
    });
    const [first, second] = await Promise.all(calls.slice(0, 2));
    expect(first!.outcome).toMatchObject({ kind: 'timeout' });
    expect(second!.outcome).toMatchObject({ kind: 'timeout' });
  }, 30_000);

  it('a sandbox process that dies under a call ends the call as crashed, with the exit in the detail', async () => {
    isolation = new PluginIsolation();
    await runAsTenant(tenant('a'), () => isolation.call(plugin, 'echo', 'loaded'));
    const pending = runAsTenant(tenant('a'), () => isolation.call(plugin, 'hang', null));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await isolation.close();
    const { outcome, report } = await pending;
    expect(outcome).toEqual({
      kind: 'crashed',
      phase: 'call',
      detail: 'the sandbox process exited (SIGKILL)',
    });
    expect(report.sandboxStopped).toBe(true);
  }, 30_000);

  it('a call outside a tenant context is a programming error', async () => {
    isolation = new PluginIsolation();
    await expect(isolation.call(plugin, 'echo', 1)).rejects.toThrow(/request context/);
    await expect(runAsTenant(tenant('a'), () => isolation.call(plugin, '__proto__.x', 1))).rejects.toThrow(
      /not a plugin method name/,
    );
  });
});
