/**
 * Why a host a manifest declares must not be called, or null when it may be declared. A plugin names the
 * public services it talks to by DNS name; an address literal, `localhost` or a private, loopback or
 * link-local range would point the host's outbound requests (`ctx.fetch`, done by the platform) into the
 * platform's own network — its database, the cloud metadata service at 169.254.169.254 — so they are
 * refused with a message naming the reason.
 *
 * `host` is the declared text (`*.` prefix and `:port` allowed). A name is classified the way a URL parser
 * reads it: a host whose last label is numeric (`10.1.2.3`, `2130706433`, `0x7f.1`) is an IPv4 address.
 */
export function declaredHostRefusal(host: string): string | null {
  const text = host.trim().toLowerCase();
  if (text.startsWith('[') || (text.match(/:/g)?.length ?? 0) > 1) {
    const address = text.replace(/^\[/, '').replace(/\](:[0-9]+)?$/, '');
    const range = ipv6Range(address);
    return `"${host}" is an IPv6 address literal${range ? ` (${range})` : ''}; declare the service's DNS name`;
  }
  const name = text.replace(/:[0-9]*$/, '').replace(/^\*\./, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return `"${host}" is a loopback name (localhost); a plugin may declare public hosts only`;
  }
  const labels = name.split('.');
  const last = labels.at(-1) ?? '';
  if (/^(0x[0-9a-f]*|[0-9]+)$/.test(last)) {
    const octets = ipv4Octets(name);
    const range = octets ? ipv4Range(octets) : null;
    return range
      ? `"${host}" is an IPv4 address in a ${range} range; a plugin may declare public DNS names only`
      : `"${host}" is an IPv4 address literal; declare the service's DNS name`;
  }
  return null;
}

/** The four octets of a dotted-decimal IPv4 address, or null for other forms (they are refused anyway). */
function ipv4Octets(name: string): number[] | null {
  const parts = name.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^[0-9]{1,3}$/.test(part))) return null;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

function ipv4Range([a, b]: number[]): string | null {
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b! >= 64 && b! <= 127) return 'shared (carrier-grade NAT)';
  if (a === 0) return '"this network"';
  return null;
}

function ipv6Range(address: string): string | null {
  if (address === '::1') return 'loopback';
  if (address === '::') return 'unspecified';
  if (/^fe[89ab]/.test(address)) return 'link-local';
  if (/^f[cd]/.test(address)) return 'private (unique local)';
  if (address.startsWith('::ffff:')) return 'IPv4-mapped';
  return null;
}
