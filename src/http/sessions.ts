/** The open MCP sessions of one HTTP server, each ended after a stretch without requests. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
}

interface Entry extends Session {
  /** Requests (POST, DELETE) still being answered. */
  busy: number;
  cancel?: () => void;
}

export interface SessionLimits {
  max: number;
  idleMs: number;
}

/** Arms a one-shot timer and returns what cancels it; tests pass one they fire themselves. */
export type IdleTimer = (fire: () => void, ms: number) => () => void;

const realIdleTimer: IdleTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Sessions by id. "Idle" means no request in progress and none started for `idleMs`; an open GET
 * stream does not keep a session alive, because a client that vanished without a DELETE may leave
 * one half-open. A request waiting on a person (elicitation) keeps it busy, so it is never cut off.
 */
export class SessionTable {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly onExpired: (open: number) => void = () => {},
    private readonly idleTimer: IdleTimer = realIdleTimer,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  full(): boolean {
    return this.entries.size >= this.limits.max;
  }

  add(id: string, session: Session): void {
    const entry: Entry = { ...session, busy: 0 };
    this.entries.set(id, entry);
    this.arm(id, entry);
  }

  get(id: string): Session | undefined {
    return this.entries.get(id);
  }

  /** Marks a request as started; the returned function (safe to call twice) marks it finished. */
  begin(id: string): () => void {
    const entry = this.entries.get(id);
    if (!entry) return () => {};
    entry.busy += 1;
    entry.cancel?.();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.busy -= 1;
      if (this.entries.get(id) === entry) this.arm(id, entry);
    };
  }

  /** Counts a GET stream's opening as activity without holding the session open. */
  touch(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.arm(id, entry);
  }

  /** Drops a session whose transport closed by itself (a client's DELETE). */
  forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.cancel?.();
    this.entries.delete(id);
  }

  async close(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.forget(id);
    await entry.server.close().catch(() => {});
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  private arm(id: string, entry: Entry): void {
    entry.cancel?.();
    entry.cancel = undefined;
    if (entry.busy > 0) return;
    entry.cancel = this.idleTimer(() => {
      void this.close(id).then(() => this.onExpired(this.entries.size));
    }, this.limits.idleMs);
  }
}
