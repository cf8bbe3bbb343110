/**
 * Who a request comes from, as far as HTTP can tell: a digest of its bearer token. Sessions are bound
 * to it, and with configured tokens it also scopes the recently seen instances.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Digest of the presented bearer token, '' when there is none. The token itself is never kept. */
export function ownerOf(authorization: string | undefined): string {
  const token = BEARER.exec(authorization ?? '')?.[1];
  return token ? createHash('sha256').update(`ice-agent-mcp owner|${token}`, 'utf8').digest('hex') : '';
}

export function sameOwner(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
