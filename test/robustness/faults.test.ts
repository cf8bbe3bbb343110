/**
 * Every operation against every fault the emulator can inject. Reads recover when the fault clears
 * within the retry budget; writes are attempted exactly once and say whether they may have happened;
 * the server answers the next call normally either way.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS, type Fault } from '../../src/emulator/index.js';
import { createOpenApiCaller } from '../../src/ice/openapi-caller.js';
import { OPERATIONS } from '../../src/operations/index.js';
import { demoInstances, liveInstance, startHarness, textOf, type Harness } from '../helpers/harness.js';

/**
 * Only the attempt the emulator hangs gets a short timeout. With one short timeout for every call, a
 * retry or a health check that met a busy machine would time out as well and the count would be off.
 */
const HANG_TIMEOUT_MS = 300;
let nextCallHangs = false;
const key = DEMO_KEYS[0] ?? { accessKeyId: '', accessKeySecret: '' };
const shortCall = createOpenApiCaller({ protocol: 'http', timeoutMs: HANG_TIMEOUT_MS, credentials: key });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    flags: ['--confirm', 'none', '--toolsets', 'all'],
    wrapCall: (call) => (action, query, endpoint, kind) => {
      if (!nextCallHangs) return call(action, query, endpoint, kind);
      nextCallHangs = false;
      return shortCall(action, query, endpoint, kind);
    },
  });
});
afterAll(() => h.close());
afterEach(() => {
  nextCallHangs = false;
  h.emu.clearFaults();
  h.emu.clearRequests();
});

const FAULTS: [string, Omit<Fault, 'action'>, { transient: boolean; ambiguous: boolean }][] = [
  ['503 once', { status: 503, code: 'ServiceUnavailable', times: 1 }, { transient: true, ambiguous: true }],
  ['503 three times', { status: 503, code: 'ServiceUnavailable', times: 3 }, { transient: false, ambiguous: true }],
  ['Throttling.User', { status: 400, code: 'Throttling.User', times: 1 }, { transient: true, ambiguous: false }],
  ['connection reset', { reset: true, times: 1 }, { transient: true, ambiguous: true }],
  ['timeout', { hang: true, times: 1 }, { transient: true, ambiguous: true }],
  ['HTML 502', { nonJson: true, status: 502, times: 1 }, { transient: true, ambiguous: true }],
  ['non-JSON 200', { nonJson: true, status: 200, times: 1 }, { transient: true, ambiguous: true }],
  ['503 once, as XML', { xml: true, status: 503, code: 'ServiceUnavailable', times: 1 }, { transient: true, ambiguous: true }],
  ['Throttling.User, as XML', { xml: true, status: 400, code: 'Throttling.User', times: 1 }, { transient: true, ambiguous: false }],
];

const agent = demoInstances().find((i) => i.InstanceId === liveInstance())!.AIAgentId;
const READS = [
  ['ice_list_agent_instances', 'ListAIAgentInstance', { AIAgentId: agent }],
  ['ice_describe_agent_instance', 'DescribeAIAgentInstance', { InstanceId: liveInstance() }],
  ['ice_list_agent_dialogues', 'ListAIAgentDialogues', { InstanceId: liveInstance() }],
  ['ice_get_agent_concurrency', 'GetAIAgentConcurrency', { AIAgentId: agent }],
  ['ice_list_voices', 'ListSmartVoiceGroups', {}],
  ['ice_describe_notify_config', 'DescribeNotifyConfig', { AIAgentId: agent }],
  ['ice_list_phone_numbers', 'ListAIAgentPhoneNumber', {}],
] as const;
const WRITES = [
  ['ice_update_agent_instance', 'UpdateAIAgentInstance', { InstanceId: liveInstance(), AgentConfig: { Volume: 90 } }],
  ['ice_send_agent_speech', 'SendAIAgentSpeech', { InstanceId: liveInstance(), Text: 'Fault matrix' }],
  ['ice_stop_agent_instance', 'StopAIAgentInstance', { InstanceId: liveInstance() }],
  ['ice_send_agent_text', 'SendAIAgentText', { InstanceId: liveInstance(), Text: 'Fault matrix' }],
  [
    'ice_start_outbound_call',
    'StartAIAgentOutboundCall',
    { AIAgentId: agent, CallerNumber: '+8657100000000', CalledNumber: '+8613800001234' },
  ],
  ['ice_forward_agent_call', 'ForwardAIAgentCall', { InstanceId: '8e4a5c6d7f9b4a0c2d3e4f5a6b7c8d95', CalledNumber: '+8613900005678' }],
] as const;

it('covers every tool in the table', () => {
  expect([...READS, ...WRITES].map(([tool]) => tool).sort()).toEqual(OPERATIONS.map((op) => op.name).sort());
});

async function expectHealthy(): Promise<void> {
  const next = await h.call('ice_describe_agent_instance', { InstanceId: liveInstance() });
  expect(next.isError, textOf(next)).toBeFalsy();
}

describe.each(READS)('%s (read)', (tool, action, args) => {
  it.each(FAULTS)('%s', async (_name, fault, { transient }) => {
    h.emu.injectFault({ action, ...fault });
    nextCallHangs = fault.hang === true;
    const result = await h.call(tool, args);
    const attempts = h.requests(action).length;
    if (transient) {
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(attempts).toBe(2);
    } else {
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/ServiceUnavailable \(HTTP 503\)[\s\S]*Tried 3 times/);
      expect(attempts).toBe(3);
    }
    await expectHealthy();
  });
});

describe.each(WRITES)('%s (write)', (tool, action, args) => {
  it.each(FAULTS)('%s', async (_name, fault, { ambiguous }) => {
    h.emu.injectFault({ action, ...fault });
    nextCallHangs = fault.hang === true;
    const result = await h.call(tool, args);
    expect(result.isError).toBe(true);
    expect(h.requests(action)).toHaveLength(1);
    expect(textOf(result)).toMatch(
      ambiguous ? /Outcome unknown: the request may have reached ICE/ : /Not applied: ICE refused the request/,
    );
    expect(textOf(result)).toContain(action);
    await expectHealthy();
  });
});
