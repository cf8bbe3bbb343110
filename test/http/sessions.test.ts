import { afterEach, describe, expect, test } from 'vitest';
import { ElicitRequestSchema, type ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  AGENT_ID,
  AGENT_INSTANCE_COUNT,
  INIT,
  LIVE_ID,
  MCP_HEADERS,
  TOKEN,
  raw,
  startFixture,
  structured,
  until,
  manualClock,
  type Fixture,
} from './setup.js';
import { defaultToolNames } from '../helpers/tools.js';
import { holdFirst } from '../helpers/ice.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('stateful Streamable HTTP', () => {
  test('a full session: initialize, list tools, list and describe, then DELETE ends it', async () => {
    fixture = await startFixture([], { tokens: [TOKEN] });
    const client = await fixture.connect({ token: TOKEN });
    expect(client.getServerVersion()?.name).toBe('ice-agent-mcp');
    expect(fixture.handle.sessions()).toBe(1);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(defaultToolNames());
    const list = structured(await client.callTool({ name: 'ice_list_agent_instances', arguments: { AIAgentId: AGENT_ID } }));
    expect(list.Count).toBe(AGENT_INSTANCE_COUNT);
    const described = structured(await client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: LIVE_ID } }));
    expect(JSON.stringify(described)).toContain('Executing');
    expect(fixture.sent('DescribeAIAgentInstance')).toBe(1);

    await (client.transport as StreamableHTTPClientTransport).terminateSession();
    expect(fixture.handle.sessions()).toBe(0);
    // The access log names method, path, status and time, and never the token.
    const log = fixture.logs.join('');
    expect(log).toMatch(/http: POST \/mcp 200 \d+ms/);
    expect(log).toMatch(/http: DELETE \/mcp 200 \d+ms/);
    expect(log).not.toContain(TOKEN);
    expect(log).toContain('bearer token required');
  });

  test('five clients in parallel get five sessions and all their calls succeed', async () => {
    fixture = await startFixture();
    const f = fixture;
    const results = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const client = await f.connect();
        const list = structured(await client.callTool({ name: 'ice_list_agent_instances', arguments: { AIAgentId: AGENT_ID } }));
        const described = structured(await client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: LIVE_ID } }));
        return { id: (client.transport as StreamableHTTPClientTransport).sessionId, count: list.Count, described };
      }),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(5);
    expect(results.every((r) => r.count === AGENT_INSTANCE_COUNT && JSON.stringify(r.described).includes(LIVE_ID))).toBe(true);
    expect(f.handle.sessions()).toBe(5);
    expect(f.sent('DescribeAIAgentInstance')).toBe(5);
  });

  test('elicitation works over an HTTP session: one confirmed speech is sent once', async () => {
    fixture = await startFixture(['--confirm', 'elicit']);
    const client = await fixture.connect({ capabilities: { elicitation: { form: {} } } });
    const asked: ElicitRequest['params'][] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params);
      return { action: 'accept', content: { confirm: true } };
    });
    const result = structured(
      await client.callTool({ name: 'ice_send_agent_speech', arguments: { InstanceId: LIVE_ID, Text: 'Hello from HTTP' } }),
    );
    expect(result.status).toBe('executed');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain(LIVE_ID);
    expect(fixture.sent('SendAIAgentSpeech')).toBe(1);
  });

  test('at maxSessions a newcomer closes the least recently used idle session, and /healthz stays ok', async () => {
    fixture = await startFixture([], { maxSessions: 2 });
    const first = await fixture.connect();
    const second = await fixture.connect();
    await second.listTools(); // now the first is the least recently used
    const third = await fixture.connect();
    expect((await third.listTools()).tools).toHaveLength(defaultToolNames().length);
    expect(fixture.handle.sessions()).toBe(2);
    await expect(first.listTools()).rejects.toThrow(/404|not found/i);
    expect((await second.listTools()).tools).toHaveLength(defaultToolNames().length);
    expect(fixture.logs.join('')).toContain('closed the least recently used idle session to make room (at most 2)');
    const health = await raw(fixture.handle.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', sessions: 2, busySessions: 0, maxSessions: 2 });
  });

  test('an unknown session id gets 404, a non-initialize POST without one gets 400', async () => {
    fixture = await startFixture();
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    const unknown = await raw(fixture.handle.url, {
      headers: { ...MCP_HEADERS, 'mcp-session-id': 'no-such-session' },
      body: JSON.stringify(list),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: -32001 } });
    const noSession = await raw(fixture.handle.url, { headers: MCP_HEADERS, body: JSON.stringify(list) });
    expect(noSession.status).toBe(400);
  });

  test('an idle session expires, but not while a call is still running', async () => {
    // Time moves when the test says, expiry runs when the test sweeps, and the call waits before the
    // cloud until it is released: the outcome depends on the order of events, not on this machine's speed.
    const time = manualClock();
    const held = holdFirst('DescribeAIAgentInstance');
    fixture = await startFixture([], { sessionIdleMs: 150 }, { sessionClock: time.clock, wrapCall: held.wrap });
    const client = await fixture.connect();
    const call = client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: LIVE_ID } });
    await held.entered;
    // However long the call takes, a busy session is not cut off.
    time.advance(10_000);
    fixture.handle.sweepSessions();
    expect(fixture.handle.sessions()).toBe(1);
    held.release();
    expect(structured(await call).Instance).toMatchObject({ InstanceId: LIVE_ID });
    fixture.handle.sweepSessions();
    expect(fixture.handle.sessions()).toBe(1); // just answered: not idle yet

    const f = fixture;
    time.advance(149);
    f.handle.sweepSessions();
    expect(f.handle.sessions()).toBe(1);
    time.advance(1);
    f.handle.sweepSessions();
    expect(f.handle.sessions()).toBe(0);
    await until(() => f.logs.join('').includes('closed a session idle for 150 ms (0 open)'));
    await expect(client.listTools()).rejects.toThrow(/404|not found/i);
  });

  test('an initialize the transport refuses (wrong Accept) leaves no session behind', async () => {
    fixture = await startFixture();
    const res = await raw(fixture.handle.url, { headers: { ...MCP_HEADERS, accept: 'application/json' }, body: JSON.stringify(INIT) });
    expect(res.status).toBe(406);
    expect(fixture.handle.sessions()).toBe(0);
  });
});
