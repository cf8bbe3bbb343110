/**
 * The open MCP sessions of one HTTP server, kept fair for a shared deployment:
 * - a session ends after `idleMs` with no call in flight and no request, or after `graceMs` when it
 *   only ever initialized (inspectors and probes open sessions and never send DELETE);
 * - at the cap, the least recently used session with no call in flight makes room for a newcomer;
 *   only when every session has a call in flight (say, waiting on a person) is the newcomer refused;
 * - a session belongs to the bearer token that opened it (see owner.ts).
 * An open GET stream does not keep a session alive: a client that vanished may leave one half-open.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { sameOwner } from './owner.js';

export interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  /** Digest of the bearer token that opened the session ('' for none). */
  owner: string;
  /** Releases what the session kept outside the server (its event store). */
  dispose?: () => void;
}

interface Entry extends Session {
  calls: number;
  used: boolean;
  lastActive: number;
}

export interface SessionLimits {
  max: number;
  idleMs: number;
  graceMs: number;
}

export type CloseReason = 'idle' | 'unused' | 'evicted';

export interface SessionOptions {
  now?: () => number;
  /** How often expiry is checked; 0 leaves it to explicit sweep() calls (tests). */
  sweepEveryMs?: number;
  onClosed?: (reason: CloseReason, open: number) => void;
}

export class SessionTable {
  /** In least-recently-used order: touching an entry moves it to the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: SessionLimits,
    private readonly options: SessionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const every = options.sweepEveryMs ?? Math.min(5000, Math.max(10, Math.min(limits.idleMs, limits.graceMs) / 4));
    if (every > 0) {
      this.sweeper = setInterval(() => this.sweep(), every);
      this.sweeper.unref();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Sessions with a call in flight. */
  get busy(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.calls > 0) n++;
    return n;
  }

  /** Whether a newcomer would get a session now (there is room, or an idle session to close). */
  canOpen(): boolean {
    return this.entries.size < this.limits.max || this.busy < this.entries.size;
  }

  /** Closes the least recently used idle session when at the cap; false when every session is busy. */
  makeRoom(): boolean {
    if (this.entries.size < this.limits.max) return true;
    for (const [id, entry] of this.entries) {
      if (entry.calls === 0) {
        this.end(id, 'evicted');
        return true;
      }
    }
    return false;
  }

  add(id: string, session: Session): void {
    this.entries.set(id, { ...session, calls: 0, used: false, lastActive: this.now() });
  }

  /** The session, when it exists and belongs to `owner`; otherwise undefined, alike, so its existence does not leak. */
  get(id: string, owner: string): Session | undefined {
    const entry = this.entries.get(id);
    return entry && sameOwner(entry.owner, owner) ? entry : undefined;
  }

  /** Counts a request as activity and makes the session the most recently used. */
  touch(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.lastActive = this.now();
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  /** A client request arrived (from the transport, see in-flight.ts). */
  callStarted(id: string, method: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.calls += 1;
    if (method !== 'initialize') entry.used = true;
    this.touch(id);
  }

  callEnded(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.calls = Math.max(0, entry.calls - 1);
    this.touch(id);
  }

  /** Closes every session past its time. */
  sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.calls > 0) continue;
      const limit = entry.used ? this.limits.idleMs : this.limits.graceMs;
      if (now - entry.lastActive >= limit) this.end(id, entry.used ? 'idle' : 'unused');
    }
  }

  /** Drops a session whose transport closed by itself (a client's DELETE). */
  forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.dispose?.();
  }

  async close(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.forget(id);
    await entry.server.close().catch(() => {});
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  private end(id: string, reason: CloseReason): void {
    void this.close(id);
    this.options.onClosed?.(reason, this.entries.size);
  }
}
