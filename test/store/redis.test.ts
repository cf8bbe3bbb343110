/** The Redis stores against a real redis-server: semantics, faults, and no credentials in any message. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores, StoreError, type Stores } from '../../src/store/index.js';
import { memoryStores } from '../../src/store/memory.js';
import { requireRedis, startRedis, freePort, type TestRedis } from '../helpers/redis.js';

const PASSWORD = 'hunter2-redis-secret';
const run = requireRedis('test/store/redis.test.ts');

describe.skipIf(!run)('Redis stores', () => {
  let redis: TestRedis;
  let stores: Stores;
  const logs: string[] = [];
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
    stores = await openStores(redis.url, (line) => void logs.push(line));
    await stores.ready();
  });
  afterAll(async () => {
    await stores?.close();
    await redis?.close();
  });

  it('claims a token id once, whoever asks, and names no credentials', async () => {
    const other = await openStores(redis.url, () => {});
    await other.ready();
    try {
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : stores).used.claim('kid:nonce-1', 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await stores.used.claim('kid:nonce-2', 60_000)).toBe(true);
    } finally {
      await other.close();
    }
    expect(stores.describe).toBe(`redis at redis://127.0.0.1:${redis.port}`);
  });

  it('keeps recency lists like the memory store: newest first, merged, bounded', async () => {
    for (const store of [memoryStores().recency, stores.recency]) {
      const list = `test-${Math.random()}`;
      await store.touch(list, 'a', { Status: 'Executing', AIAgentId: 'agent-1' }, 3);
      await store.touch(list, 'b', {}, 3);
      await store.touch(list, 'a', { Status: 'Finished' }, 3);
      await store.touch(list, 'c', {}, 3);
      await store.touch(list, 'd', {}, 3);
      const newest = await store.newest(list, 3);
      expect(newest.map((e) => e.id)).toEqual(['d', 'c', 'a']);
      expect(newest[2]?.fields).toEqual({ Status: 'Finished', AIAgentId: 'agent-1' });
    }
  });

  it('stores SSE events per session scope and replays only what came after, never another scope', async () => {
    const events = stores.events('session-1');
    const priming = await events.storeEvent('stream-1', {} as never);
    const first = await events.storeEvent('stream-1', { jsonrpc: '2.0', method: 'notifications/progress', params: {} });
    await events.storeEvent('stream-1', { jsonrpc: '2.0', id: 7, result: {} });
    const replayed: unknown[] = [];
    const stream = await events.replayEventsAfter(priming, { send: async (_id, message) => void replayed.push(message) });
    expect(stream).toBe('stream-1');
    expect(replayed).toHaveLength(2);
    const after: unknown[] = [];
    await events.replayEventsAfter(first, { send: async (_id, message) => void after.push(message) });
    expect(after).toEqual([{ jsonrpc: '2.0', id: 7, result: {} }]);
    expect(await stores.events('session-2').getStreamIdForEventId(first)).toBeUndefined();
    expect(await events.getStreamIdForEventId(first)).toBe('stream-1');
  });

  it('fails closed at once while Redis is down, says so once, and recovers by itself', async () => {
    await redis.stop();
    const error = await stores.used.claim('kid:nonce-down', 60_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
    await redis.start();
    let claimed: boolean | undefined;
    // Reconnecting takes the client's own timers: poll with a pause, not in a tight loop.
    while (claimed === undefined) {
      await new Promise((r) => setTimeout(r, 20));
      claimed = await stores.used.claim('kid:nonce-down', 60_000).catch(() => undefined);
    }
    expect(claimed).toBe(true);
    // The claim made before the restart survived it (append-only file).
    expect(await stores.used.claim('kid:nonce-1', 60_000)).toBe(false);
    const text = logs.join('');
    expect(text).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable.*token redemptions are refused until it is back/);
    expect(text).toContain('is reachable again');
    expect(text).not.toContain(PASSWORD);
  });

  it('stops start-up with a clear error when Redis cannot be reached, without the password', async () => {
    const port = await freePort();
    const down = await openStores(`redis://default:${PASSWORD}@127.0.0.1:${port}`, () => {});
    const error = await down.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toMatch(new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port} cannot be reached`));
    expect(String(error)).not.toContain(PASSWORD);
  });

  it('a wrong password is a clear start-up error that does not echo it', async () => {
    const wrong = await openStores(redis.url.replace(encodeURIComponent(PASSWORD), 'not-the-password'), () => {});
    const error = await wrong.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/Redis at .* cannot be reached/);
    expect(String(error)).not.toContain('not-the-password');
  });
});
