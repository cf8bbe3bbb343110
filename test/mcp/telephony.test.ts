/** Toolsets, and the opt-in telephony tools, through a real MCP client against the emulator. */
import { describe, expect, it } from 'vitest';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OPERATIONS } from '../../src/operations/index.js';
import { textOf, withHarness, type Harness } from '../helpers/harness.js';
import { defaultToolNames } from '../helpers/tools.js';

const SALES_AGENT = '8c7d6e5f4a3b4c2d9e1f0a9b8c7d6e5f';
const CALLER = '+8657100000000';
const CALLED = '+8613800001234';
const PHONE_CALL = '8e4a5c6d7f9b4a0c2d3e4f5a6b7c8d95';
const OUTBOUND = { AIAgentId: SALES_AGENT, CallerNumber: CALLER, CalledNumber: CALLED };
const structured = (r: CallToolResult): Record<string, unknown> => (r.structuredContent ?? {}) as Record<string, unknown>;
const allText = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

const namesOf = (toolsets: string[], readOnly = false): string[] =>
  OPERATIONS.filter((op) => toolsets.includes(op.toolset) && !(readOnly && op.kind === 'write')).map((op) => op.name);

describe('toolset selection', () => {
  it.each([
    [[], ['calls', 'agents']],
    [['--toolsets', 'calls'], ['calls']],
    [
      ['--toolsets', 'agents,telephony'],
      ['agents', 'telephony'],
    ],
    [
      ['--toolsets', 'all'],
      ['calls', 'agents', 'telephony'],
    ],
  ])('%j lists the tools of %j, in table order', async (flags, toolsets) => {
    await withHarness({ flags }, async (h) => {
      expect((await h.client.listTools()).tools.map((t) => t.name)).toEqual(namesOf(toolsets));
    });
  });

  it('ICE_MCP_TOOLSETS selects too, and --read-only still removes every write', async () => {
    await withHarness({ flags: ['--read-only'], env: { ICE_MCP_TOOLSETS: 'all' } }, async (h) => {
      const names = (await h.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(namesOf(['calls', 'agents', 'telephony'], true));
      expect(names).toContain('ice_list_phone_numbers');
      const result = await h.call('ice_start_outbound_call', OUTBOUND);
      expect(textOf(result)).toMatch(/^ReadOnly: /);
      expect(h.emu.requests).toHaveLength(0);
    });
  });

  it('a tool outside the configured toolsets is refused, naming the toolset that enables it, and nothing is sent', async () => {
    await withHarness({ flags: ['--confirm', 'none'] }, async (h) => {
      expect((await h.client.listTools()).tools.map((t) => t.name)).toEqual(defaultToolNames());
      for (const [tool, args] of [
        ['ice_start_outbound_call', OUTBOUND],
        ['ice_list_phone_numbers', {}],
      ] as const) {
        const result = await h.call(tool, args);
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(
          new RegExp(
            `^ToolsetDisabled: ${tool} is not available: it belongs to the "telephony" toolset.*--toolsets calls,agents,telephony`,
          ),
        );
      }
      expect(h.emu.requests).toHaveLength(0);
      expect(h.audit()).toEqual([
        expect.objectContaining({ tool: 'ice_start_outbound_call', outcome: 'refused', CallerNumber: '+*********0000' }),
      ]);
    });
  });
});

describe('ice_start_outbound_call', () => {
  it('token mode: a preview naming the agent, both numbers and the billed call; nothing dialled until the token returns', async () => {
    await withHarness({ flags: ['--toolsets', 'all', '--confirm', 'token'] }, async (h) => {
      const args = { ...OUTBOUND, SessionId: 'renewal-001', Config: { GreetingDelay: 800, Greeting: 'Hello!' } };
      const first = await h.call('ice_start_outbound_call', args);
      expect(structured(first)).toMatchObject({ status: 'confirmation_required', InstanceId: '' });
      expect(allText(first)).toContain('StartAIAgentOutboundCall (region cn-shanghai):');
      expect(allText(first)).toContain(`Places a real, billed phone call from ${CALLER} to ${CALLED}; AI agent ${SALES_AGENT} talks`);
      expect(h.emu.requests).toHaveLength(0); // no instance to read, nothing dialled

      const done = await h.call('ice_start_outbound_call', { ...args, ConfirmationToken: structured(first).confirmationToken });
      const sent = h.requests('StartAIAgentOutboundCall');
      expect(sent).toHaveLength(1);
      // Config travels as ONE JSON string, not flattened.
      expect(sent[0]?.params).toEqual({ ...OUTBOUND, SessionId: 'renewal-001', Config: '{"GreetingDelay":800,"Greeting":"Hello!"}' });
      const InstanceId = String(structured(done).InstanceId);
      expect(structured(done)).toMatchObject({ status: 'executed', RequestId: sent[0]?.requestId });
      expect(h.emu.store.getInstance(InstanceId)).toMatchObject({ Status: 'Executing', SessionId: 'renewal-001' });

      // Audit lines mask the numbers but for their last four digits.
      const lines = h.audit();
      expect(lines.map((l) => l.outcome)).toEqual(['previewed', 'token_redeemed', 'executed']);
      for (const line of lines)
        expect(line).toMatchObject({ InstanceId: '', CallerNumber: '+*********0000', CalledNumber: '+*********1234' });
      expect(h.logs.join('')).not.toContain(CALLED);
    });
  });

  it('elicit: a decline dials nothing; mode none dials at once without a read, once, never retried', async () => {
    await withHarness(
      {
        flags: ['--toolsets', 'all'],
        capabilities: { elicitation: { form: {} } },
        beforeConnect: (c) => c.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' })),
      },
      async (h) => {
        expect(structured(await h.call('ice_start_outbound_call', OUTBOUND)).status).toBe('declined');
        expect(h.emu.requests).toHaveLength(0);
      },
    );
    await withHarness({ flags: ['--toolsets', 'all', '--confirm', 'none'] }, async (h) => {
      h.emu.injectFault({ action: 'StartAIAgentOutboundCall', reset: true });
      const result = await h.call('ice_start_outbound_call', OUTBOUND);
      expect(textOf(result)).toMatch(/Outcome unknown/);
      expect(h.emu.requests.map((r) => r.action)).toEqual(['StartAIAgentOutboundCall']);
    });
  });

  it.each([
    [{ ...OUTBOUND, CalledNumber: '555-0100' }, /CalledNumber: Must be a phone number/],
    [{ ...OUTBOUND, Config: { GreetingDelay: 9000 } }, /Config.GreetingDelay: Must be 0..5000/],
    [{ ...OUTBOUND, Config: '{"GreetingDelay": 1' }, /Config/],
    [{ AIAgentId: SALES_AGENT, CallerNumber: CALLER }, /CalledNumber/],
  ])('refuses %j before anything is sent', async (args, pattern) => {
    await withHarness({ flags: ['--toolsets', 'all', '--confirm', 'none'] }, async (h) => {
      const result = await h.call('ice_start_outbound_call', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(pattern);
      expect(h.emu.requests).toHaveLength(0);
    });
  });
});

describe('ice_forward_agent_call and ice_list_phone_numbers', () => {
  it('forward: the preview names both numbers and the hand-off; the wire form carries the prompts', async () => {
    await withHarness({ flags: ['--toolsets', 'telephony', '--confirm', 'token'] }, async (h) => {
      const args = { InstanceId: PHONE_CALL, CalledNumber: '+8613900005678', TransferPrompt: 'One moment.' };
      const first = await h.call('ice_forward_agent_call', args);
      expect(allText(first)).toContain('Transfers the phone call between +8657100000000 and +8613800000000 to +8613900005678');
      expect(allText(first)).toContain('Before the transfer the agent says: "One moment."');
      expect(h.requests('ForwardAIAgentCall')).toHaveLength(0);
      await h.call('ice_forward_agent_call', { ...args, ConfirmationToken: structured(first).confirmationToken });
      expect(h.requests('ForwardAIAgentCall').map((r) => r.params)).toEqual([args]);
      expect(h.emu.store.getInstance(PHONE_CALL)?.CallInfo.HangupRole).toBe(2);
      // Afterwards the call is finished: a second transfer is refused before anyone is asked.
      const again = await h.call('ice_forward_agent_call', args);
      expect(textOf(again)).toMatch(/^InstanceFinished: /);
    });
  });

  it('phone numbers: paging and status pass through as strings; each number gets its status name', async () => {
    await withHarness({ flags: ['--toolsets', 'telephony'] }, async (h) => {
      const result = await h.call('ice_list_phone_numbers', { Status: 2, PageSize: 10 });
      expect(h.emu.requests[0]?.params).toEqual({ Status: '2', PageSize: '10' });
      expect(structured(result)).toMatchObject({
        Count: 2,
        TotalNumber: 2,
        PhoneNumbers: [{ PhoneNumber: CALLER, Status: 2, StatusName: 'normal' }, expect.anything()],
      });
    });
  });
});
