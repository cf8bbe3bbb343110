import { builtin } from './builtin.js';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

/**
 * node:crypto, loaded on first use. Loading it pulls ~18 internal modules (about 10 ms, the largest
 * part of this server's own start-up cost), and nothing needs it before the first call.
 */
export function lazyCrypto(): Crypto {
  crypto ??= builtin('node:crypto');
  return crypto;
}
