/**
 * The confirmation key: ICE_MCP_CONFIRM_KEY when replicas share one, else random per process. It signs
 * tokens (token.ts) and keys the digests this guard hands out (audit argsDigest, a preview's basis),
 * so a digest of a small value (Volume = 237) cannot be reversed by trying every candidate.
 */
import { lazyCrypto } from '../util/lazy-crypto.js';

let processKey: Buffer | undefined;

export function digestKey(configured: string | undefined): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  processKey ??= lazyCrypto().randomBytes(32);
  return processKey;
}

/** base64url HMAC-SHA256 of `text` under the confirmation key, cut to `length` characters. */
export function keyedDigest(configured: string | undefined, text: string, length = 43): string {
  return lazyCrypto().createHmac('sha256', digestKey(configured)).update(text, 'utf8').digest('base64url').slice(0, length);
}
