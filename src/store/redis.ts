/**
 * The stores on Redis, for replicas: used tokens (SET NX PX), recency lists (a sorted set ordered by
 * a shared counter, one hash per entry) and SSE events (one Redis stream per SSE stream).
 */
import type { EventId, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { eventId, isPriming, parseEventId } from './event-ids.js';
import { EVENTS_PER_STREAM } from './memory-events.js';
import { connectRedis, type RedisConnection } from './redis-client.js';
import type { RecencyStore, RecentEntry, Stores, UsedTokens } from './types.js';

const PREFIX = 'ice-agent-mcp:';
/** Recency entries and event streams outlive any session that could ask for them. */
const RECENCY_TTL_MS = 7 * 24 * 3_600_000;
const EVENTS_TTL_MS = 3_600_000;

class RedisUsedTokens implements UsedTokens {
  constructor(private readonly redis: RedisConnection) {}

  async claim(id: string, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.run<string | null>(['SET', `${PREFIX}used:${id}`, '1', 'NX', 'PX', String(Math.max(1, ttlMs))]);
    return reply === 'OK';
  }
}

// One round trip, atomic: the order comes from a counter in Redis, so replicas' clocks do not matter.
const TOUCH = `
local n = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], n, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if #ARGV > 3 then redis.call('HSET', KEYS[2], unpack(ARGV, 4)) end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return n`;

class RedisRecency implements RecencyStore {
  constructor(private readonly redis: RedisConnection) {}

  async touch(list: string, id: string, fields: Record<string, string>, limit: number): Promise<void> {
    const keys = [`${PREFIX}recent:${list}`, `${PREFIX}recent:${list}:${id}`, `${PREFIX}recent-seq`];
    await this.redis.run(['EVAL', TOUCH, '3', ...keys, id, String(limit), String(RECENCY_TTL_MS), ...Object.entries(fields).flat()]);
  }

  async newest(list: string, limit: number): Promise<RecentEntry[]> {
    const ids = await this.redis.run<string[]>(['ZRANGE', `${PREFIX}recent:${list}`, '0', String(limit - 1), 'REV']);
    const hashes = await Promise.all(ids.map((id) => this.redis.run<unknown>(['HGETALL', `${PREFIX}recent:${list}:${id}`])));
    return ids.map((id, i) => ({ id, fields: pairs(hashes[i]) }));
  }
}

class RedisEvents {
  constructor(
    private readonly redis: RedisConnection,
    private readonly scope: string,
  ) {}

  private key = (stream: StreamId): string => `${PREFIX}events:${this.scope}:${stream}`;

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const key = this.key(streamId);
    const id = await this.redis.run<string>(['XADD', key, 'MAXLEN', '~', String(EVENTS_PER_STREAM), '*', 'm', JSON.stringify(message)]);
    await this.redis.run(['PEXPIRE', key, String(EVENTS_TTL_MS)]);
    return eventId(this.scope, streamId, id);
  }

  async getStreamIdForEventId(id: EventId): Promise<StreamId | undefined> {
    const parts = parseEventId(this.scope, id);
    return parts && (await this.redis.run<number>(['EXISTS', this.key(parts.stream)])) === 1 ? parts.stream : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (id: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parts = parseEventId(this.scope, lastEventId);
    if (!parts) return '';
    const entries = await this.redis.run<[string, string[]][]>(['XRANGE', this.key(parts.stream), `(${parts.sequence}`, '+']);
    for (const [id, fields] of entries) {
      const message = JSON.parse(pairs(fields).m ?? '{}') as JSONRPCMessage;
      if (!isPriming(message)) await send(eventId(this.scope, parts.stream, id), message);
    }
    return parts.stream;
  }

  /** Streams expire by themselves; another replica may still be asked to replay them. */
  dispose(): void {}
}

/** A hash reply: node-redis gives an object for HGETALL, a flat [field, value, ...] list inside stream entries. */
function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  } else if (typeof reply === 'object' && reply !== null) {
    for (const [key, value] of Object.entries(reply)) out[key] = String(value);
  }
  return out;
}

export function redisStores(url: string, log: (line: string) => void): Stores {
  const redis = connectRedis(url, log);
  return {
    describe: `redis at ${redis.target}`,
    used: new RedisUsedTokens(redis),
    recency: new RedisRecency(redis),
    events: (scope) => new RedisEvents(redis, scope),
    ready: () => redis.ready(),
    close: async () => redis.close(),
  };
}
