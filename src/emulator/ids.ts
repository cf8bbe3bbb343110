/** Random ids for the emulator's records, from a pooled buffer. */
import { randomBytes } from 'node:crypto';

let pool = Buffer.alloc(0);
let poolOffset = 0;
/** Random bytes from a pooled buffer: bulk generation makes three ids per instance. */
export function randomChunk(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    pool = randomBytes(Math.max(64 * 1024, size));
    poolOffset = 0;
  }
  poolOffset += size;
  return pool.subarray(poolOffset - size, poolOffset);
}

/** 32 lower-case hex characters, the shape of ICE instance and agent ids. */
export function newHexId(): string {
  return randomChunk(16).toString('hex');
}
