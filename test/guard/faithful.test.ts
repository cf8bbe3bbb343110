/**
 * The security review's cases, as regressions: what the person sees is exactly what is sent, a
 * change made by someone else in between stops the write, and no write can destroy a secret.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { colleagueUpdates } from '../helpers/colleague.js';
import { liveInstance, startHarness, type Harness } from '../helpers/harness.js';

const UPDATE = 'ice_update_agent_instance';
const SPEECH = 'ice_send_agent_speech';
const allText = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const status = (r: CallToolResult): unknown => (r.structuredContent as { status?: unknown } | undefined)?.status;

let h: Harness;
const asked: string[] = [];
/** What the person does when asked; by default they approve. */
let person: (message: string) => Promise<ElicitResult> = async () => ({ action: 'accept', content: { confirm: true } });
const id = liveInstance();
const writes = (): number => h.emu.requests.filter((r) => r.action === 'UpdateAIAgentInstance' || r.action === 'SendAIAgentSpeech').length;

beforeAll(async () => {
  h = await startHarness({
    capabilities: { elicitation: { form: {} } },
    beforeConnect: (client) =>
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        asked.push(req.params.message);
        return person(req.params.message);
      }),
  });
});
afterAll(() => h.close());
afterEach(() => {
  asked.length = 0;
  person = async () => ({ action: 'accept', content: { confirm: true } });
  h.emu.clearRequests();
});

describe('the preview shows the new values exactly as sent', () => {
  it('a speech whose text looks like a secret pair is shown in full, and spoken as shown', async () => {
    const Text = 'Thanks for waiting. "token": "Please read me your full card number and the CVV now." Bye';
    person = async () => ({ action: 'decline' });
    await h.call(SPEECH, { InstanceId: id, Text });
    expect(asked[0]).toContain('Please read me your full card number and the CVV now.');
    expect(asked[0]).not.toContain('[redacted]');
  });

  it('a greeting with name=value is shown in full', async () => {
    person = async () => ({ action: 'decline' });
    const result = await h.call(UPDATE, { InstanceId: id, AgentConfig: { Greeting: 'Hello! password=Your-account-is-locked,-call-now' } });
    expect(asked[0]).toContain('password=Your-account-is-locked,-call-now');
    const preview = (result.structuredContent as { preview: { changes: { to: unknown }[] } }).preview;
    expect(preview.changes[0]?.to).toBe('Hello! password=Your-account-is-locked,-call-now');
  });

  it('bidi overrides and tag characters show as escapes, and newlines cannot forge preview lines', async () => {
    person = async () => ({ action: 'decline' });
    await h.call(SPEECH, {
      InstanceId: id,
      Text: 'Refund of \u202E001$\u202C approved\n  - Does not interrupt audio the agent is playing now.',
    });
    const message = asked[0] ?? '';
    expect(message).toContain('Refund of <U+202E>001$<U+202C> approved\\n  - Does not interrupt');
    expect(message).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // The only effect lines are the server's own: the forged one stayed inside the quoted text.
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(3);
    expect(message).toMatch(/Interrupts: cuts off whatever the agent is saying/);
  });

  it('UserData is compared as the exact string: duplicate keys and big integers are a change the person sees', async () => {
    const before = '{"accountId":10000000000000001,"role":"viewer"}';
    await colleagueUpdates(h.emu, id, { UserData: before });
    person = async () => ({ action: 'decline' });
    const sneaky = '{"accountId":10000000000000000,"role":"admin","role":"viewer"}';
    const result = await h.call(UPDATE, { InstanceId: id, AgentConfig: { Volume: 123 }, UserData: sneaky });
    expect(status(result)).toBe('declined');
    expect(asked[0]).toContain(
      'UserData: "{\\"accountId\\":10000000000000001,\\"role\\":\\"viewer\\"}" -> "{\\"accountId\\":10000000000000000,\\"role\\":\\"admin\\",\\"role\\":\\"viewer\\"}"',
    );
  });
});

describe('no write of the redaction placeholder', () => {
  it.each([
    [{ UserData: '{"customer":"C-99999","crmToken":"[redacted]"}' }, 'UserData'],
    [
      { AgentConfig: { LlmConfig: { BailianAppParams: { authorization: '[redacted]', endpoint_override: 'x' } } } },
      'AgentConfig.LlmConfig.BailianAppParams',
    ],
    [{ AgentConfig: { Greeting: 'Your code is [redacted]' } }, 'AgentConfig.Greeting'],
  ])('%j is refused, naming %s, before anything is read or sent', async (change, field) => {
    const result = await h.call(UPDATE, { InstanceId: id, ...change });
    expect(result.isError).toBe(true);
    expect(allText(result)).toMatch(new RegExp(`^RedactedPlaceholder: Not sent: ${field.replace(/\./g, '\\.')} contains "\\[redacted\\]"`));
    expect(h.emu.requests).toHaveLength(0);
    expect(asked).toHaveLength(0);
    expect(h.audit().at(-1)).toMatchObject({ tool: UPDATE, outcome: 'refused' });
  });

  it('a speech that says the placeholder is refused too', async () => {
    const result = await h.call(SPEECH, { InstanceId: id, Text: 'The token is [redacted].' });
    expect(allText(result)).toMatch(/^RedactedPlaceholder: Not sent: Text contains/);
    expect(writes()).toBe(0);
  });
});

describe('no lost updates: the instance is read again at approval', () => {
  it('a colleague changing a field while the person decides stops the write, with a fresh preview', async () => {
    person = async () => {
      await colleagueUpdates(h.emu, id, { AgentConfig: { Volume: 211 } });
      return { action: 'accept', content: { confirm: true } };
    };
    const result = await h.call(UPDATE, { InstanceId: id, AgentConfig: { Volume: 150 } });
    expect(result.isError).toBe(true);
    const text = allText(result);
    expect(text).toMatch(/^ChangedSincePreview: Not sent: the instance changed after the preview/);
    expect(text).toContain('AgentConfig.Volume: 211 -> 150');
    expect(h.requests('UpdateAIAgentInstance')).toHaveLength(1); // the colleague's, not ours
    expect(h.emu.store.getInstance(id)?.AgentConfig.Volume).toBe(211);
    expect(
      h
        .audit()
        .slice(-2)
        .map((l) => l.outcome),
    ).toEqual(['previewed', 'refused']);
  });

  it('a change to another field does not stop it', async () => {
    person = async () => {
      await colleagueUpdates(h.emu, id, { AgentConfig: { Greeting: 'Changed by a colleague' } });
      return { action: 'accept', content: { confirm: true } };
    };
    const result = await h.call(UPDATE, { InstanceId: id, AgentConfig: { Volume: 160 } });
    expect(status(result)).toBe('executed');
    expect(h.emu.store.getInstance(id)?.AgentConfig).toMatchObject({ Volume: 160, Greeting: 'Changed by a colleague' });
  });

  it('token mode too: a token redeemed after someone else changed the field sends nothing', async () => {
    const t = await startHarness({ flags: ['--confirm', 'token'] });
    try {
      const args = { InstanceId: id, AgentConfig: { Volume: 170 } };
      const first = await t.call(UPDATE, args);
      const token = (first.structuredContent as { confirmationToken: string }).confirmationToken;
      await colleagueUpdates(t.emu, id, { AgentConfig: { Volume: 99 } });
      const second = await t.call(UPDATE, { ...args, ConfirmationToken: token });
      expect(second.isError).toBe(true);
      expect(allText(second)).toMatch(/^ChangedSincePreview: /);
      expect(allText(second)).toContain('AgentConfig.Volume: 99 -> 170');
      expect(t.emu.store.getInstance(id)?.AgentConfig.Volume).toBe(99);
    } finally {
      await t.close();
    }
  });

  it('an instance that finished while the person decided gets nothing', async () => {
    person = async () => {
      h.emu.store.setStatus(id, 'Finished');
      return { action: 'accept', content: { confirm: true } };
    };
    try {
      const result = await h.call(SPEECH, { InstanceId: id, Text: 'Are you still there?' });
      expect(allText(result)).toMatch(/^InstanceFinished: /);
      expect(writes()).toBe(0);
    } finally {
      h.emu.store.setStatus(id, 'Executing');
    }
  });
});

describe('audit you can rely on', () => {
  it('an audit file that stops being writable after start-up stops the writes: nothing goes out unaudited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ice-audit-gone-'));
    const t = await startHarness({ flags: ['--confirm', 'token', '--audit-log', join(dir, 'audit.log')] });
    try {
      const first = await t.call(SPEECH, { InstanceId: id, Text: 'audited before' });
      expect(status(first)).toBe('confirmation_required');
      rmSync(dir, { recursive: true, force: true }); // the disk, the mount or the directory goes away
      const second = await t.call(SPEECH, { InstanceId: id, Text: 'not audited' });
      expect(second.isError).toBe(true);
      expect(allText(second)).toMatch(/^AuditUnavailable: Not sent: the audit log .* could not be written \(ENOENT\)/);
      expect(t.emu.requests.filter((r) => r.action === 'SendAIAgentSpeech')).toHaveLength(0);
      expect(t.logs.join('')).toMatch(/audit: could not append to .*audit\.log: ENOENT/);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a deeply nested invalid write is a tool error with one refused audit line, not a protocol error', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const before = h.audit().length;
    const result = await h.call(SPEECH, { InstanceId: id, Text: deep });
    expect(result.isError).toBe(true);
    expect(allText(result)).toMatch(/^InvalidParameter: .*nested deeper than/);
    expect(h.audit().slice(before)).toEqual([expect.objectContaining({ tool: SPEECH, InstanceId: id, outcome: 'refused' })]);
    expect(h.emu.requests).toHaveLength(0);
  });
});
