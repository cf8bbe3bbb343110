/**
 * src/mcp/connect.ts hands requests to the SDK's request handling directly. Whatever arrives, a
 * server connected that way must answer and fail exactly as one connected with server.connect: the
 * same messages are fed to both, raw, and everything each sends back or reports is compared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { connect } from '../../src/mcp/connect.js';
import { assertProperty } from '../helpers/seed.js';
import { until } from '../helpers/until.js';

interface Observed {
  sent: unknown[];
  errors: string[];
  /** What a handler set on the transport before connecting saw (the SDK calls it first). */
  earlier: unknown[];
  feed(message: unknown, token?: string): Promise<void>;
  route: 'direct' | 'sdk' | 'server.connect';
}

async function observed(direct: boolean): Promise<Observed> {
  const server = new McpServer({ name: 'same', version: '1.0.0' }, { capabilities: { tools: {}, logging: {} } });
  // The answer carries what the request's extra information held: over HTTP, the caller's identity.
  server.registerTool('echo', { description: 'Echoes.', inputSchema: { text: z.string() } }, ({ text }, extra) => ({
    content: [{ type: 'text', text: `${text} from ${extra.authInfo?.token ?? 'nobody'}` }],
  }));
  const errors: string[] = [];
  server.server.onerror = (error) => errors.push(error.message);
  const [peer, side] = InMemoryTransport.createLinkedPair();
  const sent: unknown[] = [];
  const earlier: unknown[] = [];
  peer.onmessage = (message) => void sent.push(message);
  side.onmessage = (message, extra) => void earlier.push({ message, token: extra?.authInfo?.token });
  await peer.start();
  let route: Observed['route'] = 'server.connect';
  if (direct) route = await connect(server, side);
  else await server.connect(side);
  const feed = (message: unknown, token?: string) =>
    peer.send(message as JSONRPCMessage, token ? { authInfo: { token, clientId: 'c', scopes: [] } } : undefined);
  return { sent, errors, earlier, route, feed };
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** Messages of every kind, valid and not: each key present, absent or of the wrong type. */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const message = fc.oneof(
  fc
    .record({
      jsonrpc: maybe(fc.constantFrom('2.0', '1.0', 2)),
      id: maybe(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('a', null, {}))),
      method: maybe(fc.constantFrom('ping', 'tools/list', 'tools/call', 'nope', 'notifications/initialized', 'notifications/cancelled', 7)),
      params: maybe(
        fc.constantFrom(
          {},
          'text',
          { name: 'echo', arguments: { text: 'hi' } },
          { name: 'echo', arguments: { text: 1 } },
          { requestId: 1 },
        ),
      ),
      result: maybe(fc.constantFrom({}, 'x', null)),
      error: maybe(fc.constantFrom({ code: -32000, message: 'm' }, {}, 'e')),
      extra: maybe(fc.constant(1)),
    })
    .map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined))),
  fc.constantFrom(null, 1, 'text', [], [{ jsonrpc: '2.0', id: 1, method: 'ping' }]),
);

describe('connect', () => {
  it('takes the direct route with the bundled SDK', async () => {
    expect((await observed(true)).route).toBe('direct');
  });

  it('answers and fails exactly as server.connect does, whatever arrives', async () => {
    await assertProperty(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 12 }), async (messages) => {
        const [sdk, ours] = await Promise.all([observed(false), observed(true)]);
        for (const peer of [sdk, ours]) {
          await peer.feed(INITIALIZE);
          for (const [i, m] of messages.entries()) await peer.feed(m, i % 2 ? `caller-${i}` : undefined);
          await peer.feed({ jsonrpc: '2.0', id: 'last', method: 'ping' });
          await until(() => peer.sent.some((m) => (m as { id?: unknown }).id === 'last'));
          // No handler here waits for I/O: a few turns of the event loop let every answer out.
          for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
        }
        expect(ours.sent).toEqual(sdk.sent);
        expect(ours.errors).toEqual(sdk.errors);
        expect(ours.earlier).toEqual(sdk.earlier);
      }),
      150,
    );
  });

  it("delivers a tools/call to its handler with the request's extra information, after the earlier handler saw it", async () => {
    const ours = await observed(true);
    await ours.feed(INITIALIZE);
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } };
    await ours.feed(call, 'team-a');
    await until(() => ours.sent.length === 2);
    expect(ours.sent[1]).toEqual({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'hi from team-a' }] } });
    expect(ours.earlier).toEqual([
      { message: INITIALIZE, token: undefined },
      { message: call, token: 'team-a' },
    ]);
  });
});
