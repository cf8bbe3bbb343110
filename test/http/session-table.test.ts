/** SessionTable on an injected clock: grace and idle expiry, making room, owners. */
import { describe, expect, it } from 'vitest';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { SessionTable, type CloseReason } from '../../src/http/sessions.js';

function table(max = 3) {
  let t = 0;
  const closed: [CloseReason, number][] = [];
  const disposed: string[] = [];
  const sessions = new SessionTable(
    { max, idleMs: 1000, graceMs: 100 },
    { now: () => t, sweepEveryMs: 0, onClosed: (reason, open) => void closed.push([reason, open]) },
  );
  const add = (id: string, owner = 'owner-a'): void =>
    sessions.add(id, {
      server: { close: async () => {} } as unknown as McpServer,
      transport: {} as StreamableHTTPServerTransport,
      owner,
      dispose: () => void disposed.push(id),
    });
  return { sessions, add, closed, disposed, advance: (ms: number) => void (t += ms) };
}

describe('SessionTable', () => {
  it('ends a session that only initialized after the grace time, a used one after the idle time', () => {
    const { sessions, add, closed, disposed, advance } = table();
    add('bare');
    add('used');
    sessions.callStarted('used', 'initialize');
    sessions.callEnded('used');
    sessions.callStarted('used', 'tools/list');
    sessions.callEnded('used');
    advance(99);
    sessions.sweep();
    expect(sessions.size).toBe(2);
    advance(1);
    sessions.sweep();
    expect(sessions.get('bare', 'owner-a')).toBeUndefined();
    expect(closed).toEqual([['unused', 1]]);
    advance(899);
    sessions.sweep();
    expect(sessions.size).toBe(1);
    advance(1);
    sessions.sweep();
    expect(sessions.size).toBe(0);
    expect(closed.at(-1)).toEqual(['idle', 0]);
    expect(disposed).toEqual(['bare', 'used']);
  });

  it('never ends a session with a call in flight, however long it waits (a person deciding)', () => {
    const { sessions, add, advance } = table();
    add('waiting');
    sessions.callStarted('waiting', 'tools/call');
    advance(1_000_000);
    sessions.sweep();
    expect(sessions.size).toBe(1);
    expect(sessions.busy).toBe(1);
  });

  it('at the cap closes the least recently used idle session; refuses only when all are busy', () => {
    const { sessions, add, closed } = table(3);
    for (const id of ['a', 'b', 'c']) add(id);
    sessions.callStarted('a', 'tools/call'); // busy, and the most recently used
    sessions.touch('b');
    expect(sessions.canOpen()).toBe(true);
    expect(sessions.makeRoom()).toBe(true);
    expect(closed).toEqual([['evicted', 2]]);
    expect(sessions.get('c', 'owner-a')).toBeUndefined();
    add('d');
    sessions.callStarted('b', 'tools/call');
    sessions.callStarted('d', 'tools/call');
    expect(sessions.canOpen()).toBe(false);
    expect(sessions.makeRoom()).toBe(false);
    sessions.callEnded('d');
    expect(sessions.canOpen()).toBe(true);
  });

  it('gives a session only to the owner that opened it', () => {
    const { sessions, add } = table();
    add('s', 'owner-a');
    expect(sessions.get('s', 'owner-a')).toBeDefined();
    expect(sessions.get('s', 'owner-b')).toBeUndefined();
    expect(sessions.get('s', '')).toBeUndefined();
  });
});
