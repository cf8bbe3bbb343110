import { afterEach, describe, expect, test } from 'vitest';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { INIT, LIVE_ID, MCP_HEADERS, raw, sseMessages, startFixture, structured, type Fixture } from './setup.js';
import { defaultToolNames } from '../helpers/tools.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('stateless Streamable HTTP', () => {
  test('two separate POSTs each get an answer, with no session id', async () => {
    fixture = await startFixture(['--stateless']);
    const init = await raw(fixture.handle.url, { headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    expect(init.status).toBe(200);
    expect(init.headers['mcp-session-id']).toBeUndefined();
    expect(sseMessages(init.text)[0]).toMatchObject({ id: 1, result: { serverInfo: { name: 'ice-agent-mcp' } } });

    const list = await raw(fixture.handle.url, {
      headers: MCP_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }),
    });
    expect(list.status).toBe(200);
    const [message] = sseMessages(list.text) as { result?: { tools?: unknown[] } }[];
    expect(message?.result?.tools).toHaveLength(defaultToolNames().length);
    expect(fixture.handle.sessions()).toBe(0);
  });

  test('GET and DELETE on /mcp get 405', async () => {
    fixture = await startFixture(['--stateless']);
    for (const method of ['GET', 'DELETE']) {
      const res = await raw(fixture.handle.url, { method, headers: { accept: 'text/event-stream' } });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expect(res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    }
  });

  test('auto confirmation refuses writes: without a session nobody can be asked, and auto never picks a token', async () => {
    fixture = await startFixture(['--stateless']);
    const client = await fixture.connect({ capabilities: { elicitation: { form: {} } } });
    const result = await client.callTool({ name: 'ice_send_agent_speech', arguments: { InstanceId: LIVE_ID, Text: 'Stateless hello' } });
    expect(result.isError).toBe(true);
    const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
    expect(text).toMatch(/^ConfirmationUnavailable: .*--confirm token/s);
    expect(fixture.sent('SendAIAgentSpeech')).toBe(0);
  });

  test('--confirm token: a token issued by one request is honoured by the next, once', async () => {
    fixture = await startFixture(['--stateless', '--confirm', 'token']);
    // Declaring elicitation is not enough without a session: the server answering the call never saw it.
    const client = await fixture.connect({ capabilities: { elicitation: { form: {} } } });
    let asked = 0;
    client.setRequestHandler(ElicitRequestSchema, () => {
      asked += 1;
      return { action: 'accept', content: { confirm: true } };
    });
    const args = { InstanceId: LIVE_ID, Text: 'Stateless hello' };

    const first = structured(await client.callTool({ name: 'ice_send_agent_speech', arguments: args }));
    expect(first.status).toBe('confirmation_required');
    expect(typeof first.confirmationToken).toBe('string');
    expect(fixture.sent('SendAIAgentSpeech')).toBe(0);

    const second = structured(
      await client.callTool({ name: 'ice_send_agent_speech', arguments: { ...args, ConfirmationToken: first.confirmationToken } }),
    );
    expect(second.status).toBe('executed');
    expect(fixture.sent('SendAIAgentSpeech')).toBe(1);
    expect(asked).toBe(0);

    // Single use holds across servers too.
    const again = await client.callTool({
      name: 'ice_send_agent_speech',
      arguments: { ...args, ConfirmationToken: first.confirmationToken },
    });
    expect(again.isError).toBe(true);
    expect(fixture.sent('SendAIAgentSpeech')).toBe(1);
  });
});
