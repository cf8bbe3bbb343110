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
 * Checks `Authorization: Bearer <token>`. Both sides are hashed first so the comparison runs on equal
 * lengths in constant time and the token's length does not leak either.
 */
export function bearerCheck(expected: string): (authorization: string | undefined) => TokenVerdict {
  const want = digest(expected);
  return (authorization) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    if (!m?.[1]) return authorization ? 'invalid' : 'missing';
    return timingSafeEqual(digest(m[1]), want) ? 'ok' : 'invalid';
  };
}

export const WWW_AUTHENTICATE = 'Bearer realm="ice-agent-mcp"';
