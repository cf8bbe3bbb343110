/** Results, resources and prompts over the output limit are cut with a note, never sent whole. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_COPY_LIMIT_BYTES, successResult } from '../../src/mcp/result.js';
import { OUTPUT_LIMIT_BYTES } from '../../src/util/output-limit.js';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness;
let id: string;
let midId: string;
const AGENT = 'big-config-agent';

beforeAll(async () => {
  h = await startHarness();
  [id] = h.emu.addInstances(AGENT, 1, { AgentConfig: { LlmConfig: { LlmSystemPrompt: 'You are helpful. '.repeat(40_000) } } }) as [string];
  const knowledge = Array.from({ length: 4000 }, (_, i) => ({ Id: `k${i}`, Text: `Entry ${i}: opening hours and prices.` }));
  [midId] = h.emu.addInstances('mid-config-agent', 1, { AgentConfig: { Knowledge: knowledge } }) as [string];
});
afterAll(() => h.close());

describe('the output limit', () => {
  it('cuts a describe result of ~680 KB to the limit, saying what was left out and how to get less', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: id });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { Instance: Record<string, unknown>; Truncated?: string };
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    expect(out.Truncated).toMatch(/ask for less at once/);
    expect(out.Instance.InstanceId).toBe(id);
    // The text copy is cut further: the result is carried once at its full size, not twice.
    const text = textOf(result);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(TEXT_COPY_LIMIT_BYTES);
    const copy = JSON.parse(text) as { Instance: Record<string, unknown>; Truncated?: string; TextCopy?: string };
    expect(copy.Instance.InstanceId).toBe(id);
    expect(copy.Truncated).toBe(out.Truncated);
    expect(copy.TextCopy).toMatch(
      /structuredContent, which holds the whole result; a client that shows only text can read the linked ice:\/\/ resources or ask for less at once/,
    );
  });

  it('keeps a 150 KB result whole in structuredContent and cuts only its text copy, pointing at the resource', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: midId });
    const out = result.structuredContent as { Instance: { InstanceId: string; AgentConfig: { Knowledge: unknown[] } } };
    expect(result.structuredContent).not.toHaveProperty('Truncated');
    expect(out.Instance.AgentConfig.Knowledge).toHaveLength(4000);
    const text = textOf(result);
    expect(Buffer.byteLength(JSON.stringify(out))).toBeGreaterThan(2 * TEXT_COPY_LIMIT_BYTES);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(TEXT_COPY_LIMIT_BYTES);
    const copy = JSON.parse(text) as { Instance: { InstanceId: string; AgentConfig: { Knowledge: unknown[] } }; TextCopy: string };
    expect(copy.Instance.InstanceId).toBe(midId);
    expect(copy.Instance.AgentConfig.Knowledge.length).toBeLessThan(4000);
    expect(copy.TextCopy).toMatch(/\$\.Instance\.AgentConfig\.Knowledge keeps \d+ of 4000 items/);
    const links = result.content.filter((c) => c.type === 'resource_link').map((c) => (c as { uri: string }).uri);
    expect(links).toContain(`ice://instances/${midId}`);
  });

  it('cuts the resource and the prompt too', async () => {
    const read = await h.client.readResource({ uri: `ice://instances/${id}` });
    const first = read.contents[0] as { text: string };
    expect(Buffer.byteLength(first.text)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    expect((JSON.parse(first.text) as { Truncated?: string }).Truncated).toMatch(/narrower resource/);
    const prompt = await h.client.getPrompt({ name: 'ice_diagnose_instance', arguments: { InstanceId: id } });
    for (const message of prompt.messages) {
      if (message.content.type === 'resource' && 'text' in message.content.resource) {
        expect(Buffer.byteLength(message.content.resource.text)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
      }
    }
  });

  it('leaves ordinary results whole, with a text copy equal to structuredContent', async () => {
    const result = await h.call('ice_list_agent_instances', { AIAgentId: AGENT });
    expect(result.structuredContent).not.toHaveProperty('Truncated');
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  });

  it('points a text-only client at a resource only when the result links one, else says how to ask for less', () => {
    const dialogues = Array.from({ length: 3000 }, (_, i) => ({
      DialogueId: `d${i}`,
      Content: `Caller line ${i}, asking about the bill.`,
    }));
    const unlinked = successResult({ SessionId: 's1', Dialogues: dialogues }, 'cn-shanghai');
    expect(unlinked.content.some((c) => c.type === 'resource_link')).toBe(false);
    const note = (JSON.parse(textOf(unlinked)) as { TextCopy: string }).TextCopy;
    expect(note).toMatch(/structuredContent, which holds the whole result; a client that shows only text can ask for less at once/);
    expect(note).not.toMatch(/linked ice:\/\/ resource/);
  });
});
