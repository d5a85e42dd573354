import { readlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runAsTenant } from '../request-context';
import { type IsolatedPlugin, PluginIsolation } from './plugin-isolation';

const tenant = { id: 'tenant-net', slug: 'bank-net', realm: 'bank-net' };
const plugin: IsolatedPlugin = {
  id: 'net-probe',
  version: '1.0.0',
  bundle: 'module.exports = { run: (args) => args.n + 1 };',
  allowedHosts: [],
  hostFunctions: {},
};
const netNamespace = (pid: number | 'self') => readlinkSync(`/proc/${pid}/ns/net`);

describe('sandbox network (PLUGIN_SANDBOX_NETWORK)', () => {
  const isolations: PluginIsolation[] = [];
  afterAll(async () => {
    await Promise.all(isolations.map((isolation) => isolation.close()));
  });

  it('none: the sandbox process runs in a network namespace of its own, and still answers', async () => {
    const isolation = new PluginIsolation({ network: 'none' });
    isolations.push(isolation);
    const { outcome } = await runAsTenant(tenant, () => isolation.call(plugin, 'run', { n: 41 }));
    expect(outcome).toEqual({ kind: 'ok', value: 42 });
    const [pid] = isolation.sandboxProcessIds();
    // The sandbox is `unshare`'s child or unshare itself (it execs node): either way not our namespace.
    expect(netNamespace(pid!)).not.toBe(netNamespace('self'));
  }, 30_000);

  it('host: the sandbox shares the platform process’s network namespace (the deployment must confine it)', async () => {
    const isolation = new PluginIsolation({ network: 'host' });
    isolations.push(isolation);
    await runAsTenant(tenant, () => isolation.call(plugin, 'run', { n: 1 }));
    const [pid] = isolation.sandboxProcessIds();
    expect(netNamespace(pid!)).toBe(netNamespace('self'));
  }, 30_000);
});
