/**
 * The checks a /mcp request passes before the MCP transport sees it: Host and Origin (DNS-rebinding
 * protection) and the bearer token. Pure functions; serve.ts turns their verdicts into responses.
 *
 * Host/Origin rule. A request is answered only when its Host header, and its Origin header when one
 * is sent, names one of:
 *   - a loopback name (localhost, 127.0.0.0/8, [::1]; all the same host) with the port the server is
 *     actually bound to;
 *   - the address given to --host, with the bound port, unless it is a wildcard (0.0.0.0, ::): a
 *     wildcard is not a name a browser can legitimately send, so other interfaces' names must be
 *     listed in --allowed-hosts;
 *   - an --allowed-hosts entry: "name" matches that name on any port (a reverse proxy or port mapping
 *     changes the port), "name:port" only that port.
 * A Host without a port means 80 and an Origin without one means its scheme's default, so
 * "Host: localhost" is refused unless the server is bound to port 80. An Origin must be http(s);
 * "null" and other schemes are refused. Loopback names are safe to accept on any bind: a page can
 * only make a browser send them when it was itself loaded from this machine at this port.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopback } from '../util/net.js';

interface HostPort {
  name: string;
  port?: number;
}

const BRACKETED = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/;
const PLAIN = /^([a-z0-9_.-]+)(?::(\d{1,5}))?$/;

/** Splits "name[:port]" or "[v6][:port]"; a bare IPv6 address (several colons) has no port. */
export function parseHostPort(value: string): HostPort | undefined {
  const text = value.trim().toLowerCase();
  if (/^[0-9a-f:.]+$/.test(text) && text.split(':').length > 2) return { name: text };
  const m = BRACKETED.exec(text) ?? PLAIN.exec(text);
  if (!m?.[1]) return undefined;
  const name = m[1].replace(/\.$/, '');
  if (m[2] === undefined) return { name };
  const port = Number(m[2]);
  return port <= 65_535 ? { name, port } : undefined;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

export interface HostRule {
  /** What the server was told to bind (--host). */
  boundHost: string;
  /** The port it is actually listening on. */
  port: number;
  /** --allowed-hosts entries. */
  allowedHosts: string[];
}

export type HostVerdict = { ok: true } | { ok: false; message: string };

const FIX = 'add the name with --allowed-hosts if this server should answer to it';

/** Builds the Host/Origin check described at the top of this file. */
export function hostCheck(rule: HostRule): (host: string | undefined, origin: string | undefined) => HostVerdict {
  const bound = parseHostPort(rule.boundHost)?.name ?? '';
  const allowed = rule.allowedHosts.map(parseHostPort).filter((entry): entry is HostPort => entry !== undefined);
  const accepts = ({ name, port }: Required<HostPort>): boolean =>
    allowed.some((entry) => entry.name === name && (entry.port === undefined || entry.port === port)) ||
    (port === rule.port && (isLoopback(name) || (!WILDCARDS.has(bound) && name === bound)));

  return (host, origin) => {
    const h = host === undefined ? undefined : parseHostPort(host);
    if (!h || !accepts({ name: h.name, port: h.port ?? 80 })) {
      return { ok: false, message: `Forbidden: the Host header is not one this server answers to (DNS-rebinding protection); ${FIX}.` };
    }
    if (origin !== undefined && !originAccepted(origin, accepts)) {
      return { ok: false, message: `Forbidden: requests from this Origin are not accepted (DNS-rebinding protection); ${FIX}.` };
    }
    return { ok: true };
  };
}

function originAccepted(origin: string, accepts: (hp: Required<HostPort>) => boolean): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const hp = parseHostPort(url.host);
  if (!hp) return false;
  return accepts({ name: hp.name, port: hp.port ?? (url.protocol === 'https:' ? 443 : 80) });
}

export type TokenVerdict = 'ok' | 'missing' | 'invalid';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` against each accepted token. Both sides are hashed first so
 * every comparison runs on equal lengths in constant time, and all of them run, so neither the
 * token's length nor which one matched leaks through timing.
 */
export function bearerCheck(expected: string | readonly string[]): (authorization: string | undefined) => TokenVerdict {
  const wants = (typeof expected === 'string' ? [expected] : expected).map(digest);
  return (authorization) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    if (!m?.[1]) return authorization ? 'invalid' : 'missing';
    const got = digest(m[1]);
    let ok = false;
    for (const want of wants) ok = timingSafeEqual(got, want) || ok;
    return ok ? 'ok' : 'invalid';
  };
}

export const WWW_AUTHENTICATE = 'Bearer realm="ice-agent-mcp"';
