/** One HTTP server shared by several teams: sessions bound to tokens, scoped memory, /healthz, resumable streams. */
import { afterEach, describe, expect, test } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { INIT, LIVE_ID, MCP_HEADERS, raw, sseMessages, startFixture, structured, type Fixture } from './setup.js';
import { startProxy, type Proxy } from '../helpers/proxy.js';

const TEAM_A = 'team-a-token-0123456789abcdef';
const TEAM_B = 'team-b-token-0123456789abcdef';
let fixture: Fixture | undefined;
let proxy: Proxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await fixture?.close();
  fixture = proxy = undefined;
});

const sessionOf = (client: Client): string => String((client.transport as StreamableHTTPClientTransport).sessionId);

describe('a server shared by several tokens', () => {
  test('a session answers only the token that opened it; another token gets the unknown-session 404', async () => {
    fixture = await startFixture([], { tokens: [TEAM_A, TEAM_B] });
    const a = await fixture.connect({ token: TEAM_A });
    const list = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list', params: {} });
    const ask = (token: string, session: string) =>
      raw(fixture!.handle.url, { headers: { ...MCP_HEADERS, authorization: `Bearer ${token}`, 'mcp-session-id': session }, body: list });
    const foreign = await ask(TEAM_B, sessionOf(a));
    const unknown = await ask(TEAM_B, 'no-such-session');
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(unknown.text);
    const own = await ask(TEAM_A, sessionOf(a));
    expect(own.status).toBe(200);
    expect(sseMessages(own.text)).toMatchObject([{ id: 5, result: { tools: expect.any(Array) } }]);
    // Without a token the bearer check answers first.
    expect((await raw(fixture.handle.url, { headers: { ...MCP_HEADERS, 'mcp-session-id': sessionOf(a) }, body: list })).status).toBe(401);
  });

  test('without configured tokens, a session opened with an Authorization header is still bound to it', async () => {
    fixture = await startFixture();
    const a = await fixture.connect({ token: TEAM_A });
    const list = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list', params: {} });
    const bare = await raw(fixture.handle.url, { headers: { ...MCP_HEADERS, 'mcp-session-id': sessionOf(a) }, body: list });
    expect(bare.status).toBe(404);
  });

  test('recently seen instances belong to the token that saw them', async () => {
    fixture = await startFixture([], { tokens: [TEAM_A, TEAM_B] });
    const a = await fixture.connect({ token: TEAM_A });
    const b = await fixture.connect({ token: TEAM_B });
    structured(await a.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: LIVE_ID } }));
    expect((await a.listResources()).resources.map((r) => r.uri)).toEqual([`ice://instances/${LIVE_ID}`]);
    expect((await b.listResources()).resources).toEqual([]);
    const again = await fixture.connect({ token: TEAM_A });
    expect((await again.listResources()).resources).toHaveLength(1);
  });

  test('/healthz says 503 "full" while every session has a call waiting on a person, and ok again after', async () => {
    fixture = await startFixture(['--confirm', 'elicit'], { maxSessions: 1 });
    const a = await fixture.connect({ capabilities: { elicitation: { form: {} } } });
    let answer: (() => void) | undefined;
    const asked = new Promise<void>((resolve) => {
      a.setRequestHandler(ElicitRequestSchema, async () => {
        resolve();
        await new Promise<void>((r) => (answer = r));
        return { action: 'accept', content: { confirm: true } };
      });
    });
    const call = a.callTool({ name: 'ice_send_agent_speech', arguments: { InstanceId: LIVE_ID, Text: 'hold on' } });
    await asked;
    const health = await raw(fixture.handle.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(503);
    expect(health.json()).toMatchObject({ status: 'full', sessions: 1, busySessions: 1, maxSessions: 1 });
    const refused = await raw(fixture.handle.url, { headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    expect(refused.status).toBe(503);
    answer?.();
    expect(structured(await call).status).toBe('executed');
    expect((await raw(fixture.handle.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  test('SSE streams carry ids and a retry field; a stream cut before the approval question resumes with Last-Event-ID', async () => {
    fixture = await startFixture(['--confirm', 'elicit']);
    const init = await raw(fixture.handle.url, {
      headers: MCP_HEADERS,
      body: JSON.stringify({ ...INIT, params: { ...INIT.params, protocolVersion: '2025-11-25' } }),
    });
    expect(init.text).toMatch(/^id: \S+\nretry: 1000\n/m);

    proxy = await startProxy([fixture.handle.port]);
    const client = new Client({ name: 'resuming', version: '1' }, { capabilities: { elicitation: { form: {} } } });
    let asked = 0;
    client.setRequestHandler(ElicitRequestSchema, () => {
      asked++;
      return { action: 'accept', content: { confirm: true } };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url)));
    const cut = proxy.cutBefore('elicitation/create');
    const result = client.callTool({ name: 'ice_send_agent_speech', arguments: { InstanceId: LIVE_ID, Text: 'resumed' } });
    await cut;
    expect(structured(await result).status).toBe('executed');
    expect(asked).toBe(1);
    expect(fixture.sent('SendAIAgentSpeech')).toBe(1);
    await client.close();
  });
});
