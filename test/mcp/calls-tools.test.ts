/** Stop, text and transcripts through a real MCP client; what reaches the cloud is read from the emulator's log. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { finishedInstance, liveInstance, startHarness, textOf, type Harness, type HarnessOptions } from '../helpers/harness.js';

const STOP = 'ice_stop_agent_instance';
const TEXT = 'ice_send_agent_text';
const DIALOGUES = 'ice_list_agent_dialogues';
const FINISHED_WITH_SESSION = '4a0c1e2f3b5d4c6e8f9a0b1c2d3e4f51'; // GmtCreate 09:12:44Z, GmtModified 09:19:03Z
const NO_SESSION = '7d3f4b5c6e8a4f9b1c2d3e4f5a6b7c84';
const HOUR = 3_600_000;

const structured = (r: CallToolResult): Record<string, unknown> => (r.structuredContent ?? {}) as Record<string, unknown>;
const allText = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe('transcripts (ice_list_agent_dialogues)', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness()));
  afterAll(() => h.close());
  afterEach(() => h.emu.clearRequests());

  it("with an InstanceId: reads the instance for its SessionId and sends the call's window in Unix ms, oldest first", async () => {
    const result = await h.call(DIALOGUES, { InstanceId: FINISHED_WITH_SESSION });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(h.emu.requests.map((r) => r.action)).toEqual(['DescribeAIAgentInstance', 'ListAIAgentDialogues']);
    expect(h.requests('ListAIAgentDialogues')[0]?.params).toEqual({
      SessionId: '9555351f0e2a4b6d',
      StartTime: String(Date.parse('2025-07-17T09:12:44Z') - HOUR),
      EndTime: String(Date.parse('2025-07-17T09:19:03Z') + HOUR),
      Order: 'ASC',
    });
    const out = structured(result) as { Dialogues: Record<string, unknown>[]; SessionId: string; StartTime: string };
    expect(out).toMatchObject({ SessionId: '9555351f0e2a4b6d', InstanceId: FINISHED_WITH_SESSION, StartTime: '2025-07-17T08:12:44.000Z' });
    // The earlier call in the same session lies outside the window.
    expect(out.Dialogues.map((d) => d.DialogueId)).toEqual(['d-6d-01', 'd-6d-02', 'd-6d-03', 'd-6d-04', 'd-6d-05', 'd-6d-06', 'd-6d-07']);
    expect(out.Dialogues[1]).toEqual({
      Producer: 'user',
      Text: "I'd like a refund for my last order.",
      Time: '2025-07-17T09:13:02.000Z',
      Type: 'normal',
      RoundId: 'r-6d-1',
      DialogueId: 'd-6d-02',
    });
  });

  it('ReasoningText only with Detail "full"; RoundLimit and Order go on the wire as strings; explicit times win', async () => {
    const result = await h.call(DIALOGUES, {
      SessionId: '9555351f0e2a4b6d',
      StartTime: '2025-07-17T00:00:00Z',
      EndTime: '2025-07-17T23:59:59+08:00',
      RoundLimit: 2,
      Order: 'DESC',
      Detail: 'full',
    });
    expect(h.emu.requests.map((r) => r.params)).toEqual([
      {
        SessionId: '9555351f0e2a4b6d',
        StartTime: String(Date.parse('2025-07-17T00:00:00Z')),
        EndTime: String(Date.parse('2025-07-17T15:59:59Z')),
        Order: 'DESC',
        RoundLimit: '2',
      },
    ]);
    const dialogues = (structured(result) as { Dialogues: Record<string, unknown>[] }).Dialogues;
    expect(dialogues.map((d) => d.RoundId)).toEqual(['r-6d-3', 'r-6d-3', 'r-6d-2', 'r-6d-2']);
    expect(dialogues.find((d) => d.DialogueId === 'd-6d-05')?.ReasoningText).toMatch(/Damaged goods/);
    const summary = await h.call(DIALOGUES, { InstanceId: FINISHED_WITH_SESSION });
    expect(JSON.stringify(summary.structuredContent)).not.toContain('ReasoningText');
  });

  it('AllPages fetches pages (a few at a time) until the first short page, in order', async () => {
    const result = await h.call(DIALOGUES, { InstanceId: FINISHED_WITH_SESSION, AllPages: true, PageSize: 3 });
    const out = structured(result) as { Count: number; Truncated: boolean; Dialogues: { DialogueId: string }[] };
    expect(out).toMatchObject({ Count: 7, Truncated: false });
    expect(out.Dialogues.map((d) => d.DialogueId)).toEqual(['d-6d-01', 'd-6d-02', 'd-6d-03', 'd-6d-04', 'd-6d-05', 'd-6d-06', 'd-6d-07']);
    const pages = h.requests('ListAIAgentDialogues').map((r) => Number(r.params.PageNumber));
    expect(pages.slice(0, 3)).toEqual([1, 2, 3]);
    expect(new Set(h.requests('ListAIAgentDialogues').map((r) => r.params.PageSize))).toEqual(new Set(['3']));
  });

  it('an instance without a SessionId gets a clear explanation, and no transcript is requested', async () => {
    const result = await h.call(DIALOGUES, { InstanceId: NO_SESSION });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^NoSession: Instance .* has no SessionId, so it has no transcript/);
    expect(h.emu.requests.map((r) => r.action)).toEqual(['DescribeAIAgentInstance']);
  });

  it.each([
    [{}, /exactly one of SessionId or InstanceId/],
    [{ SessionId: 's', InstanceId: 'i' }, /exactly one of SessionId or InstanceId/],
    [{ SessionId: 's' }, /With SessionId, StartTime and EndTime are required/],
    [{ InstanceId: 'i', AllPages: true, RoundLimit: 1 }, /RoundLimit overrides paging/],
    [{ InstanceId: 'i', RoundLimit: 0 }, /RoundLimit/],
    [{ InstanceId: 'i', StartTime: '2025-07-18T00:00:00Z', EndTime: '2025-07-17T00:00:00Z' }, /StartTime is after EndTime/],
  ])('refuses %j before anything is sent', async (args, pattern) => {
    const result = await h.call(DIALOGUES, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(pattern);
    expect(h.emu.requests).toHaveLength(0);
  });
});

describe('stop and text, token confirmation', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness({ flags: ['--confirm', 'token'] })));
  afterAll(() => h.close());
  afterEach(() => h.emu.clearRequests());

  it('stop: a preview that says the call ends, with status and age; nothing sent until the token comes back', async () => {
    const id = liveInstance();
    const first = await h.call(STOP, { InstanceId: id });
    expect(structured(first).status).toBe('confirmation_required');
    expect(h.requests('StopAIAgentInstance')).toHaveLength(0);
    expect(h.emu.store.getInstance(id)?.Status).toBe('Executing');
    const note = allText(first);
    expect(note).toContain('StopAIAgentInstance on instance');
    expect(note).toMatch(/Ends the call now: the agent leaves and the person on it is disconnected/);
    expect(note).toMatch(/The instance is Executing, started 2025-07-18T06:39:08\.000\+00:00, \d+ d( \d+ h)? ago/);
    const done = await h.call(STOP, { InstanceId: id, ConfirmationToken: structured(first).confirmationToken });
    expect(structured(done)).toMatchObject({ status: 'executed', InstanceId: id });
    expect(h.requests('StopAIAgentInstance').map((r) => r.params)).toEqual([{ InstanceId: id }]);
    expect(h.emu.store.getInstance(id)?.Status).toBe('Finished');
  });

  it('text: the preview says the LLM takes it as the user speaking; the wire form is InstanceId and Text', async () => {
    const id = '8e4a5c6d7f9b4a0c2d3e4f5a6b7c8d95';
    const args = { InstanceId: id, Text: 'I want to\nrenew' };
    const first = await h.call(TEXT, args);
    expect(allText(first)).toContain(`The agent's LLM receives, as if the user said it: "I want to\\nrenew"`);
    expect(allText(first)).toMatch(/the text itself is not spoken/);
    expect(h.requests('SendAIAgentText')).toHaveLength(0);
    const before = h.emu.dialogues('7731a0c4b2e94f18').length;
    await h.call(TEXT, { ...args, ConfirmationToken: structured(first).confirmationToken });
    expect(h.requests('SendAIAgentText').map((r) => r.params)).toEqual([args]);
    expect(h.emu.dialogues('7731a0c4b2e94f18')).toHaveLength(before + 2);
  });
});

const MODES: [string, HarnessOptions][] = [
  ['none', { flags: ['--confirm', 'none'] }],
  ['token', { flags: ['--confirm', 'token'] }],
  ['elicit', { capabilities: { elicitation: { form: {} } } }],
];
describe.each(MODES)('stopping a Finished instance (mode %s)', (_mode, options) => {
  it('returns already_finished: nobody is asked, nothing is sent, and the audit says refused', async () => {
    let asked = 0;
    const h = await startHarness({
      ...options,
      ...(options.capabilities
        ? {
            beforeConnect: (client) =>
              client.setRequestHandler(ElicitRequestSchema, async () => {
                asked++;
                return { action: 'accept', content: { confirm: true } };
              }),
          }
        : {}),
    });
    try {
      const result = await h.call(STOP, { InstanceId: finishedInstance() });
      expect(result.isError).toBeFalsy();
      expect(structured(result)).toMatchObject({ status: 'already_finished', InstanceId: finishedInstance() });
      expect(allText(result)).toMatch(/already Finished: nobody was asked and nothing was sent/);
      expect(h.emu.requests.map((r) => r.action)).toEqual(['DescribeAIAgentInstance']);
      expect(asked).toBe(0);
      expect(h.audit().map((line) => line.outcome)).toEqual(['refused']);
    } finally {
      await h.close();
    }
  });
});

describe('text and stop with elicitation', () => {
  it('decline sends nothing; accept sends exactly once and is never retried', async () => {
    let answer: 'accept' | 'decline' = 'decline';
    const h = await startHarness({
      capabilities: { elicitation: { form: {} } },
      beforeConnect: (client) =>
        client.setRequestHandler(ElicitRequestSchema, async () =>
          answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' },
        ),
    });
    try {
      const declined = await h.call(TEXT, { InstanceId: liveInstance(), Text: 'hello' });
      expect(structured(declined).status).toBe('declined');
      expect(h.requests('SendAIAgentText')).toHaveLength(0);
      answer = 'accept';
      h.emu.injectFault({ action: 'StopAIAgentInstance', status: 503, code: 'ServiceUnavailable' });
      const failed = await h.call(STOP, { InstanceId: liveInstance() });
      expect(failed.isError).toBe(true);
      expect(textOf(failed)).toMatch(/Outcome unknown/);
      expect(h.requests('StopAIAgentInstance')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
