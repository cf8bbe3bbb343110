/** The four tools through a real MCP client, against the emulator on loopback. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultToolNames } from '../helpers/tools.js';
import { allSecrets, demoInstances, finishedInstance, liveInstance, startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness;
const agentOf = (id: string) => demoInstances().find((i) => i.InstanceId === id)!.AIAgentId;

beforeAll(async () => {
  h = await startHarness({ flags: ['--confirm', 'none'] });
});
afterAll(() => h.close());
afterEach(() => {
  h.emu.clearFaults();
  h.emu.clearRequests();
});

describe('tools/list', () => {
  it('lists the operation table, each schema closed, described and without $ref', async () => {
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(defaultToolNames());
    for (const listed of tools) {
      expect(Object.keys(listed.inputSchema.properties ?? {}).length).toBeGreaterThan(1);
      expect(listed.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(JSON.stringify(listed.inputSchema)).not.toContain('$ref');
      for (const [name, property] of Object.entries(listed.inputSchema.properties ?? {})) {
        expect((property as { description?: string }).description, `${listed.name}.${name}`).toBeTruthy();
      }
    }
  });

  it('annotates reads and writes from their kind', async () => {
    const { tools } = await h.client.listTools();
    const hints = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(hints.ice_list_agent_instances).toEqual({ readOnlyHint: true, idempotentHint: true, openWorldHint: true });
    expect(hints.ice_describe_agent_instance).toEqual({ readOnlyHint: true, idempotentHint: true, openWorldHint: true });
    expect(hints.ice_update_agent_instance).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: true,
    });
    expect(hints.ice_send_agent_speech).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
  });

  it('stays within 12 KB with the default toolsets', async () => {
    const { tools } = await h.client.listTools();
    expect(Buffer.byteLength(JSON.stringify({ tools }))).toBeLessThanOrEqual(12 * 1024);
  });
});

describe('ice_list_agent_instances', () => {
  const agent = agentOf(liveInstance());

  it('returns a summary per instance by default, with the JSON also as text', async () => {
    const result = await h.call('ice_list_agent_instances', { AIAgentId: agent, PageSize: 100 });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { Instances: Record<string, unknown>[]; Count: number; Detail: string };
    expect(JSON.parse(textOf(result))).toEqual(out);
    expect(out.Detail).toBe('summary');
    expect(out.Count).toBe(demoInstances().filter((i) => i.AIAgentId === agent).length);
    const live = out.Instances.find((i) => i.Status === 'Executing')!;
    expect(Object.keys(live).sort()).toEqual(
      expect.arrayContaining(['Status', 'ChannelId', 'AgentUserId', 'VoiceId', 'Greeting', 'HasCallLog']),
    );
    expect(live).not.toHaveProperty('RuntimeConfig');
    expect(h.requests('ListAIAgentInstance')[0]!.params).toEqual({ AIAgentId: agent, PageSize: '100' });
  });

  it('returns whole (redacted) instances with Detail "full"', async () => {
    const result = await h.call('ice_list_agent_instances', { AIAgentId: agent, Detail: 'full' });
    const out = result.structuredContent as { Instances: Record<string, unknown>[] };
    expect(out.Instances[0]).toHaveProperty('AgentConfig');
    expect(out.Instances[0]).toHaveProperty('RuntimeConfig');
    expect(JSON.stringify(out)).toContain('[redacted]');
  });

  it('fetches every page with AllPages and stops at the first short page', async () => {
    const bulk = 'bulk-agent-allpages';
    h.emu.addInstances(bulk, 250);
    const result = await h.call('ice_list_agent_instances', { AIAgentId: bulk, AllPages: true });
    const out = result.structuredContent as { Count: number; Truncated: boolean; Pages: number };
    expect(out.Count).toBe(250);
    expect(out.Truncated).toBe(false);
    const pages = h
      .requests('ListAIAgentInstance')
      .map((r) => Number(r.params.PageNumber))
      .sort((a, b) => a - b);
    expect(pages.slice(0, 3)).toEqual([1, 2, 3]);
    expect(h.requests('ListAIAgentInstance').every((r) => r.params.PageSize === '100')).toBe(true);
  });

  it('passes the time range and paging through', async () => {
    await h.call('ice_list_agent_instances', {
      AIAgentId: agent,
      StartTime: '2025-01-01T00:00:00Z',
      EndTime: '2030-01-01T00:00+08:00',
      PageSize: 5,
      PageNumber: 2,
    });
    expect(h.requests('ListAIAgentInstance')[0]!.params).toEqual({
      AIAgentId: agent,
      StartTime: '2025-01-01T00:00:00Z',
      EndTime: '2030-01-01T00:00+08:00',
      PageSize: '5',
      PageNumber: '2',
    });
  });

  it.each([
    [{ AIAgentId: 'a', PageSize: 101 }, 'PageSize'],
    [{ AIAgentId: 'a', PageSize: -1 }, 'PageSize'],
    [{ AIAgentId: 'a', PageNumber: 0 }, 'PageNumber'],
    [{ AIAgentId: 'a', PageNumber: 101 }, 'PageNumber'],
    [{ AIAgentId: 'a', StartTime: '2025-01-01' }, 'StartTime'],
    [{ AIAgentId: 'a', EndTime: '2025-02-30T00:00:00Z' }, 'EndTime'],
    [{ AIAgentId: 'a', StartTime: '2025-02-01T00:00:00Z', EndTime: '2025-01-01T00:00:00Z' }, 'StartTime'],
    [{ AIAgentId: 'a', Detail: 'everything' }, 'Detail'],
    [{ AIAgentId: 'a', AllPages: true, PageSize: 0 }, 'PageSize'],
    [{ AIAgentId: 'a', Extra: 1 }, 'Extra'],
    [{}, 'AIAgentId'],
  ])('refuses %j naming %s, and sends nothing', async (args, parameter) => {
    const result = await h.call('ice_list_agent_instances', args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(parameter);
    expect(h.emu.requests).toHaveLength(0);
  });
});

describe('ice_describe_agent_instance', () => {
  it('describes an instance and links to its resources', async () => {
    const id = finishedInstance();
    const result = await h.call('ice_describe_agent_instance', { InstanceId: id });
    const out = result.structuredContent as { Instance: Record<string, unknown>; RequestId: string; RegionId: string };
    expect(out.Instance).toMatchObject({ InstanceId: id, Status: 'Finished' });
    expect(out.RegionId).toBe('cn-shanghai');
    expect(out.RequestId).toBe(h.requests('DescribeAIAgentInstance')[0]!.requestId);
    const links = result.content.filter((c) => c.type === 'resource_link');
    expect(links.map((l) => (l as { uri: string }).uri)).toContain(`ice://instances/${id}`);
  });

  it('turns an unknown instance into an error with code, status, RequestId and a next step', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: 'no-such-instance' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const text = textOf(result);
    expect(text).toContain('InvalidInstanceId.NotFound (HTTP 404)');
    expect(text).toContain(`RequestId: ${h.requests('DescribeAIAgentInstance')[0]!.requestId}`);
    expect(text).toMatch(/Next step: .*ice_list_agent_instances/);
  });

  it('refuses a RegionId the configured endpoint cannot reach', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: liveInstance(), RegionId: 'cn-beijing' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/RegionId "cn-beijing"/);
    expect(h.emu.requests).toHaveLength(0);
  });
});

describe('ice_update_agent_instance (--confirm none)', () => {
  it('sends only the given fields, as one JSON string', async () => {
    const id = liveInstance();
    const result = await h.call('ice_update_agent_instance', {
      InstanceId: id,
      AgentConfig: { Greeting: 'Hello from the test', EnablePushToTalk: true },
    });
    expect(result.structuredContent).toMatchObject({ status: 'executed', InstanceId: id });
    const [wire] = h.requests('UpdateAIAgentInstance');
    expect(JSON.parse(wire!.params.AgentConfig!)).toEqual({ Greeting: 'Hello from the test', EnablePushToTalk: true });
  });

  it('accepts AgentConfig as a JSON string, and BailianAppParams as an object', async () => {
    const id = liveInstance();
    const AgentConfig = JSON.stringify({ LlmConfig: { BailianAppParams: { biz_params: { tier: 'gold' } } } });
    const result = await h.call('ice_update_agent_instance', { InstanceId: id, AgentConfig });
    expect(result.isError).toBeFalsy();
    const sent = JSON.parse(h.requests('UpdateAIAgentInstance')[0]!.params.AgentConfig!) as { LlmConfig: { BailianAppParams: string } };
    expect(JSON.parse(sent.LlmConfig.BailianAppParams)).toEqual({ biz_params: { tier: 'gold' } });
  });

  it.each([
    [{ AgentConfig: { MaxIdleTime: 10 } }, /TtsConfig\.VoiceId.*LlmConfig\.BailianAppParams/],
    [{ AgentConfig: { TtsConfig: { SpeechRate: 1.2 } } }, /SpeechRate/],
    [{ AgentConfig: { Volume: 401 } }, /Volume/],
    [{ AgentConfig: { VoiceprintConfig: { UseVoiceprint: true } } }, /VoiceprintId/],
    [{ AgentConfig: '{not json' }, /AgentConfig/],
    [{}, /at least one of AgentConfig, TemplateConfig, UserData/],
  ])('refuses %j and sends nothing', async (extra, pattern) => {
    const result = await h.call('ice_update_agent_instance', { InstanceId: liveInstance(), ...extra });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(pattern);
    expect(h.emu.requests).toHaveLength(0);
  });

  it('refuses an update on a finished instance after reading it, even without confirmation, and sends nothing', async () => {
    const result = await h.call('ice_update_agent_instance', { InstanceId: finishedInstance(), AgentConfig: { Volume: 10 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^InstanceFinished: /);
    expect(h.emu.requests.map((r) => r.action)).toEqual(['DescribeAIAgentInstance']);
  });
});

describe('ice_send_agent_speech (--confirm none)', () => {
  it('speaks, interrupting by default', async () => {
    const id = liveInstance();
    const result = await h.call('ice_send_agent_speech', { InstanceId: id, Text: 'One moment please' });
    expect(result.structuredContent).toMatchObject({ status: 'executed' });
    expect(h.requests('SendAIAgentSpeech')[0]!.params).toEqual({
      InstanceId: id,
      Text: 'One moment please',
      EnableInterrupt: 'true',
      Type: 'Text',
    });
  });

  it('counts characters as code points: 1024 emoji pass, 1025 do not', async () => {
    const ok = await h.call('ice_send_agent_speech', { InstanceId: liveInstance(), Text: '😀'.repeat(1024) });
    expect(ok.isError).toBeFalsy();
    const tooLong = await h.call('ice_send_agent_speech', { InstanceId: liveInstance(), Text: 'a'.repeat(1025) });
    expect(tooLong.isError).toBe(true);
    expect(textOf(tooLong)).toContain('Text');
    expect(h.requests('SendAIAgentSpeech')).toHaveLength(1);
  });

  it.each([
    [{ Text: '' }, /Text/],
    [{ Text: 'hi', Type: 'Video' }, /Type/],
    [{ Text: 'not a url', Type: 'AudioUrl' }, /AudioUrl.*http/],
    [{ Text: 'ftp://x/a.mp3', Type: 'AudioUrl' }, /http/],
    [{ Text: 'hi', EnableInterrupt: 'yes' }, /EnableInterrupt/],
  ])('refuses %j and sends nothing', async (extra, pattern) => {
    const result = await h.call('ice_send_agent_speech', { InstanceId: liveInstance(), ...extra });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(pattern);
    expect(h.emu.requests).toHaveLength(0);
  });
});

describe('the error funnel', () => {
  it.each([
    [{ status: 403, code: 'Forbidden.RAM' }, /Forbidden\.RAM \(HTTP 403\)[\s\S]*ice:DescribeAIAgentInstance/],
    [{ status: 400, code: 'SignatureDoesNotMatch' }, /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    [{ status: 403, code: 'Forbidden.SubscriptionRequired' }, /real-time conversational AI/],
    [{ status: 400, code: 'Throttling.User', times: 3 }, /Tried 3 times/],
    [{ status: 500, code: 'InternalError', times: 3 }, /InternalError \(HTTP 500\)/],
    [{ nonJson: true, times: 3 }, /InvalidResponse \(HTTP 502\)/],
    [{ xml: true, status: 403, code: 'Forbidden.RAM' }, /Forbidden\.RAM \(HTTP 403\)[\s\S]*ice:DescribeAIAgentInstance/],
    [{ xml: true, status: 503, code: 'ServiceUnavailable', times: 3 }, /ServiceUnavailable \(HTTP 503\)[\s\S]*Tried 3 times/],
  ])('maps %j to a clear error', async (fault, pattern) => {
    h.emu.injectFault({ action: 'DescribeAIAgentInstance', ...fault });
    const result = await h.call('ice_describe_agent_instance', { InstanceId: liveInstance() });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(pattern);
    // and the server answers the next call normally
    h.emu.clearFaults();
    const next = await h.call('ice_describe_agent_instance', { InstanceId: liveInstance() });
    expect(next.isError).toBeFalsy();
  });

  it('names the RequestId of an error answered as XML, as of one answered as JSON', async () => {
    for (const xml of [false, true]) {
      h.emu.clearRequests();
      h.emu.injectFault({ action: 'DescribeAIAgentInstance', status: 403, code: 'Forbidden.RAM', xml });
      const result = await h.call('ice_describe_agent_instance', { InstanceId: liveInstance() });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(h.requests('DescribeAIAgentInstance')[0]!.requestId);
    }
  });

  it('says a failed speech may have happened, and does not repeat it', async () => {
    h.emu.injectFault({ action: 'SendAIAgentSpeech', reset: true });
    const result = await h.call('ice_send_agent_speech', { InstanceId: liveInstance(), Text: 'hello' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Outcome unknown/);
    expect(h.requests('SendAIAgentSpeech')).toHaveLength(1);
  });
});

describe('redaction', () => {
  it('no secret of the demo seed appears in any tool output', async () => {
    const outputs: string[] = [];
    for (const agent of new Set(demoInstances().map((i) => i.AIAgentId))) {
      for (const Detail of ['summary', 'full'])
        outputs.push(JSON.stringify(await h.call('ice_list_agent_instances', { AIAgentId: agent, Detail })));
    }
    for (const { InstanceId } of demoInstances()) outputs.push(JSON.stringify(await h.call('ice_describe_agent_instance', { InstanceId })));
    const all = outputs.join('\n');
    expect(all).toContain('[redacted]');
    for (const secret of allSecrets()) expect(all).not.toContain(secret);
    expect(all).toContain('longcheng_v2'); // and what is not secret stays readable
  });
});
