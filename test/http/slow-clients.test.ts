/**
 * Slow and numerous clients: a request whose body never finishes is answered 408 and closed once
 * the request timeout passes, and connections beyond the cap are closed at once, while the server
 * keeps serving the others. Small limits here; the defaults are 75 s and 4 x max sessions + 64.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, maxConnectionsFor } from '../../src/config/config.js';
import { AGENT_ID, startFixture, type Fixture } from './setup.js';

const MAX_CONNECTIONS = 4;
let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture([], { requestTimeoutMs: 500, connectionsCheckingIntervalMs: 100, maxConnections: MAX_CONNECTIONS });
});
afterAll(() => fixture.close());

/** A raw connection to the server, with everything it received and whether the server closed it. */
function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(fixture.handle.port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', () => {});
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const healthz = async (): Promise<number> => (await fetch(`http://127.0.0.1:${fixture.handle.port}/healthz`)).status;

describe('slow and numerous clients', () => {
  it('has defaults that bound both', () => {
    expect(DEFAULTS.requestTimeoutMs).toBeLessThan(300_000);
    expect(maxConnectionsFor(DEFAULTS.maxSessions)).toBe(464);
  });

  it('answers a body that never finishes with 408 and closes its connection', async () => {
    const slow = await open();
    slow.socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${fixture.handle.port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{`,
    );
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(await healthz()).toBe(200);
  });

  it('leaves a session and its event stream alone past the request timeout', async () => {
    const client = await fixture.connect();
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const result = await client.callTool({ name: 'ice_list_agent_instances', arguments: { AIAgentId: AGENT_ID } });
    expect(result.isError).toBeFalsy();
    await client.close();
  });

  it('closes connections beyond the cap at once, and serves again when one closes', async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open()));
    const extra = await open();
    await extra.closed;
    expect(extra.received()).toBe('');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await healthz()).toBe(200);
    for (const h of held) h.socket.destroy();
  });
});
