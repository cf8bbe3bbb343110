/**
 * What the server keeps beyond one request, behind interfaces with an in-memory default and a Redis
 * implementation for replicas. Nothing here knows MCP or ICE; callers give keys and records.
 */
import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** Remembers which confirmation tokens were used, so each works once. */
export interface UsedTokens {
  /** Records `id` as used for `ttlMs`; false when it already was. Rejects with StoreError when the store is unreachable. */
  claim(id: string, ttlMs: number): Promise<boolean>;
}

export interface RecentEntry {
  id: string;
  fields: Record<string, string>;
}

/** Bounded most-recent-first lists of ids, each with a few string fields. */
export interface RecencyStore {
  /** Moves `id` to the front of `list`, merges `fields` into what is stored for it, and keeps the newest `limit`. */
  touch(list: string, id: string, fields: Record<string, string>, limit: number): Promise<void>;
  /** The newest `limit` entries, newest first. */
  newest(list: string, limit: number): Promise<RecentEntry[]>;
}

/** Everything one process shares between its sessions (and, with Redis, with other replicas). */
export interface Stores {
  /** "memory" or "redis" with the URL's host part (never its credentials). */
  describe: string;
  used: UsedTokens;
  recency: RecencyStore;
  /** An SSE event store for one session; `scope` keeps its event ids from being replayed into another session. */
  events(scope: string): EventStore & Required<Pick<EventStore, 'getStreamIdForEventId'>> & { dispose(): void };
  /** Resolves once the store answers; rejects with StoreError (start-up stops on it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The shared store could not be used. The message names the store and never carries credentials. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}
