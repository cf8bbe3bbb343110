import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEYS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { CREATED_ID, EXECUTING_ID, EXTERNAL_LOG_ID, FINISHED_ID, SUPPORT_AGENT, failure, iceClient, type Caller } from './helpers.js';

const GMT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+00:00$/;

let emu: Emulator;
let call: Caller;
let clock: number;
beforeEach(async () => {
  clock = Date.now();
  emu = await startEmulator({ now: () => clock });
  call = iceClient(emu.endpoint, DEMO_KEYS[0] ?? { accessKeyId: '', accessKeySecret: '' });
});
afterEach(async () => {
  await emu.close();
});

async function describeInstance(id: string): Promise<Record<string, unknown>> {
  return (await call('DescribeAIAgentInstance', { InstanceId: id })).body.Instance as Record<string, unknown>;
}

async function expectInvalid(promise: Promise<unknown>, code: string, ...inMessage: string[]): Promise<void> {
  const err = await failure(promise);
  expect(err.code).toBe(code);
  expect(err.statusCode).toBe(code === 'InvalidInstanceId.NotFound' ? 404 : 400);
  for (const fragment of inMessage) expect(String(err.data?.Message)).toContain(fragment);
}

describe('DescribeAIAgentInstance', () => {
  it('returns the documented fields and time format', async () => {
    const res = await call('DescribeAIAgentInstance', { InstanceId: FINISHED_ID });
    expect(Object.keys(res.body).sort()).toEqual(['Instance', 'RequestId']);
    const instance = res.body.Instance as Record<string, unknown>;
    expect(Object.keys(instance).sort()).toEqual(
      [
        'AgentConfig',
        'CallInfo',
        'CallLogUrl',
        'GmtCreate',
        'GmtModified',
        'RuntimeConfig',
        'SessionId',
        'Status',
        'TemplateConfig',
        'UserData',
      ].sort(),
    );
    expect(instance.Status).toBe('Finished');
    expect(instance.GmtCreate).toBe('2025-07-17T09:12:44.000+00:00');
    expect(instance.GmtModified).toMatch(GMT);
    expect(instance.CallLogUrl).toBe(`${emu.baseUrl}/call-logs/${FINISHED_ID}.json`);
  });

  it('passes an external CallLogUrl through and omits it when there is no log', async () => {
    expect((await describeInstance(EXTERNAL_LOG_ID)).CallLogUrl).toMatch(/^https:\/\/oss\.call-logs\.invalid\//);
    expect((await describeInstance(EXECUTING_ID)).CallLogUrl).toBeUndefined();
  });

  it('answers 404 for an unknown instance and 400 for a missing InstanceId', async () => {
    await expectInvalid(
      call('DescribeAIAgentInstance', { InstanceId: 'ffffffffffffffffffffffffffffffff' }),
      'InvalidInstanceId.NotFound',
      'ffffffff',
    );
    await expectInvalid(call('DescribeAIAgentInstance', {}), 'MissingParameter', 'InstanceId');
  });
});

describe('UpdateAIAgentInstance', () => {
  it('deep-merges AgentConfig: objects merge, arrays and scalars replace', async () => {
    const before = (await describeInstance(EXECUTING_ID)).AgentConfig as Record<string, Record<string, unknown>>;
    clock += 60_000;
    const res = await call('UpdateAIAgentInstance', {
      InstanceId: EXECUTING_ID,
      AgentConfig: JSON.stringify({ TtsConfig: { VoiceId: 'longxiaochun_v2' }, InterruptConfig: { InterruptWords: ['halt'] }, Volume: 80 }),
      UserData: '{"replaced":true}',
    });
    expect(Object.keys(res.body)).toEqual(['RequestId']);
    const after = await describeInstance(EXECUTING_ID);
    const config = after.AgentConfig as Record<string, Record<string, unknown>>;
    expect(config.TtsConfig).toEqual({ ...before.TtsConfig, VoiceId: 'longxiaochun_v2' });
    expect(config.InterruptConfig?.InterruptWords).toEqual(['halt']);
    expect(config.InterruptConfig?.NoInterruptMode).toBe(before.InterruptConfig?.NoInterruptMode);
    expect(config.Volume).toBe(80);
    expect(config.LlmConfig).toEqual(before.LlmConfig);
    expect(after.UserData).toBe('{"replaced":true}');
    expect(after.GmtModified).toBe(new Date(clock).toISOString().replace('Z', '+00:00'));
    expect(emu.store.getUpdates(EXECUTING_ID)).toEqual([
      expect.objectContaining({
        AgentConfig: { TtsConfig: { VoiceId: 'longxiaochun_v2' }, InterruptConfig: { InterruptWords: ['halt'] }, Volume: 80 },
        UserData: '{"replaced":true}',
      }),
    ]);
  });

  it('merges the deprecated TemplateConfig too, and accepts BailianAppParams as JSON inside JSON', async () => {
    await call('UpdateAIAgentInstance', { InstanceId: CREATED_ID, TemplateConfig: '{"VoiceChat":{"VoiceId":"x","AsrMaxSilence":600}}' });
    await call('UpdateAIAgentInstance', { InstanceId: CREATED_ID, TemplateConfig: '{"VoiceChat":{"Volume":90}}' });
    const bailian = JSON.stringify({ memory_id: 'm2' });
    await call('UpdateAIAgentInstance', {
      InstanceId: CREATED_ID,
      AgentConfig: JSON.stringify({ LlmConfig: { BailianAppParams: bailian } }),
    });
    const after = await describeInstance(CREATED_ID);
    expect(after.TemplateConfig).toEqual({ VoiceChat: { VoiceId: 'x', AsrMaxSilence: 600, Volume: 90 } });
    expect((after.AgentConfig as Record<string, Record<string, unknown>>).LlmConfig?.BailianAppParams).toBe(bailian);
  });

  it('rejects invalid JSON and out-of-range fields by name, changing nothing', async () => {
    const before = emu.store.getInstance(EXECUTING_ID);
    const update = (fields: Record<string, string>) => call('UpdateAIAgentInstance', { InstanceId: EXECUTING_ID, ...fields });
    await expectInvalid(update({ AgentConfig: '{"TtsConfig":' }), 'InvalidParameter', 'AgentConfig', 'JSON');
    await expectInvalid(update({ AgentConfig: '[1,2]' }), 'InvalidParameter', 'AgentConfig');
    await expectInvalid(update({ TemplateConfig: 'nope' }), 'InvalidParameter', 'TemplateConfig');
    await expectInvalid(update({ AgentConfig: '{"Volume":401}', UserData: 'x' }), 'InvalidParameter', 'AgentConfig.Volume', '0 to 400');
    await expectInvalid(
      update({ AgentConfig: JSON.stringify({ TtsConfig: { VoiceId: 'v'.repeat(65) } }) }),
      'InvalidParameter',
      'AgentConfig.TtsConfig.VoiceId',
      '64',
    );
    await expectInvalid(update({ AgentConfig: '{"VoiceprintConfig":{"UseVoiceprint":true}}' }), 'InvalidParameter', 'VoiceprintId');
    await expectInvalid(update({ AgentConfig: '{"LlmConfig":{"BailianAppParams":{"a":1}}}' }), 'InvalidParameter', 'BailianAppParams');
    await expectInvalid(
      update({ TemplateConfig: '{"VoiceChat":{"AsrMaxSilence":100}}' }),
      'InvalidParameter',
      'TemplateConfig.VoiceChat.AsrMaxSilence',
      '200 to 1200',
    );
    expect(emu.store.getInstance(EXECUTING_ID)).toEqual(before);
    await call('UpdateAIAgentInstance', {
      InstanceId: EXECUTING_ID,
      AgentConfig: '{"VoiceprintConfig":{"UseVoiceprint":true,"VoiceprintId":"vp-1"}}',
    });
    expect(emu.store.getInstance(EXECUTING_ID)?.AgentConfig.VoiceprintConfig).toMatchObject({ UseVoiceprint: true, VoiceprintId: 'vp-1' });
  });

  it('refuses a finished instance, an unknown one and a missing InstanceId', async () => {
    await expectInvalid(call('UpdateAIAgentInstance', { InstanceId: FINISHED_ID, UserData: 'x' }), 'IncorrectInstanceStatus', FINISHED_ID);
    await expectInvalid(call('UpdateAIAgentInstance', { InstanceId: '0'.repeat(32), UserData: 'x' }), 'InvalidInstanceId.NotFound');
    await expectInvalid(call('UpdateAIAgentInstance', { UserData: 'x' }), 'MissingParameter', 'InstanceId');
    expect(emu.store.getUpdates(FINISHED_ID)).toEqual([]);
  });
});

describe('SendAIAgentSpeech', () => {
  it('speaks with the defaults, and a repeat speaks twice', async () => {
    const res = await call('SendAIAgentSpeech', { InstanceId: EXECUTING_ID, Text: 'Hello there' });
    expect(Object.keys(res.body)).toEqual(['RequestId']);
    await call('SendAIAgentSpeech', { InstanceId: EXECUTING_ID, Text: 'Hello there' });
    await call('SendAIAgentSpeech', {
      InstanceId: EXECUTING_ID,
      Text: 'https://example.com/a.mp3',
      Type: 'AudioUrl',
      EnableInterrupt: 'false',
    });
    expect(emu.store.getSpeeches(EXECUTING_ID)).toEqual([
      expect.objectContaining({ Text: 'Hello there', Type: 'Text', EnableInterrupt: true }),
      expect.objectContaining({ Text: 'Hello there', Type: 'Text', EnableInterrupt: true }),
      expect.objectContaining({ Text: 'https://example.com/a.mp3', Type: 'AudioUrl', EnableInterrupt: false }),
    ]);
  });

  it('counts Text in code points: 1024 astral characters pass, 1025 characters fail', async () => {
    const astral = '😀'.repeat(1024);
    expect(astral.length).toBe(2048);
    await call('SendAIAgentSpeech', { InstanceId: CREATED_ID, Text: astral });
    expect(emu.store.getSpeeches(CREATED_ID)[0]?.Text).toBe(astral);
    await expectInvalid(call('SendAIAgentSpeech', { InstanceId: CREATED_ID, Text: 'a'.repeat(1025) }), 'InvalidParameter', 'Text', '1024');
    await expectInvalid(call('SendAIAgentSpeech', { InstanceId: CREATED_ID, Text: `${astral}x` }), 'InvalidParameter', 'Text', '1025');
    expect(emu.store.getSpeeches(CREATED_ID)).toHaveLength(1);
  });

  it('validates Type, EnableInterrupt, audio URLs and required parameters', async () => {
    const speak = (fields: Record<string, string>) => call('SendAIAgentSpeech', { InstanceId: EXECUTING_ID, Text: 'hi', ...fields });
    await expectInvalid(speak({ Type: 'Ssml' }), 'InvalidParameter', 'Type', 'Text, AudioUrl');
    await expectInvalid(speak({ EnableInterrupt: 'yes' }), 'InvalidParameter', 'EnableInterrupt', 'true, false');
    await expectInvalid(speak({ Type: 'AudioUrl', Text: 'not a url' }), 'InvalidParameter', 'Text');
    await expectInvalid(call('SendAIAgentSpeech', { InstanceId: EXECUTING_ID }), 'MissingParameter', 'Text');
    await expectInvalid(call('SendAIAgentSpeech', { InstanceId: EXECUTING_ID, Text: '' }), 'MissingParameter', 'Text');
    await expectInvalid(call('SendAIAgentSpeech', { Text: 'hi' }), 'MissingParameter', 'InstanceId');
    await expectInvalid(call('SendAIAgentSpeech', { InstanceId: FINISHED_ID, Text: 'hi' }), 'IncorrectInstanceStatus');
    expect(emu.store.getSpeeches(EXECUTING_ID)).toEqual([]);
  });
});

describe('StartAIAgentInstance and StopAIAgentInstance', () => {
  it('starts an Executing instance with generated channel credentials, then stops it', async () => {
    const started = await call('StartAIAgentInstance', {
      AIAgentId: SUPPORT_AGENT,
      AgentConfig: '{"TtsConfig":{"VoiceId":"longwan_v2"}}',
      RuntimeConfig: '{"VoiceChat":{"ChannelId":"my-channel"}}',
      UserData: '{"k":1}',
    });
    const id = started.body.InstanceId as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const instance = await describeInstance(id);
    expect(instance.Status).toBe('Executing');
    expect(instance.GmtCreate).toBe(new Date(clock).toISOString().replace('Z', '+00:00'));
    expect(instance.UserData).toBe('{"k":1}');
    const runtime = instance.RuntimeConfig as Record<string, unknown>;
    expect(runtime).toMatchObject({
      AgentUserId: expect.stringMatching(/^[0-9a-f]{32}$/),
      ChannelId: expect.stringMatching(/^[0-9a-f]{32}$/),
      AuthToken: expect.stringMatching(/^demo-secret-/),
    });
    expect((runtime.VoiceChat as Record<string, unknown>).ChannelId).toBe('my-channel');
    const config = instance.AgentConfig as Record<string, Record<string, unknown>>;
    expect(config.TtsConfig?.VoiceId).toBe('longwan_v2');
    expect(config.Greeting).toBe('Hi, this is Aria from support. How can I help?');

    expect(Object.keys((await call('StopAIAgentInstance', { InstanceId: id })).body)).toEqual(['RequestId']);
    expect((await describeInstance(id)).Status).toBe('Finished');
    await call('StopAIAgentInstance', { InstanceId: id });
    await expectInvalid(call('SendAIAgentSpeech', { InstanceId: id, Text: 'hi' }), 'IncorrectInstanceStatus');
  });

  it('validates its parameters', async () => {
    await expectInvalid(call('StartAIAgentInstance', {}), 'MissingParameter', 'AIAgentId');
    await expectInvalid(
      call('StartAIAgentInstance', { AIAgentId: SUPPORT_AGENT, RuntimeConfig: '{bad' }),
      'InvalidParameter',
      'RuntimeConfig',
    );
    await expectInvalid(call('StopAIAgentInstance', {}), 'MissingParameter', 'InstanceId');
    await expectInvalid(call('StopAIAgentInstance', { InstanceId: 'nope' }), 'InvalidInstanceId.NotFound');
  });
});
