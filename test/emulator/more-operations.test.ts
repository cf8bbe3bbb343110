/** The emulated actions beyond the first four, called with the official client as the generated SDK does. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEYS, MAX_CALLS_PER_NUMBER, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { EXECUTING_ID, FINISHED_ID, SALES_AGENT, SUPPORT_AGENT, TUTOR_AGENT, failure, iceClient, type Caller } from './helpers.js';

const LIVE_SESSION = '9555351f0e2a4b6c';
const FINISHED_SESSION = '9555351f0e2a4b6d';
const PHONE_CALL_ID = '8e4a5c6d7f9b4a0c2d3e4f5a6b7c8d95';
const CALLER = '+8657100000000';
const ALL_TIME = { StartTime: '0', EndTime: String(Date.UTC(2100, 0, 1)) };

let emu: Emulator;
let call: Caller;
beforeEach(async () => {
  emu = await startEmulator();
  call = iceClient(emu.endpoint, DEMO_KEYS[0] ?? { accessKeyId: '', accessKeySecret: '' });
});
afterEach(() => emu.close());

const dialogues = async (query: Record<string, string>) =>
  (await call('ListAIAgentDialogues', query)).body.Dialogues as Record<string, unknown>[];

describe('ListAIAgentDialogues', () => {
  it('pages newest first by default, 20 a page, within an inclusive window of Unix milliseconds', async () => {
    const all = await dialogues({ SessionId: FINISHED_SESSION, ...ALL_TIME });
    expect(all.map((d) => d.DialogueId)).toEqual(['d-6d-07', 'd-6d-06', 'd-6d-05', 'd-6d-04', 'd-6d-03', 'd-6d-02', 'd-6d-01', 'd-6d-00']);
    expect(all[0]).toMatchObject({ Producer: 'agent', Type: 'normal', Source: 'call', Time: Date.parse('2025-07-17T09:18:53Z') });
    const at = String(Date.parse('2025-07-17T09:13:02Z'));
    const window = await dialogues({ SessionId: FINISHED_SESSION, StartTime: at, EndTime: at, Order: 'ASC' });
    expect(window.map((d) => d.DialogueId)).toEqual(['d-6d-02']);
    const page2 = await dialogues({ SessionId: FINISHED_SESSION, ...ALL_TIME, Order: 'ASC', PageSize: '3', PageNumber: '2' });
    expect(page2.map((d) => d.DialogueId)).toEqual(['d-6d-03', 'd-6d-04', 'd-6d-05']);
  });

  it('RoundLimit keeps the most recent rounds and overrides paging', async () => {
    const last = await dialogues({ SessionId: FINISHED_SESSION, ...ALL_TIME, RoundLimit: '2', Order: 'ASC', PageSize: '1' });
    expect(last.map((d) => d.RoundId)).toEqual(['r-6d-2', 'r-6d-2', 'r-6d-3', 'r-6d-3']);
  });

  it('refuses a missing window and times that are not Unix milliseconds', async () => {
    expect((await failure(call('ListAIAgentDialogues', { SessionId: LIVE_SESSION }))).code).toBe('MissingParameter');
    const bad = await failure(call('ListAIAgentDialogues', { SessionId: LIVE_SESSION, StartTime: '2025-07-18T06:00:00Z', EndTime: '1' }));
    expect(bad.code).toBe('InvalidParameter');
    expect(await dialogues({ SessionId: 'no-such-session', ...ALL_TIME })).toEqual([]);
  });
});

describe('SendAIAgentText', () => {
  it('appends a user turn and an agent reply to the session', async () => {
    const before = emu.dialogues(LIVE_SESSION).length;
    await call('SendAIAgentText', { InstanceId: EXECUTING_ID, Text: 'Is my refund done?' });
    const after = emu.dialogues(LIVE_SESSION);
    expect(after).toHaveLength(before + 2);
    expect(after.slice(-2).map((d) => [d.Producer, d.RoundId === after.at(-1)?.RoundId])).toEqual([
      ['user', true],
      ['agent', true],
    ]);
    expect(after.at(-2)?.Text).toBe('Is my refund done?');
  });

  it('refuses a finished instance and a missing text', async () => {
    expect((await failure(call('SendAIAgentText', { InstanceId: FINISHED_ID, Text: 'hi' }))).code).toBe('IncorrectInstanceStatus');
    expect((await failure(call('SendAIAgentText', { InstanceId: EXECUTING_ID }))).code).toBe('MissingParameter');
  });
});

describe('StopAIAgentInstance', () => {
  it('finishes the instance; stopping again succeeds', async () => {
    await call('StopAIAgentInstance', { InstanceId: EXECUTING_ID });
    expect(emu.store.getInstance(EXECUTING_ID)?.Status).toBe('Finished');
    await call('StopAIAgentInstance', { InstanceId: EXECUTING_ID });
  });
});

describe('GetAIAgentConcurrency', () => {
  it('counts the Executing instances of the agent, and refuses an unknown agent', async () => {
    const executing = emu.store.listInstances(SUPPORT_AGENT).filter((i) => i.Status === 'Executing').length;
    expect((await call('GetAIAgentConcurrency', { AIAgentId: SUPPORT_AGENT })).body.ActiveCount).toBe(executing);
    await call('StopAIAgentInstance', { InstanceId: EXECUTING_ID });
    expect((await call('GetAIAgentConcurrency', { AIAgentId: SUPPORT_AGENT })).body.ActiveCount).toBe(executing - 1);
    const unknown = await failure(call('GetAIAgentConcurrency', { AIAgentId: 'nope' }));
    expect([unknown.code, unknown.statusCode]).toEqual(['AgentNotFound', 404]);
  });
});

describe('ListSmartVoiceGroups and DescribeNotifyConfig', () => {
  it('lists voice groups, filtered by VoiceType', async () => {
    const groups = (await call('ListSmartVoiceGroups', {})).body.VoiceGroups as { Type: string; VoiceList: { Voice: string }[] }[];
    expect(groups.flatMap((g) => g.VoiceList.map((v) => v.Voice))).toContain('longxiaochun_v2');
    const sambert = (await call('ListSmartVoiceGroups', { VoiceType: 'Sambert' })).body.VoiceGroups as typeof groups;
    expect(sambert.map((g) => [g.Type, g.VoiceList.map((v) => v.Voice)])).toEqual([['Education', ['zhixiaobai']]]);
  });

  it("answers an agent's notify config with its token, and empty fields for an agent without one", async () => {
    const { body } = await call('DescribeNotifyConfig', { AIAgentId: SUPPORT_AGENT });
    expect(body).toMatchObject({ EnableNotify: true, Token: 'demo-secret-notify-token-Kp3Lm5Nq7Rs9' });
    expect((await call('DescribeNotifyConfig', { AIAgentId: TUTOR_AGENT })).body).toMatchObject({ EnableNotify: false, Token: '' });
  });
});

describe('phone numbers and calls', () => {
  it('lists the phone numbers, filtered and paged', async () => {
    const { body } = await call('ListAIAgentPhoneNumber', { Status: '2', PageSize: '1' });
    expect(body).toMatchObject({ PageNumber: 1, PageSize: 1, TotalNumber: 2, Data: [{ PhoneNumber: CALLER, Status: 2 }] });
  });

  it('an outbound call creates an Executing instance with its session and call info', async () => {
    const { body } = await call('StartAIAgentOutboundCall', {
      AIAgentId: SALES_AGENT,
      CallerNumber: CALLER,
      CalledNumber: '+8613800001234',
      SessionId: 'new-session',
      Config: JSON.stringify({ GreetingDelay: 500, Greeting: 'Hello!' }),
    });
    const created = emu.store.getInstance(String(body.InstanceId));
    expect(created).toMatchObject({ Status: 'Executing', SessionId: 'new-session', AIAgentId: SALES_AGENT });
    expect(created?.AgentConfig.Greeting).toBe('Hello!');
    expect(created?.CallInfo).toMatchObject({ CallerNumber: CALLER, CalleeNumber: '+8613800001234' });
  });

  it('refuses a caller number not in service, a bad GreetingDelay, and more than the concurrent-call limit', async () => {
    const base = { AIAgentId: SALES_AGENT, CallerNumber: CALLER, CalledNumber: '+8613800001234' };
    expect((await failure(call('StartAIAgentOutboundCall', { ...base, CallerNumber: '+8657100000003' }))).code).toBe('InvalidParameter');
    expect((await failure(call('StartAIAgentOutboundCall', { ...base, Config: '{"GreetingDelay":9000}' }))).code).toBe('InvalidParameter');
    const busy = emu.store.listInstances().filter((i) => i.Status === 'Executing' && i.CallInfo.CallerNumber === CALLER).length;
    for (let i = busy; i < MAX_CALLS_PER_NUMBER; i++) await call('StartAIAgentOutboundCall', base);
    expect((await failure(call('StartAIAgentOutboundCall', base))).code).toBe('ConcurrentCallLimit');
  });

  it('a forward hands the caller off: the instance finishes with HangupRole 2; a non-phone instance is refused', async () => {
    await call('ForwardAIAgentCall', {
      InstanceId: PHONE_CALL_ID,
      CalledNumber: '+8613900005678',
      TransferPrompt: 'Transferring you now.',
    });
    expect(emu.store.getInstance(PHONE_CALL_ID)).toMatchObject({ Status: 'Finished', CallInfo: { HangupRole: 2 } });
    expect((await failure(call('ForwardAIAgentCall', { InstanceId: EXECUTING_ID, CalledNumber: '+8613900005678' }))).code).toBe(
      'InvalidParameter',
    );
  });
});
