import { BlockList, isIP } from 'node:net';

/** Always refused: link-local (which holds most clouds' metadata address), metadata addresses, "this host". */
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_REFUSED.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS_REFUSED.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
ALWAYS_REFUSED.addAddress('::', 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `::ffff:127.0.0.1` → `127.0.0.1`; other addresses unchanged. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? (match[1] as string) : address;
}

/** Why an address may not be contacted, or null when it may. */
export function refusedAddressReason(address: string, allowLoopback: boolean): string | null {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return `"${address}" is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (ALWAYS_REFUSED.check(plain, type)) return `address ${address} is link-local, a cloud metadata address or unspecified`;
  if (!allowLoopback && LOOPBACK.check(plain, type)) return `address ${address} is loopback (set NOTIFY_ALLOW_LOOPBACK=true to allow it)`;
  return null;
}

/** Why a URL may not be a notification target (its scheme), or null; the address is checked when resolved. */
export function refusedUrlReason(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `scheme ${parsed.protocol} is not allowed: use http or https`;
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  return null;
}

/** A URL for display: scheme and host, with the path hidden for tokenised URLs (Slack) and any query string hidden. */
export function maskUrl(url: string, hidePath: boolean): string {
  try {
    const parsed = new URL(url);
    const path = hidePath ? (parsed.pathname === '/' ? '/' : '/…') : parsed.pathname;
    return `${parsed.protocol}//${parsed.host}${path}${parsed.search ? '?…' : ''}`;
  } catch {
    return '…';
  }
}
