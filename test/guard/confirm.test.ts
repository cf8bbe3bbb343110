/**
 * The write guard through a real MCP client, against the emulator: what reaches the cloud is read
 * from the emulator's request log, never from the server's own account of it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { ConfirmationTokens } from '../../src/guard/token.js';
import {
  startHarness,
  lateAnswerDropped,
  liveInstance,
  finishedInstance,
  withHarness,
  type Harness,
  type HarnessOptions,
} from '../helpers/harness.js';
import { defaultToolNames, defaultWriteNames } from '../helpers/tools.js';

const UPDATE = 'ice_update_agent_instance';
const SPEECH = 'ice_send_agent_speech';
const WRITES = ['UpdateAIAgentInstance', 'SendAIAgentSpeech'];

type Reply = (params: ElicitRequest['params']) => Promise<ElicitResult>;

/** An elicitation-capable client whose answers each test scripts; every request is recorded. */
function elicitingClient(): { asked: ElicitRequest['params'][]; answer: (reply: Reply) => void; setup: (client: Client) => void } {
  const asked: ElicitRequest['params'][] = [];
  let reply: Reply = async () => ({ action: 'cancel' });
  return {
    asked,
    answer: (r) => void (reply = r),
    setup: (client) =>
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        asked.push(req.params);
        return reply(req.params);
      }),
  };
}

const structured = (r: CallToolResult): Record<string, unknown> => (r.structuredContent ?? {}) as Record<string, unknown>;
const allText = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const writesSent = (h: Harness): number => h.emu.requests.filter((r) => WRITES.includes(r.action)).length;

function instance(h: Harness, id: string) {
  const found = h.emu.store.getInstance(id);
  if (!found) throw new Error(`no instance ${id}`);
  return found;
}
const volumeOf = (h: Harness, id: string): unknown => instance(h, id).AgentConfig.Volume;
const voiceOf = (h: Harness, id: string): unknown => (instance(h, id).AgentConfig.TtsConfig as Record<string, unknown>).VoiceId;

describe('elicit (auto with a form-elicitation client)', () => {
  const person = elicitingClient();
  let h: Harness;
  const id = liveInstance();

  beforeAll(async () => {
    h = await startHarness({ capabilities: { elicitation: { form: {} } }, beforeConnect: person.setup });
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.emu.clearRequests();
    h.emu.clearFaults();
    person.asked.length = 0;
  });

  it('accept + confirm: true sends exactly one write, after a preview listing each change with its old and new value', async () => {
    person.answer(async () => ({ action: 'accept', content: { confirm: true } }));
    const oldVolume = volumeOf(h, id);
    const oldVoice = voiceOf(h, id);
    const newVolume = Number(oldVolume) + 7;
    const result = await h.call(UPDATE, { InstanceId: id, AgentConfig: { Volume: newVolume, TtsConfig: { VoiceId: 'longxiaochun_v2' } } });

    expect(result.isError).toBeFalsy();
    const updates = h.requests('UpdateAIAgentInstance');
    expect(updates).toHaveLength(1);
    expect(structured(result)).toMatchObject({
      status: 'executed',
      InstanceId: id,
      RegionId: 'cn-shanghai',
      RequestId: updates[0]?.requestId,
    });
    expect(volumeOf(h, id)).toBe(newVolume);
    expect(voiceOf(h, id)).toBe('longxiaochun_v2');
    // The instance was read before asking and again at approval, and the person was asked exactly once.
    expect(h.emu.requests.map((r) => r.action)).toEqual(['DescribeAIAgentInstance', 'DescribeAIAgentInstance', 'UpdateAIAgentInstance']);
    expect(person.asked).toHaveLength(1);

    const { message, requestedSchema } = person.asked[0] as { message: string; requestedSchema: Record<string, unknown> };
    expect(message).toContain(id);
    expect(message).toContain('Executing');
    expect(message).toContain('cn-shanghai');
    expect(message).toContain(`AgentConfig.Volume: ${String(oldVolume)} -> ${newVolume}`);
    expect(message).toContain(`AgentConfig.TtsConfig.VoiceId: ${JSON.stringify(oldVoice)} -> "longxiaochun_v2"`);
    expect(message).not.toContain('Greeting'); // untouched fields are not listed
    expect(requestedSchema.type).toBe('object');
    expect(requestedSchema.required).toEqual(['confirm']);
    const properties = requestedSchema.properties as Record<string, { type: string }>;
    expect(Object.keys(properties)).toEqual(['confirm']);
    expect(properties.confirm?.type).toBe('boolean');
  });

  const refusals: [string, Reply, 'declined' | 'cancelled'][] = [
    ['decline', async () => ({ action: 'decline' }), 'declined'],
    ['cancel', async () => ({ action: 'cancel' }), 'cancelled'],
    ['accept with confirm: false', async () => ({ action: 'accept', content: { confirm: false } }), 'declined'],
  ];
  for (const [name, reply, status] of refusals) {
    it(`${name} sends nothing and says so in a normal (non-error) result`, async () => {
      person.answer(reply);
      const before = volumeOf(h, id);
      const result = await h.call(UPDATE, { InstanceId: id, AgentConfig: { Volume: Number(before) + 1 } });
      expect(result.isError).toBeFalsy();
      expect(structured(result).status).toBe(status);
      expect(structured(result).preview).toMatchObject({ InstanceId: id, Status: 'Executing' });
      expect(allText(result)).toMatch(/Nothing was sent and nothing changed/);
      expect(person.asked).toHaveLength(1);
      expect(writesSent(h)).toBe(0);
      expect(volumeOf(h, id)).toBe(before);
    });
  }

  it('a client whose elicitation handler throws gets an error result, and nothing is sent', async () => {
    person.answer(async () => {
      throw new Error('the dialog crashed');
    });
    const speeches = h.emu.store.getSpeeches(id).length;
    const result = await h.call(SPEECH, { InstanceId: id, Text: 'Hello there' });
    expect(result.isError).toBe(true);
    expect(allText(result)).toMatch(/^ConfirmationFailed: Not sent: the confirmation request failed/);
    expect(writesSent(h)).toBe(0);
    expect(h.emu.store.getSpeeches(id)).toHaveLength(speeches);
  });

  it('an answer that does not match the schema is a failure, and nothing is sent', async () => {
    person.answer(async () => ({ action: 'accept', content: { confirm: 'yes' } }));
    const result = await h.call(SPEECH, { InstanceId: id, Text: 'Hello there' });
    expect(result.isError).toBe(true);
    expect(writesSent(h)).toBe(0);
  });

  it('speech preview names the instance, status, region, the text and whether it interrupts', async () => {
    person.answer(async () => ({ action: 'accept', content: { confirm: true } }));
    const before = h.emu.store.getSpeeches(id).length;
    const result = await h.call(SPEECH, { InstanceId: id, Text: 'Your order has shipped.' });
    expect(structured(result).status).toBe('executed');
    expect(h.requests('SendAIAgentSpeech')).toHaveLength(1);
    expect(h.emu.store.getSpeeches(id)).toHaveLength(before + 1);
    expect(h.emu.store.getSpeeches(id).at(-1)).toMatchObject({ Text: 'Your order has shipped.', EnableInterrupt: true, Type: 'Text' });
    const message = person.asked[0]?.message ?? '';
    expect(message).toContain(id);
    expect(message).toContain('status Executing');
    expect(message).toContain('region cn-shanghai');
    expect(message).toContain('Say: "Your order has shipped."');
    expect(message).toMatch(/Interrupts: cuts off/);
  });

  it('speech of an audio URL without interrupting says so in the preview', async () => {
    person.answer(async () => ({ action: 'decline' }));
    const url = 'https://example.com/chime.mp3';
    const result = await h.call(SPEECH, { InstanceId: id, Text: url, Type: 'AudioUrl', EnableInterrupt: false });
    expect(structured(result).status).toBe('declined');
    expect(structured(result).preview).toMatchObject({ AudioUrl: url, EnableInterrupt: false, Type: 'AudioUrl' });
    const message = person.asked[0]?.message ?? '';
    expect(message).toContain(`Play the audio at "${url}"`);
    expect(message).toMatch(/Does not interrupt/);
    expect(writesSent(h)).toBe(0);
  });

  it('a Finished instance is refused before anyone is asked', async () => {
    const finished = finishedInstance();
    for (const [tool, args] of [
      [UPDATE, { InstanceId: finished, AgentConfig: { Volume: 1 } }],
      [SPEECH, { InstanceId: finished, Text: 'hi' }],
    ] as const) {
      const result = await h.call(tool, args);
      expect(result.isError).toBe(true);
      expect(allText(result)).toMatch(/^InstanceFinished: .*Finished/);
    }
    expect(person.asked).toHaveLength(0);
    expect(writesSent(h)).toBe(0);
  });

  it('an update that changes nothing is refused before anyone is asked, and the instance is untouched', async () => {
    const current = instance(h, id);
    const args = {
      InstanceId: id,
      AgentConfig: { Volume: current.AgentConfig.Volume, Greeting: current.AgentConfig.Greeting },
      UserData: current.UserData,
    };
    const result = await h.call(UPDATE, args);
    expect(result.isError).toBe(true);
    expect(allText(result)).toMatch(/^NoChange: Nothing would change/);
    expect(person.asked).toHaveLength(0);
    expect(writesSent(h)).toBe(0);
    const after = instance(h, id);
    expect(after.Status).toBe(current.Status);
    expect(after.GmtModified).toBe(current.GmtModified);
    expect(after.updates).toHaveLength(current.updates.length);
  });

  it('a RegionId other than the configured one is refused before anything is read or sent', async () => {
    person.answer(async () => ({ action: 'accept', content: { confirm: true } }));
    const result = await h.call(SPEECH, { InstanceId: id, Text: 'hi', RegionId: 'cn-beijing' });
    expect(result.isError).toBe(true);
    expect(allText(result)).toMatch(/RegionId "cn-beijing" cannot be reached/);
    expect(h.emu.requests).toHaveLength(0);
    expect(person.asked).toHaveLength(0);
  });

  it('a failed write after confirmation is an error naming the ICE code, sent once', async () => {
    person.answer(async () => ({ action: 'accept', content: { confirm: true } }));
    h.emu.injectFault({ action: 'SendAIAgentSpeech', status: 403, code: 'Forbidden.RAM', message: 'not allowed', times: 1 });
    const result = await h.call(SPEECH, { InstanceId: id, Text: 'hi' });
    expect(result.isError).toBe(true);
    expect(allText(result)).toMatch(/Forbidden\.RAM/);
    expect(h.requests('SendAIAgentSpeech')).toHaveLength(1);
  });
});

describe('elicit: no answer in time', () => {
  it('a person who never answers gets nothing sent, and the result says timed_out', async () => {
    const person = elicitingClient();
    person.answer(() => new Promise<ElicitResult>(() => {}));
    await withHarness(
      { capabilities: { elicitation: { form: {} } }, beforeConnect: person.setup, deps: { elicitTimeoutMs: 200 } },
      async (h) => {
        const id = liveInstance();
        const before = volumeOf(h, id);
        // Only the 200 ms question timeout can end this call: the person never answers.
        const result = await h.call(UPDATE, { InstanceId: id, AgentConfig: { Volume: Number(before) + 3 } });
        expect(result.isError).toBeFalsy();
        expect(structured(result).status).toBe('timed_out');
        expect(allText(result)).toMatch(/Nobody answered the approval in time\. Nothing was sent and nothing changed/);
        expect(h.audit().map((line) => line.outcome)).toEqual(['previewed', 'timed_out']);
        expect(person.asked).toHaveLength(1);
        expect(writesSent(h)).toBe(0);
        expect(volumeOf(h, id)).toBe(before);
      },
    );
  });

  it('an answer that arrives after the timeout sends nothing either', async () => {
    const person = elicitingClient();
    let accept!: () => void;
    person.answer(() => new Promise<ElicitResult>((resolve) => (accept = () => resolve({ action: 'accept', content: { confirm: true } }))));
    await withHarness(
      { capabilities: { elicitation: { form: {} } }, beforeConnect: person.setup, deps: { elicitTimeoutMs: 50 } },
      async (h) => {
        const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'late' });
        expect(person.asked).toHaveLength(1);
        expect(structured(result).status).toBe('timed_out');
        // The person says yes only now, after the call has ended; the server drops the answer.
        accept();
        await lateAnswerDropped(h);
        expect(writesSent(h)).toBe(0);
      },
    );
  });
});

describe('elicit mode with a client that cannot elicit', () => {
  it('refuses, explains how to allow writes, and sends (or reads) nothing', async () => {
    await withHarness({ flags: ['--confirm', 'elicit'] }, async (h) => {
      const result = await h.call(UPDATE, { InstanceId: liveInstance(), AgentConfig: { Volume: 5 } });
      expect(result.isError).toBe(true);
      expect(allText(result)).toMatch(/^ConfirmationUnavailable: .*does not support form elicitation.*--confirm token/s);
      expect(h.emu.requests).toHaveLength(0);
    });
  });
});

describe('token', () => {
  let h: Harness;
  let now = Date.now();
  const id = liveInstance();

  beforeAll(async () => {
    h = await startHarness({ flags: ['--confirm', 'token'], deps: { tokens: new ConfirmationTokens(undefined, 60_000, () => now) } });
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.emu.clearRequests();
    now = Date.now();
  });

  /** A first call: nothing is sent; returns the token. */
  async function preview(tool: string, args: Record<string, unknown>): Promise<{ token: string; result: CallToolResult }> {
    const result = await h.call(tool, args);
    expect(result.isError).toBeFalsy();
    expect(structured(result).status).toBe('confirmation_required');
    expect(writesSent(h)).toBe(0);
    const token = structured(result).confirmationToken;
    expect(typeof token).toBe('string');
    return { token: token as string, result };
  }

  /** A call that must be refused without sending anything; returns the text. */
  async function refused(tool: string, args: Record<string, unknown>): Promise<string> {
    const writes = writesSent(h);
    const result = await h.call(tool, args);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(writesSent(h)).toBe(writes);
    const text = allText(result);
    expect(text).toMatch(/^ConfirmationRefused: Not sent: /);
    // Every refusal carries a fresh preview of the arguments as they were sent this time.
    expect(text).toContain(
      `What this call would do now:\n${tool === UPDATE ? 'UpdateAIAgentInstance' : 'SendAIAgentSpeech'} on instance ${String(args.InstanceId)}`,
    );
    expect(text).toMatch(/Show this preview to the person/);
    return text;
  }

  it('round trip: preview and token first, nothing sent; identical arguments plus the token execute once', async () => {
    const before = volumeOf(h, id);
    const args = { InstanceId: id, AgentConfig: { Volume: Number(before) + 11 } };
    const { token, result } = await preview(UPDATE, args);
    const s = structured(result);
    expect(s).toMatchObject({ InstanceId: id, RegionId: 'cn-shanghai' });
    expect(s.preview).toMatchObject({
      action: 'UpdateAIAgentInstance',
      InstanceId: id,
      Status: 'Executing',
      RegionId: 'cn-shanghai',
      changes: [{ field: 'AgentConfig.Volume', from: before, to: Number(before) + 11 }],
    });
    expect(Date.parse(String(s.expiresAt))).toBe(now + 60_000);
    const note = allText(result);
    expect(note).toMatch(/Nothing was sent\. Show this preview to the person and ask whether to proceed/);
    expect(s.next).toMatch(/Only if they approve, call ice_update_agent_instance again/);
    expect(note).toContain(`AgentConfig.Volume: ${String(before)} -> ${Number(before) + 11}`);
    expect(note).toMatch(
      /Only if they approve, call ice_update_agent_instance again with exactly the same arguments plus ConfirmationToken/,
    );
    expect(volumeOf(h, id)).toBe(before);

    const done = await h.call(UPDATE, { ...args, ConfirmationToken: token });
    expect(done.isError).toBeFalsy();
    const updates = h.requests('UpdateAIAgentInstance');
    expect(updates).toHaveLength(1);
    expect(structured(done)).toMatchObject({ status: 'executed', InstanceId: id, RequestId: updates[0]?.requestId });
    expect(volumeOf(h, id)).toBe(Number(before) + 11);
    expect(updates[0]?.params).not.toHaveProperty('ConfirmationToken');
  });

  it('a token works once', async () => {
    const args = { InstanceId: id, Text: 'Once only' };
    const { token } = await preview(SPEECH, args);
    const first = await h.call(SPEECH, { ...args, ConfirmationToken: token });
    expect(structured(first).status).toBe('executed');
    expect(await refused(SPEECH, { ...args, ConfirmationToken: token })).toMatch(/already used/);
    expect(h.requests('SendAIAgentSpeech')).toHaveLength(1);
  });

  it('changed arguments are refused with the reason and a fresh preview of the new arguments', async () => {
    const before = volumeOf(h, id);
    const { token } = await preview(UPDATE, { InstanceId: id, AgentConfig: { Volume: Number(before) + 1 } });
    const text = await refused(UPDATE, { InstanceId: id, AgentConfig: { Volume: Number(before) + 2 }, ConfirmationToken: token });
    expect(text).toMatch(/arguments differ/);
    expect(text).toContain(`AgentConfig.Volume: ${String(before)} -> ${Number(before) + 2}`);
    expect(text).toMatch(/Show this preview to the person/);
    expect(volumeOf(h, id)).toBe(before);
  });

  it('a token for another tool is refused', async () => {
    const { token } = await preview(UPDATE, { InstanceId: id, AgentConfig: { Volume: 3 } });
    expect(await refused(SPEECH, { InstanceId: id, Text: 'hi', ConfirmationToken: token })).toMatch(
      /issued for ice_update_agent_instance, not ice_send_agent_speech/,
    );
  });

  it('another instance is "changed arguments"', async () => {
    const other = '8e4a5c6d7f9b4a0c2d3e4f5a6b7c8d95';
    const { token } = await preview(SPEECH, { InstanceId: id, Text: 'hi' });
    expect(await refused(SPEECH, { InstanceId: other, Text: 'hi', ConfirmationToken: token })).toMatch(/arguments differ/);
  });

  it('an expired token is refused', async () => {
    const args = { InstanceId: id, Text: 'too late' };
    const { token } = await preview(SPEECH, args);
    now += 60_000;
    expect(await refused(SPEECH, { ...args, ConfirmationToken: token })).toMatch(/expired/);
  });

  it('truncated and forged tokens are refused', async () => {
    const args = { InstanceId: id, Text: 'forged' };
    const { token } = await preview(SPEECH, args);
    expect(await refused(SPEECH, { ...args, ConfirmationToken: token.slice(0, -4) })).toMatch(/malformed or truncated/);
    const [v, expiry, nonce, mac] = token.split('.') as [string, string, string, string];
    const later = String(Number(expiry) + 3_600_000);
    expect(await refused(SPEECH, { ...args, ConfirmationToken: [v, later, nonce, mac].join('.') })).toMatch(/forged/);
    const otherMac = `${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    expect(await refused(SPEECH, { ...args, ConfirmationToken: [v, expiry, nonce, otherMac].join('.') })).toMatch(
      /arguments differ|forged/,
    );
    // The genuine token is still good afterwards: refusals do not consume it.
    const done = await h.call(SPEECH, { ...args, ConfirmationToken: token });
    expect(structured(done).status).toBe('executed');
  });

  it('a token is bound to the defaults: omitted EnableInterrupt equals true, not false', async () => {
    const { token } = await preview(SPEECH, { InstanceId: id, Text: 'defaults' });
    expect(await refused(SPEECH, { InstanceId: id, Text: 'defaults', EnableInterrupt: false, ConfirmationToken: token })).toMatch(
      /arguments differ/,
    );
    const done = await h.call(SPEECH, { InstanceId: id, Text: 'defaults', EnableInterrupt: true, Type: 'Text', ConfirmationToken: token });
    expect(structured(done).status).toBe('executed');
    expect(h.emu.store.getSpeeches(id).at(-1)).toMatchObject({ Text: 'defaults', EnableInterrupt: true });
  });

  it('a token is bound to the effective region: an explicit configured RegionId equals an omitted one', async () => {
    const { token } = await preview(SPEECH, { InstanceId: id, Text: 'region' });
    const done = await h.call(SPEECH, { InstanceId: id, Text: 'region', RegionId: 'cn-shanghai', ConfirmationToken: token });
    expect(structured(done).status).toBe('executed');
  });

  it('a Finished instance or an update that changes nothing gets no token', async () => {
    for (const args of [
      { InstanceId: finishedInstance(), AgentConfig: { Volume: 1 } },
      { InstanceId: id, AgentConfig: { Volume: volumeOf(h, id) } },
    ]) {
      const result = await h.call(UPDATE, args);
      expect(result.isError).toBe(true);
      expect(allText(result)).not.toContain('v1.');
    }
    expect(writesSent(h)).toBe(0);
  });
});

describe('token lifetime (--confirm-ttl-ms)', () => {
  it('expiresAt follows the configured lifetime (default 5 minutes)', async () => {
    for (const [flags, ttl] of [
      [[], 300_000],
      [['--confirm-ttl-ms', '120000'], 120_000],
    ] as const) {
      await withHarness({ flags: ['--confirm', 'token', ...flags] }, async (h) => {
        const before = Date.now();
        const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'ttl' });
        const expiresAt = Date.parse(String(structured(result).expiresAt));
        expect(expiresAt).toBeGreaterThanOrEqual(before + ttl);
        expect(expiresAt).toBeLessThanOrEqual(Date.now() + ttl);
      });
    }
  });
});

// A shared ICE_MCP_CONFIRM_KEY needs ICE_MCP_REDIS_URL (test/config.test.ts); tokens across replicas
// are tested with real Redis and three replicas in test/store/replicas.test.ts.

describe("auto picks the mode from the client's declared capabilities, and never a token", () => {
  const cases: [string, HarnessOptions['capabilities'], 'elicit' | 'refused'][] = [
    ['no capabilities', {}, 'refused'],
    ['URL elicitation only', { elicitation: { url: {} } }, 'refused'],
    ['form elicitation', { elicitation: { form: {} } }, 'elicit'],
    ['a bare elicitation capability (means form)', { elicitation: {} }, 'elicit'],
  ];
  for (const [name, capabilities, mode] of cases) {
    it(`${name} -> ${mode}`, async () => {
      const person = elicitingClient();
      person.answer(async () => ({ action: 'decline' }));
      const supportsElicit = capabilities?.elicitation !== undefined;
      await withHarness({ capabilities, ...(supportsElicit ? { beforeConnect: person.setup } : {}) }, async (h) => {
        const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'which mode?' });
        if (mode === 'elicit') {
          expect(structured(result).status).toBe('declined');
          expect(new Set(h.audit().map((line) => line.mode))).toEqual(new Set(['elicit']));
        } else {
          expect(result.isError).toBe(true);
          expect(allText(result)).toMatch(/^ConfirmationUnavailable: Not sent: every write needs a person's approval/);
          expect(allText(result)).toMatch(/--confirm token/);
          expect(h.audit().map((line) => [line.mode, line.outcome])).toEqual([['auto', 'refused']]);
          expect(h.emu.requests).toHaveLength(0);
        }
        expect(person.asked).toHaveLength(mode === 'elicit' ? 1 : 0);
        expect(writesSent(h)).toBe(0);
      });
    });
  }
});

describe('--confirm none', () => {
  it('sends without asking anyone, after reading the instance for its precondition', async () => {
    const person = elicitingClient();
    await withHarness(
      { flags: ['--confirm', 'none'], capabilities: { elicitation: { form: {} } }, beforeConnect: person.setup },
      async (h) => {
        const id = liveInstance();
        const result = await h.call(SPEECH, { InstanceId: id, Text: 'unattended' });
        expect(structured(result)).toMatchObject({ status: 'executed', InstanceId: id });
        expect(h.emu.requests.map((r) => r.action)).toEqual(['DescribeAIAgentInstance', 'SendAIAgentSpeech']);
        expect(person.asked).toHaveLength(0);
      },
    );
  });
});

describe('--read-only', () => {
  it('hides the write tools and refuses them by name, sending nothing', async () => {
    await withHarness({ flags: ['--read-only'] }, async (h) => {
      const names = (await h.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(defaultToolNames({ readOnly: true }));
      expect(names).toContain('ice_describe_agent_instance');
      // Refused by name before the arguments are even read.
      for (const [tool, args] of defaultWriteNames().map((name) => [name, { InstanceId: liveInstance(), Text: 'hi' }] as const)) {
        const result = await h.call(tool, args);
        expect(result.isError).toBe(true);
        expect(allText(result)).toMatch(new RegExp(`^ReadOnly: ${tool} is not available: this server runs read-only`));
      }
      expect(h.emu.requests).toHaveLength(0);
    });
  });
});
