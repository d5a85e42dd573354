/**
 * Which hosts a plugin may call, read from its manifest's `permissions.hosts` the same way by the platform
 * (which refuses every other host) and by the test harness (whose fixture `fetch` refuses them too), so a
 * plugin that passes the harness calls nothing the platform would refuse.
 */
import type { PluginManifest } from './manifest';

/**
 * The hosts a plugin may call for one bank: host names as declared (`api.bank.example`, `*.bank.example`,
 * with or without `:port`) and, for `{ setting }`, the `host[:port]` of that setting's URL in the bank's
 * settings (skipped when unset or not a URL).
 */
export function declaredHosts(
  manifest: PluginManifest,
  settings: Readonly<Record<string, unknown>>,
): string[] {
  const hosts: string[] = [];
  for (const host of manifest.permissions.hosts) {
    if (typeof host === 'string') {
      hosts.push(host.toLowerCase());
      continue;
    }
    const value = settings[host.setting];
    if (typeof value === 'string' && URL.canParse(value)) hosts.push(new URL(value).host.toLowerCase());
  }
  return hosts;
}

/** Whether `url` is on one of `hosts`: an exact host (any port unless the entry names one) or a `*.` sub-domain. */
export function isDeclaredHost(url: URL, hosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return hosts.some((entry) => {
    const hasPort = /:[0-9]+$/.test(entry) && !entry.endsWith(']');
    if (entry.startsWith('*.')) {
      const suffix = entry.slice(1);
      return hasPort ? host.endsWith(suffix) && host !== suffix.slice(1) : hostname.endsWith(suffix);
    }
    return hasPort ? host === entry : hostname === entry;
  });
}

/**
 * Headers an isolated (third-party) plugin may not send: they would let it speak as the platform or smuggle
 * a second request. The platform's sandbox `fetch` and the harness's both refuse them.
 */
export const isolatedForbiddenHeaders: readonly string[] = [
  'host',
  'cookie',
  'authorization',
  'proxy-authorization',
  'connection',
  'transfer-encoding',
];

/** HTTP methods an isolated plugin's `fetch` may use. */
export const isolatedFetchMethods: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
