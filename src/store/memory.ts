/** The single-process stores: used tokens and recency lists in maps, SSE events per session. */
import { MemoryEvents } from './memory-events.js';
import type { RecencyStore, RecentEntry, Stores, UsedTokens } from './types.js';

export class MemoryUsedTokens implements UsedTokens {
  /** id -> when the record may be forgotten (the token has expired by then anyway) */
  private readonly used = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(id: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    for (const [key, until] of this.used) if (until <= now) this.used.delete(key);
    if (this.used.has(id)) return false;
    this.used.set(id, now + ttlMs);
    return true;
  }
}

// Maps keep insertion order: deleting and re-adding a key moves it to the end, the newest.
export class MemoryRecency implements RecencyStore {
  private readonly lists = new Map<string, Map<string, Record<string, string>>>();

  async touch(list: string, id: string, fields: Record<string, string>, limit: number): Promise<void> {
    this.touchNow(list, id, fields, limit);
  }

  /** The synchronous core, so one process sees its own notes at once. */
  touchNow(list: string, id: string, fields: Record<string, string>, limit: number): void {
    let entries = this.lists.get(list);
    if (!entries) this.lists.set(list, (entries = new Map()));
    const before = entries.get(id);
    entries.delete(id);
    entries.set(id, { ...before, ...fields });
    for (const oldest of entries.keys()) {
      if (entries.size <= limit) break;
      entries.delete(oldest);
    }
  }

  async newest(list: string, limit: number): Promise<RecentEntry[]> {
    const entries = [...(this.lists.get(list) ?? new Map<string, Record<string, string>>()).entries()];
    return entries
      .reverse()
      .slice(0, limit)
      .map(([id, fields]) => ({ id, fields }));
  }
}

export function memoryStores(now: () => number = Date.now): Stores {
  return {
    describe: 'memory',
    used: new MemoryUsedTokens(now),
    recency: new MemoryRecency(),
    events: (scope) => new MemoryEvents(scope),
    ready: async () => {},
    close: async () => {},
  };
}
