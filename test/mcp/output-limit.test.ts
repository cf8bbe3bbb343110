/** Results, resources and prompts over the output limit are cut with a note, never sent whole. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_LIMIT_BYTES } from '../../src/util/output-limit.js';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness;
let id: string;
const AGENT = 'big-config-agent';

beforeAll(async () => {
  h = await startHarness();
  [id] = h.emu.addInstances(AGENT, 1, { AgentConfig: { LlmConfig: { LlmSystemPrompt: 'You are helpful. '.repeat(40_000) } } }) as [string];
});
afterAll(() => h.close());

describe('the output limit', () => {
  it('cuts a describe result of ~680 KB to the limit, saying what was left out and how to get less', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: id });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    const out = result.structuredContent as { Instance: Record<string, unknown>; Truncated?: string };
    expect(out.Truncated).toMatch(/ask for less at once/);
    expect(out.Instance.InstanceId).toBe(id);
    expect(JSON.parse(text)).toEqual(out);
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

  it('leaves ordinary results whole', async () => {
    const result = await h.call('ice_list_agent_instances', { AIAgentId: AGENT });
    expect(result.structuredContent).not.toHaveProperty('Truncated');
  });
});
