/** Picks the stores: Redis when a URL is configured (loaded only then), else this process's memory. */
import { memoryStores } from './memory.js';
import type { Stores } from './types.js';

export { StoreError, type Stores, type UsedTokens, type RecencyStore } from './types.js';
export { memoryStores } from './memory.js';

export async function openStores(redisUrl: string | undefined, log: (line: string) => void): Promise<Stores> {
  if (!redisUrl) return memoryStores();
  const { redisStores } = await import('./redis.js');
  return redisStores(redisUrl, log);
}
