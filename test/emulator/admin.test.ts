import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEYS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { EXECUTING_ID, FINISHED_ID, SUPPORT_AGENT, admin, iceClient, rawRequest, type Caller } from './helpers.js';

let emu: Emulator;
let call: Caller;
beforeEach(async () => {
  emu = await startEmulator();
  call = iceClient(emu.endpoint, DEMO_KEYS[0] ?? { accessKeyId: '', accessKeySecret: '' });
});
afterEach(async () => {
  await emu.close();
});

describe('call logs', () => {
  it('serves the call log behind CallLogUrl as JSON, without signing', async () => {
    const described = await call('DescribeAIAgentInstance', { InstanceId: FINISHED_ID });
    const url = (described.body.Instance as Record<string, unknown>).CallLogUrl as string;
    const res = await rawRequest(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
    const log = JSON.parse(res.text) as Array<Record<string, unknown>>;
    expect(log.length).toBeGreaterThan(1);
    expect(log[0]).toMatchObject({ Role: 'agent', Text: expect.any(String) });
  });

  it('answers 404 for instances without a served log, and logs none of these downloads as API calls', async () => {
    expect((await rawRequest(`${emu.baseUrl}/call-logs/${EXECUTING_ID}.json`)).status).toBe(404);
    expect((await rawRequest(`${emu.baseUrl}/call-logs/unknown.json`)).status).toBe(404);
    expect((await rawRequest(`${emu.baseUrl}/call-logs/${FINISHED_ID}.json`, { method: 'POST' })).status).toBe(405);
    expect(emu.requests).toEqual([]);
  });
});

describe('admin endpoints', () => {
  it('reports health', async () => {
    const res = await admin(emu.baseUrl, 'GET', 'health');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      endpoint: emu.endpoint,
      instances: 9,
      agents: expect.arrayContaining([SUPPORT_AGENT]),
    });
  });

  it('shows and clears the request log, without logging itself', async () => {
    await call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT, PageSize: '2' });
    const shown = (await admin(emu.baseUrl, 'GET', 'requests')).json().requests as Array<Record<string, unknown>>;
    expect(shown).toEqual([
      expect.objectContaining({ action: 'ListAIAgentInstance', status: 200, params: { AIAgentId: SUPPORT_AGENT, PageSize: '2' } }),
    ]);
    expect(emu.requests).toHaveLength(1);
    const requests = emu.requests;
    expect((await admin(emu.baseUrl, 'DELETE', 'requests')).status).toBe(200);
    expect(requests).toHaveLength(0);
    await call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT });
    emu.clearRequests();
    expect(emu.requests).toEqual([]);
  });

  it('shows instances with their spoken items, and bulk-creates instances', async () => {
    await call('SendAIAgentSpeech', { InstanceId: EXECUTING_ID, Text: 'from the test' });
    const one = (await admin(emu.baseUrl, 'GET', `instances/${EXECUTING_ID}`)).json();
    expect(one).toMatchObject({
      InstanceId: EXECUTING_ID,
      AIAgentId: SUPPORT_AGENT,
      speeches: [expect.objectContaining({ Text: 'from the test' })],
    });
    expect((await admin(emu.baseUrl, 'GET', 'instances/nope')).status).toBe(404);
    const created = await admin(emu.baseUrl, 'POST', 'instances', { AIAgentId: 'bulk-agent', count: 3, template: { Status: 'Finished' } });
    expect(created.status).toBe(201);
    expect(created.json().InstanceIds).toHaveLength(3);
    const listed = (await admin(emu.baseUrl, 'GET', 'instances?AIAgentId=bulk-agent')).json().instances as Array<Record<string, unknown>>;
    expect(listed.map((i) => i.Status)).toEqual(['Finished', 'Finished', 'Finished']);
    expect((await admin(emu.baseUrl, 'POST', 'instances', { AIAgentId: 'x', count: 0 })).status).toBe(400);
    expect((await admin(emu.baseUrl, 'GET', 'nothing-here')).status).toBe(404);
  });
});

describe('store view', () => {
  it('hands out copies, and setStatus finishes an instance', async () => {
    const copy = emu.store.getInstance(EXECUTING_ID);
    if (copy === undefined) throw new Error('seed instance missing');
    copy.AgentConfig.Greeting = 'mutated';
    expect(emu.store.getInstance(EXECUTING_ID)?.AgentConfig.Greeting).not.toBe('mutated');
    expect(emu.store.setStatus(EXECUTING_ID, 'Finished')).toBe(true);
    expect(emu.store.setStatus('unknown', 'Finished')).toBe(false);
    const described = await call('DescribeAIAgentInstance', { InstanceId: EXECUTING_ID });
    expect((described.body.Instance as Record<string, unknown>).Status).toBe('Finished');
    expect(emu.store.size()).toBe(9);
  });
});

describe('close', () => {
  it('closes promptly while the client holds keep-alive sockets, and the port stops answering', async () => {
    await call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT });
    // No stopwatch: a close() held open by a socket never resolves, and the test timeout says so.
    await emu.close();
    await expect(rawRequest(`${emu.baseUrl}/_emulator/health`)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('admin Host and Origin checks (the MCP endpoint rule)', () => {
  const port = (): string => emu.endpoint.split(':').pop() ?? '';

  it.each<[string, { host?: string; origin?: string }]>([
    ['a rebinding name', { host: 'rebind.evil.example:PORT' }],
    ['a loopback name on another port', { host: '127.0.0.1:1' }],
    ['localhost without the port', { host: 'localhost' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['the null Origin', { origin: 'null' }],
    ['an Origin on another port', { origin: 'http://127.0.0.1:1' }],
  ])('refuses %s, for reads and writes alike', async (_name, headers) => {
    const h: Record<string, string> = {};
    if (headers.host !== undefined) h.host = headers.host.replace('PORT', port());
    if (headers.origin !== undefined) h.origin = headers.origin;
    const read = await rawRequest(`${emu.baseUrl}/_emulator/requests`, { headers: h });
    expect(read.status).toBe(403);
    expect(read.text).not.toContain('requests":');
    const write = await rawRequest(`${emu.baseUrl}/_emulator/instances`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'text/plain' },
      body: JSON.stringify({ AIAgentId: 'csrf', count: 1 }),
    });
    expect(write.status).toBe(403);
    expect(emu.store.listInstances('csrf')).toEqual([]);
  });

  it.each([`127.0.0.1:PORT`, `localhost:PORT`, `LOCALHOST.:PORT`])('answers Host %s, also with its own Origin', async (host) => {
    const h = host.replace('PORT', port());
    expect((await rawRequest(`${emu.baseUrl}/_emulator/health`, { headers: { host: h } })).status).toBe(200);
    expect((await rawRequest(`${emu.baseUrl}/_emulator/health`, { headers: { host: h, origin: `http://${h}` } })).status).toBe(200);
  });
});
