/**
 * Which addresses the call-log fetcher may connect to. A CallLogUrl comes from the cloud (or from
 * whoever controls the endpoint), so it must not become a way into this machine or its network:
 * loopback, private, link-local, CGNAT, unspecified, multicast and the metadata services (Alibaba's
 * 100.100.100.200, the common 169.254.169.254) are refused, whether the URL names them literally or
 * a name resolves to them. The check runs inside the connection's own lookup, so the address checked
 * is the address connected to, and a name that resolves differently the second time gains nothing.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** The one text for every refused address, so refusals say nothing about what listens where. */
export const REFUSED_ADDRESS = 'the call log URL points to an address this server does not fetch from';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // unspecified, "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT; holds Alibaba's metadata service 100.100.100.200
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local; holds 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3], // multicast, reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, if any. */
function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const nat64 = /^64:ff9b::(?:([0-9a-f]{1,4}):([0-9a-f]{1,4})|(\d+\.\d+\.\d+\.\d+))$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (nat64?.[3]) return nat64[3];
  const hi = nat64?.[1] ?? sixToFour?.[1];
  const lo = nat64?.[2] ?? sixToFour?.[2];
  if (hi === undefined || lo === undefined) return undefined;
  const a = parseInt(hi, 16);
  const b = parseInt(lo, 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

/** True when `address` (an IP literal, brackets allowed) is one the fetcher must not connect to. */
export function isRefusedAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true; // not an address at all: nothing to vouch for
  const v4 = embeddedV4(ip);
  return blocked.check(ip, 'ipv6') || (v4 !== undefined && blocked.check(v4, 'ipv4'));
}

/** A refusal raised from inside a lookup; the fetcher turns it into REFUSED_ADDRESS. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
  readonly code = 'ECALLLOGREFUSED';
  constructor() {
    super(REFUSED_ADDRESS);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** dns.lookup with `all: true`; tests inject their own so no real name is ever resolved. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolve: ResolveAll = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** A `lookup` for node:http(s) that fails the connection when any resolved address is refused. */
export function guardedLookup(resolve: ResolveAll = systemResolve) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const first = addresses[0];
      if (!first || addresses.some((a) => isRefusedAddress(a.address))) return callback(new RefusedAddressError(), []);
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
