/** Concurrency, voices and notify config through a real MCP client, against the emulator. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allSecrets, startHarness, textOf, type Harness } from '../helpers/harness.js';

const SUPPORT_AGENT = '5f1e9c2ab3d84e7f9a0b1c2d3e4f5a6b';
const TUTOR_AGENT = '2b4d6f8a0c1e4a3b8d7f9e1c2a3b4c5d';

let h: Harness;
beforeAll(async () => void (h = await startHarness()));
afterAll(() => h.close());
afterEach(() => h.emu.clearRequests());

describe('ice_get_agent_concurrency', () => {
  it("counts the agent's Executing calls, sending only AIAgentId", async () => {
    const executing = h.emu.store.listInstances(SUPPORT_AGENT).filter((i) => i.Status === 'Executing').length;
    const result = await h.call('ice_get_agent_concurrency', { AIAgentId: SUPPORT_AGENT });
    expect(result.structuredContent).toMatchObject({ AIAgentId: SUPPORT_AGENT, ActiveCount: executing, RegionId: 'cn-shanghai' });
    expect(h.emu.requests.map((r) => [r.action, r.params])).toEqual([['GetAIAgentConcurrency', { AIAgentId: SUPPORT_AGENT }]]);
  });

  it('an unknown agent is an error naming the code and the next step', async () => {
    const result = await h.call('ice_get_agent_concurrency', { AIAgentId: 'no-such-agent' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/AgentNotFound \(HTTP 404\)[\s\S]*Next step: check the id/);
  });
});

describe('ice_list_voices', () => {
  it('flattens the groups into one list of voices, each naming its group', async () => {
    const result = await h.call('ice_list_voices', {});
    const voices = (result.structuredContent as { Voices: Record<string, unknown>[] }).Voices;
    expect(voices).toContainEqual({
      Voice: 'longxiaochun_v2',
      Name: 'Longxiaochun',
      Desc: 'Bright, friendly female voice',
      Tag: 'customer service',
      VoiceType: 'CosyVoice',
      Group: 'Customer service',
    });
    expect(h.emu.requests[0]?.params).toEqual({});
  });

  it('passes VoiceType through', async () => {
    const result = await h.call('ice_list_voices', { VoiceType: 'Sambert' });
    expect((result.structuredContent as { Voices: { Voice: string }[] }).Voices.map((v) => v.Voice)).toEqual(['zhixiaobai']);
    expect(h.emu.requests[0]?.params).toEqual({ VoiceType: 'Sambert' });
  });
});

describe('ice_describe_notify_config', () => {
  it('shows where events go, with the callback Token redacted in the result, its text and everything else', async () => {
    const result = await h.call('ice_describe_notify_config', { AIAgentId: SUPPORT_AGENT });
    expect(result.structuredContent).toMatchObject({
      AIAgentId: SUPPORT_AGENT,
      Config: {
        CallbackUrl: 'https://hooks.example.com/ice/support',
        EnableNotify: true,
        EventTypes: 'agent_start,agent_stop,error,chat_record',
        Token: '[redacted]',
        EnableAudioRecording: true,
      },
    });
    const everything = JSON.stringify(result);
    for (const secret of allSecrets()) expect(everything).not.toContain(secret);
    expect(h.logs.join('')).not.toContain('demo-secret-notify-token');
  });

  it('an agent without a callback answers empty fields', async () => {
    const result = await h.call('ice_describe_notify_config', { AIAgentId: TUTOR_AGENT });
    expect(result.structuredContent).toMatchObject({ Config: { EnableNotify: false, Token: '' } });
  });
});
