import { describe, expect, it } from 'vitest';
import type { AgentInstance } from '../../src/ice/types.js';
import { USER_DATA_LIMIT, summarizeInstance } from '../../src/domain/summary.js';

// The fields of the Describe example that the summary reads (AgentConfig/TemplateConfig trimmed).
const EXAMPLE: AgentInstance = {
  CallLogUrl: 'https://example.com/call_logs/12345',
  RuntimeConfig: {
    VoiceChat: { AuthToken: 'eyJhcHBpZCI6ICIxMjM0MTIzNxxxxx', AgentUserId: 'voice-user', ChannelId: 'voice-channel' },
    AuthToken: 'eyJhcHBpZCI6ICIxMjM0MTIzNxxxxx',
    AgentUserId: '877ae632caae49b1afc81c2e8194ffb4',
    ChannelId: '70f22d5784194938a7e387052f2b3208\n',
  },
  Status: 'Finished',
  TemplateConfig: { VoiceChat: { Greeting: '早上好,我的朋友', VoiceId: 'zhixiaoxia' } },
  UserData: '{"Email":"johndoe@example.com","Preferences":{"Language":"en"}}',
  SessionId: '955535**************',
  AgentConfig: { Greeting: '你好', Volume: 100, TtsConfig: { VoiceId: 'longcheng_v2', SpeechRate: 1 } },
  GmtCreate: '2025-07-18T06:39:08.000+00:00',
  GmtModified: '2025-07-18T06:40:12.000+00:00',
};

describe('summarizeInstance', () => {
  it('picks the key fields of the Describe example', () => {
    expect(summarizeInstance(EXAMPLE)).toStrictEqual({
      Status: 'Finished',
      GmtCreate: '2025-07-18T06:39:08.000+00:00',
      ChannelId: '70f22d5784194938a7e387052f2b3208\n',
      AgentUserId: '877ae632caae49b1afc81c2e8194ffb4',
      VoiceId: 'longcheng_v2',
      Greeting: '你好',
      UserData: '{"Email":"johndoe@example.com","Preferences":{"Language":"en"}}',
      SessionId: '955535**************',
      HasCallLog: true,
    });
  });

  it('carries CallInfo when the instance is a phone call, and leaves an empty one out', () => {
    const phone = { CallerNumber: '+8657100000000', CalleeNumber: '+8613800000000', HangupRole: 2 };
    expect(summarizeInstance({ ...EXAMPLE, CallInfo: phone }).CallInfo).toEqual(phone);
    expect('CallInfo' in summarizeInstance({ ...EXAMPLE, CallInfo: {} })).toBe(false);
  });

  it('never carries a token', () => {
    const text = JSON.stringify(summarizeInstance(EXAMPLE));
    expect(text).not.toContain('AuthToken');
    expect(text).not.toContain('eyJhcHBp');
  });

  it('includes InstanceId when the service returns one', () => {
    expect(summarizeInstance({ ...EXAMPLE, InstanceId: 'inst-9' }).InstanceId).toBe('inst-9');
    expect('InstanceId' in summarizeInstance(EXAMPLE)).toBe(false);
  });

  it('falls back to the deprecated runtime wrappers, VoiceChat first', () => {
    const s = summarizeInstance({
      RuntimeConfig: {
        VisionChat: { ChannelId: 'vision-channel', AgentUserId: 'vision-user' },
        AvatarChat3D: { ChannelId: 'avatar-channel', AgentUserId: 'avatar-user' },
      },
    });
    expect(s).toMatchObject({ ChannelId: 'vision-channel', AgentUserId: 'vision-user' });
    const v = summarizeInstance({ RuntimeConfig: { AvatarChat3D: { ChannelId: 'a' }, VoiceChat: { ChannelId: 'v' } } });
    expect(v.ChannelId).toBe('v');
    expect('AgentUserId' in v).toBe(false);
  });

  it('falls back to TemplateConfig for VoiceId and Greeting', () => {
    const s = summarizeInstance({
      AgentConfig: { Volume: 3, TtsConfig: { SpeechRate: 1 } },
      TemplateConfig: { AvatarChat3D: { VoiceId: 'avatar-voice', Greeting: 'hi from avatar' }, VisionChat: { Greeting: 'hi from vision' } },
    });
    expect(s.VoiceId).toBe('avatar-voice');
    expect(s.Greeting).toBe('hi from vision');
    expect(summarizeInstance({ TemplateConfig: { VoiceChat: { VoiceId: 'vc' } } }).VoiceId).toBe('vc');
  });

  it('cuts UserData to 200 code points and marks the cut', () => {
    const exact = '😀'.repeat(USER_DATA_LIMIT);
    expect(summarizeInstance({ UserData: exact }).UserData).toBe(exact);
    const long = summarizeInstance({ UserData: '😀'.repeat(USER_DATA_LIMIT + 1) }).UserData ?? '';
    expect(long.endsWith('…')).toBe(true);
    expect(Array.from(long)).toHaveLength(USER_DATA_LIMIT + 1);
    expect(long.slice(0, -1)).toBe(exact);
    expect(summarizeInstance({ UserData: 'x'.repeat(500) }).UserData).toBe(`${'x'.repeat(200)}…`);
  });

  it('redacts UserData before cutting it, so a cut cannot expose a secret', () => {
    const userData = JSON.stringify({ pad: 'p'.repeat(150), password: 'hunter2-hunter2-hunter2-hunter2-hunter2', after: 'x'.repeat(100) });
    const s = summarizeInstance({ UserData: userData }).UserData ?? '';
    expect(s).not.toContain('hunter2');
    expect(s).toContain('"password":"[redacted]"');
  });

  it('reports HasCallLog only for a non-empty CallLogUrl', () => {
    expect(summarizeInstance({ CallLogUrl: '' }).HasCallLog).toBe(false);
    expect(summarizeInstance({}).HasCallLog).toBe(false);
    expect(summarizeInstance({ CallLogUrl: 'https://x/y' }).HasCallLog).toBe(true);
  });

  it('leaves absent or malformed fields out instead of writing undefined', () => {
    expect(summarizeInstance({})).toStrictEqual({ HasCallLog: false });
    const odd = summarizeInstance({
      Status: 5 as unknown as string,
      RuntimeConfig: { ChannelId: 7 },
      AgentConfig: { TtsConfig: 'x' },
      UserData: '',
    });
    expect(odd).toStrictEqual({ HasCallLog: false });
    expect(Object.values(summarizeInstance(EXAMPLE))).not.toContain(undefined);
  });
});
