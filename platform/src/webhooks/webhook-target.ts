import { BlockList, isIP } from 'node:net';
import type { FieldProblem } from '../errors';

/**
 * Where webhooks may go. Only `https:` URLs to public addresses — except that, when the configuration
 * allows loopback (`WEBHOOK_ALLOW_LOOPBACK=true`: tests and `./fp up`), `http:` or `https:` to a loopback
 * address (`127.0.0.0/8`, `::1`, `localhost`) is accepted too. Private, link-local (cloud metadata),
 * carrier-grade NAT, multicast, documentation and reserved ranges are always refused, both when the URL
 * is saved (a literal address) and when it is called (every address its name resolves to: see
 * `webhook-sender.ts`), so a name re-pointed at an internal address is refused at delivery.
 */
export type AddressKind = 'public' | 'loopback' | 'internal';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d` or `::ffff:7f00:1`), if it is one. */
function mappedIpv4(address: string): string | null {
  const match = /^::ffff:(.+)$/i.exec(address);
  if (!match) return null;
  const rest = match[1]!;
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** What kind of address an IP literal is; anything that is not an IP address is `internal` (refused). */
export function addressKind(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = mappedIpv4(bare);
  if (mapped) return addressKind(mapped);
  const family = isIP(bare);
  if (family === 0) return 'internal';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(bare, type)) return 'loopback';
  if (internal.check(bare, type)) return 'internal';
  return 'public';
}

/** Whether the dispatcher may connect to `address` (a resolved IP) under the configuration. */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const kind = addressKind(address);
  return kind === 'public' || (kind === 'loopback' && allowLoopback);
}

export const maxWebhookUrlLength = 2048;

/**
 * Checks a subscription URL as it is saved; returns the problems (field `url`), empty when acceptable.
 * Names are resolved only when called (`webhook-sender.ts`), where they are checked again.
 */
export function webhookUrlProblems(text: string, allowLoopback: boolean): FieldProblem[] {
  const problem = (message: string): FieldProblem[] => [{ field: 'url', problem: message }];
  if (text.length > maxWebhookUrlLength) return problem(`must be at most ${maxWebhookUrlLength} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return problem('is not a URL; give an absolute https:// URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return problem(`must be an https:// URL (got ${url.protocol})`);
  }
  if (url.username || url.password) {
    return problem('must not contain a user name or password; the signature authenticates the platform');
  }
  if (url.hash) return problem('must not contain a #fragment');
  const host = url.hostname.toLowerCase();
  const isLoopbackName = host === 'localhost' || host.endsWith('.localhost');
  const literal = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
  const kind: AddressKind | 'name' = isLoopbackName ? 'loopback' : literal ? addressKind(host) : 'name';
  if (kind === 'internal') {
    return problem('points at a private, link-local or reserved address; give a public address');
  }
  if (kind === 'loopback' && !allowLoopback) {
    return problem('points at this machine (loopback); give a public address');
  }
  if (url.protocol === 'http:' && kind !== 'loopback') {
    return problem('must use https:// (plain http is accepted only for loopback test endpoints)');
  }
  if (!literal && !isLoopbackName && !host.includes('.')) {
    return problem('must name a fully qualified host (e.g. hooks.bank.example)');
  }
  return [];
}
