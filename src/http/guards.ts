/**
 * The checks a /mcp request passes before the MCP transport sees it: Host and Origin (see
 * util/host-check.ts, shared with the emulator) and the bearer token. Pure functions; serve.ts turns
 * their verdicts into responses.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export { hostCheck, parseHostPort, type HostRule, type HostVerdict } from '../util/host-check.js';

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
