import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may be sent: the server-side request forgery rule. A subscriber names the
 * URL, so without it the server would POST, on a subscriber's behalf, into the city's own
 * network (an admin panel on 10.x, a cloud's metadata service at 169.254.169.254). Only
 * globally routable unicast addresses are allowed: every address a name resolves to is checked
 * when subscribing, and again at each delivery through the lookup the request connects with
 * (webhookLookup), so a name that resolves differently later (DNS rebinding) cannot slip
 * between the check and the connection. WEBHOOKS_ALLOW_PRIVATE_URLS lifts the rule (tests and
 * development only).
 */

const IPV4_SPECIAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  IPV4_SPECIAL.addSubnet(network, prefix, 'ipv4');
}

/** IPv6 global unicast; everything outside it (loopback, link-local, unique-local, multicast...) is refused. */
const IPV6_GLOBAL = new BlockList();
IPV6_GLOBAL.addSubnet('2000::', 3, 'ipv6');

/** Special ranges inside 2000::/3. */
const IPV6_SPECIAL = new BlockList();
for (const [network, prefix] of [
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID...)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds any IPv4 address, private ones included
] as const) {
  IPV6_SPECIAL.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4 address written inside IPv6 as ::ffff:a.b.c.d (however it was spelt), else null. */
function mappedIpv4(address: string): string | null {
  // The URL parser writes an IPv6 address in its one canonical form: ::ffff:7f00:1.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!match) return null;
  const high = parseInt(match[1], 16);
  const low = parseInt(match[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an IP address is anything but a globally routable unicast one (or is not an address). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return IPV4_SPECIAL.check(address, 'ipv4');
  if (family !== 6) return true;
  const unscoped = address.replace(/%.*$/, '');
  const v4 = mappedIpv4(unscoped);
  if (v4 !== null) return isPrivateAddress(v4);
  return !IPV6_GLOBAL.check(unscoped, 'ipv6') || IPV6_SPECIAL.check(unscoped, 'ipv6');
}

/** Why a URL may not be subscribed or sent to; the field.* message of each. */
export type UrlProblem =
  | 'field.webhookUrl'
  | 'field.webhookUrlHttps'
  | 'field.webhookUrlCredentials'
  | 'field.webhookUrlUnresolvable'
  | 'field.webhookUrlPrivate';

/** The URL's host as a lookup takes it: an IPv6 literal without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** The shape of a webhook URL: absolute, https (http too when private URLs are allowed), no credentials. */
export function urlShapeProblem(
  raw: string,
  allowPrivate: boolean,
): { url: URL; problem: null } | { url: null; problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: null, problem: 'field.webhookUrl' };
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return { url: null, problem: 'field.webhookUrlHttps' };
  if (!url.hostname) return { url: null, problem: 'field.webhookUrl' };
  // A secret in the URL would be shown back in `webhooks { url }` and sent in the clear to logs.
  if (url.username || url.password) return { url: null, problem: 'field.webhookUrlCredentials' };
  return { url, problem: null };
}

/** Resolves `host` to every address it has (an IP literal is itself). */
export function resolveAll(host: string): Promise<LookupAddress[]> {
  const family = isIP(host);
  if (family) return Promise.resolve([{ address: host, family }]);
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );
}

/**
 * Whether a URL may be sent to now: null, or its problem. Every address its host resolves to
 * must be public (one private address is enough to refuse: a client may connect to any).
 */
export async function urlProblem(raw: string, allowPrivate: boolean): Promise<UrlProblem | null> {
  const shape = urlShapeProblem(raw, allowPrivate);
  if (!shape.url) return shape.problem;
  if (allowPrivate) return null;
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(hostOf(shape.url));
  } catch {
    return 'field.webhookUrlUnresolvable';
  }
  if (!addresses.length) return 'field.webhookUrlUnresolvable';
  return addresses.some((a) => isPrivateAddress(a.address)) ? 'field.webhookUrlPrivate' : null;
}

/** Raised by webhookLookup: the name resolved to an address webhooks may not reach. */
export class PrivateAddressError extends Error {
  readonly code = 'EWEBHOOKPRIVATEADDRESS';
}

/**
 * The lookup a delivery connects with: the addresses it hands the socket are the ones it
 * checked, so what was checked is what is connected to.
 */
export function webhookLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = !allowPrivate && addresses.some((a) => isPrivateAddress(a.address));
      if (refused || !addresses.length) {
        const problem = new PrivateAddressError(`${hostname} resolves to a private address`);
        return callback(problem as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      } else {
        callback(null, addresses[0].address, addresses[0].family);
      }
    });
  };
}
