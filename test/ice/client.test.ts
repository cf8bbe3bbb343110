import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, DEMO_KEYS, type Emulator } from '../../src/emulator/index.js';
import { createIceClient } from '../../src/ice/client.js';
import { createOpenApiCaller, type StaticCredentials } from '../../src/ice/openapi-caller.js';
import { IceError } from '../../src/errors/ice-error.js';
import type { IceClient } from '../../src/ice/types.js';
import { listInstancePage, readInstance, requestIdOf, type InstancePageQuery } from '../../src/domain/instances.js';
import { demoInstances, liveInstance, finishedInstance, allSecrets } from '../helpers/harness.js';

const plain = DEMO_KEYS[0]!;
const sts = DEMO_KEYS[1]!;
let emu: Emulator;
const sleeps: number[] = [];

/** `credentials: 'chain'` uses the default credentials chain instead of explicit keys. */
function client(options: { credentials?: StaticCredentials | 'chain'; timeoutMs?: number; endpoint?: string } = {}) {
  const ice = rawClient(options);
  type Region = { regionId?: string };
  const write = async (action: string, params: Record<string, unknown>, o?: Region) => ({
    RequestId: requestIdOf(await ice.call(action, params, 'write', o?.regionId)),
  });
  return {
    listInstances: (query: InstancePageQuery, o?: Region) => listInstancePage(ice, query, o?.regionId),
    describeInstance: (id: string, o?: Region) => readInstance(ice, id, o?.regionId),
    updateInstance: (params: Record<string, unknown>, o?: Region) => write('UpdateAIAgentInstance', params, o),
    sendSpeech: (params: Record<string, unknown>, o?: Region) => write('SendAIAgentSpeech', params, o),
  };
}

function rawClient(options: { credentials?: StaticCredentials | 'chain'; timeoutMs?: number; endpoint?: string }): IceClient {
  const credentials = options.credentials ?? plain;
  return createIceClient({
    call: createOpenApiCaller({
      protocol: 'http',
      timeoutMs: options.timeoutMs ?? 2_000,
      ...(credentials === 'chain' ? {} : { credentials }),
    }),
    region: 'cn-shanghai',
    endpointFor: () => options.endpoint ?? emu.endpoint,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  });
}

async function failure(promise: Promise<unknown>): Promise<IceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IceError);
  return error as IceError;
}

/** No error message may carry a URL, a query value, a key id, or any secret. */
function expectSafe(error: IceError): void {
  const text = `${error.message} ${error.code}`;
  for (const secret of [...allSecrets(), plain.accessKeyId, sts.accessKeyId]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/https?:\/\//);
  expect(text).not.toContain('Signature=');
  expect(text).not.toContain(emu.endpoint);
}

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
afterEach(() => {
  emu.clearFaults();
  emu.clearRequests();
  emu.setLatency(0);
  sleeps.length = 0;
});

describe('operations against the emulator', () => {
  it("lists an agent's instances in the documented shape", async () => {
    const agent = demoInstances()[0]!.AIAgentId;
    const result = await client().listInstances({ AIAgentId: agent, PageSize: 100 });
    expect(result.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(result.Instances.length).toBe(demoInstances().filter((i) => i.AIAgentId === agent).length);
    expect(result.Instances[0]).not.toHaveProperty('InstanceId');
    const wire = emu.requests.at(-1)!;
    expect(wire.params).toEqual({ AIAgentId: agent, PageSize: '100' });
  });

  it('describes one instance', async () => {
    const id = liveInstance();
    const { Instance } = await client().describeInstance(id);
    expect(Instance.Status).toBe('Executing');
    expect(Instance.AgentConfig).toBeTypeOf('object');
  });

  it('sends AgentConfig as ONE JSON-string parameter with PascalCase keys, never flattened', async () => {
    const id = liveInstance();
    const AgentConfig = { TtsConfig: { VoiceId: 'longxiaochun_v2' }, Volume: 150, InterruptConfig: { EnableVoiceInterrupt: false } };
    const result = await client().updateInstance({ InstanceId: id, AgentConfig, UserData: '{"k":1}' });
    expect(result.RequestId).not.toBe('');
    const [wire] = emu.requests.filter((r) => r.action === 'UpdateAIAgentInstance');
    expect(Object.keys(wire!.params).sort()).toEqual(['AgentConfig', 'InstanceId', 'UserData']);
    expect(wire!.params.AgentConfig).toBe(JSON.stringify(AgentConfig));
    expect(emu.store.getInstance(id)!.AgentConfig).toMatchObject({ TtsConfig: { VoiceId: 'longxiaochun_v2' }, Volume: 150 });
  });

  it('sends booleans and numbers as strings', async () => {
    const id = liveInstance();
    await client().sendSpeech({ InstanceId: id, Text: 'Hello there', EnableInterrupt: false, Type: 'Text' });
    const wire = emu.requests.find((r) => r.action === 'SendAIAgentSpeech')!;
    expect(wire.params).toEqual({ InstanceId: id, Text: 'Hello there', EnableInterrupt: 'false', Type: 'Text' });
    expect(emu.store.getSpeeches(id).at(-1)).toMatchObject({ Text: 'Hello there', EnableInterrupt: false });
  });

  it('works with STS credentials (security token)', async () => {
    const { Instance } = await client({ credentials: sts }).describeInstance(liveInstance());
    expect(Instance.Status).toBe('Executing');
    expect(emu.requests.at(-1)!.accessKeyId).toBe(sts.accessKeyId);
  });
});

describe('errors', () => {
  it('a wrong secret is rejected by signature verification and not retried', async () => {
    const error = await failure(client({ credentials: { ...plain, accessKeySecret: 'not-the-secret' } }).describeInstance(liveInstance()));
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', httpStatus: 400, kind: 'service', retryable: false, attempts: 1 });
    expect(error.requestId).toBeTruthy();
    expectSafe(error);
  });

  it('an unknown key id gets InvalidAccessKeyId.NotFound', async () => {
    const error = await failure(
      client({ credentials: { accessKeyId: 'LTAI5tUnknownKey999', accessKeySecret: 'x' } }).describeInstance(liveInstance()),
    );
    expect(error).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', httpStatus: 404 });
    expectSafe(error);
  });

  it('a service error keeps code, status, message and RequestId', async () => {
    const error = await failure(client().updateInstance({ InstanceId: finishedInstance(), AgentConfig: { Volume: 10 } }));
    expect(error.code).toBe('IncorrectInstanceStatus');
    expect(error.httpStatus).toBe(400);
    expect(error.requestId).toBe(emu.requests.at(-1)!.requestId);
    expect(error.ambiguous).toBe(false);
  });

  it('an HTML 502 keeps its status and does not echo the body', async () => {
    emu.injectFault({ action: 'UpdateAIAgentInstance', nonJson: true, status: 502 });
    const error = await failure(client().updateInstance({ InstanceId: liveInstance(), UserData: 'x' }));
    expect(error).toMatchObject({ code: 'InvalidResponse', httpStatus: 502, kind: 'bad-response', ambiguous: true });
    expect(error.message).not.toMatch(/<|html/i);
    expectSafe(error);
  });

  it('a connection refused is a network error that names no URL, and a write is known not sent', async () => {
    const closed = await startEmulator();
    const endpoint = closed.endpoint;
    await closed.close();
    const error = await failure(client({ endpoint }).sendSpeech({ InstanceId: 'x', Text: 'hi' }));
    expect(error).toMatchObject({ kind: 'network', code: 'NetworkError', ambiguous: false });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain(endpoint);
  });

  it('a connection reset on a write is reported as ambiguous and tried once', async () => {
    emu.injectFault({ action: 'SendAIAgentSpeech', reset: true, times: 3 });
    const error = await failure(client().sendSpeech({ InstanceId: liveInstance(), Text: 'hi' }));
    expect(error).toMatchObject({ kind: 'network', ambiguous: true, attempts: 1 });
    expect(emu.requests.filter((r) => r.action === 'SendAIAgentSpeech')).toHaveLength(1);
    expectSafe(error);
  });

  it('honours the timeout', async () => {
    emu.injectFault({ action: 'DescribeAIAgentInstance', hang: true, times: 5 });
    const error = await failure(client({ timeoutMs: 200 }).describeInstance(liveInstance()));
    expect(error).toMatchObject({ kind: 'timeout', code: 'RequestTimeout', retryable: true, attempts: 3 });
    expectSafe(error);
  });

  it('no credentials at all gives InvalidCredentials, and the next call builds a fresh credential', async () => {
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env)) if (k.startsWith('ALIBABA_CLOUD_')) delete process.env[k];
      Object.assign(process.env, {
        HOME: '/nonexistent',
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
      });
      const ice = client({ credentials: 'chain' });
      const error = await failure(ice.describeInstance(liveInstance()));
      expect(error).toMatchObject({ kind: 'credentials', code: 'InvalidCredentials' });
      expect(emu.requests).toHaveLength(0);
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = plain.accessKeyId;
      process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = plain.accessKeySecret;
      const { Instance } = await ice.describeInstance(liveInstance());
      expect(Instance.Status).toBe('Executing');
    } finally {
      process.env = saved;
    }
  });
});

describe('retries', () => {
  it('a read recovers after two 503s, with backoff between attempts', async () => {
    emu.injectFault({ action: 'DescribeAIAgentInstance', status: 503, code: 'ServiceUnavailable', times: 2 });
    const { Instance } = await client().describeInstance(liveInstance());
    expect(Instance.Status).toBe('Executing');
    expect(emu.requests.filter((r) => r.action === 'DescribeAIAgentInstance').map((r) => r.status)).toEqual([503, 503, 200]);
    expect(sleeps).toEqual([100, 200]); // random 0.5 x full-jitter ceilings 200 and 400 ms
  });

  it('a read gives up after three attempts and says how many', async () => {
    emu.injectFault({ action: 'ListAIAgentInstance', status: 400, code: 'Throttling.User', times: 3 });
    const error = await failure(client().listInstances({ AIAgentId: 'a' }));
    expect(error).toMatchObject({ code: 'Throttling.User', attempts: 3 });
    expect(emu.requests).toHaveLength(3);
  });

  it('a read is not retried on a client error', async () => {
    const error = await failure(client().describeInstance('no-such-instance'));
    expect(error.attempts).toBe(1);
    expect(emu.requests).toHaveLength(1);
  });

  it('a write is tried exactly once, even on a 503, and says the outcome is unknown', async () => {
    emu.injectFault({ action: 'UpdateAIAgentInstance', status: 503, code: 'ServiceUnavailable', times: 2 });
    const error = await failure(client().updateInstance({ InstanceId: liveInstance(), UserData: 'x' }));
    expect(error).toMatchObject({ code: 'ServiceUnavailable', httpStatus: 503, ambiguous: true, attempts: 1 });
    expect(emu.requests.filter((r) => r.action === 'UpdateAIAgentInstance')).toHaveLength(1);
  });

  it('a throttled write is known not to have happened', async () => {
    emu.injectFault({ action: 'SendAIAgentSpeech', status: 400, code: 'Throttling.User' });
    const error = await failure(client().sendSpeech({ InstanceId: liveInstance(), Text: 'x' }));
    expect(error).toMatchObject({ ambiguous: false, attempts: 1 });
    expect(emu.store.getSpeeches(liveInstance()).some((s) => s.Text === 'x')).toBe(false);
  });
});
