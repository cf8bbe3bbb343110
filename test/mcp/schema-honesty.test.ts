/** Every advertised schema says something, and the JSON-string form is advertised where it is accepted. */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/** Paths of subschemas with no keyword at all (`{}`), which validate nothing. */
function emptySchemas(schema: unknown, path = '#'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  if (Array.isArray(schema)) return schema.flatMap((s, i) => emptySchemas(s, `${path}/${i}`));
  const record = schema as Record<string, unknown>;
  if (Object.keys(record).length === 0) return [path];
  const nested = ['additionalProperties', 'items', 'anyOf', 'oneOf', 'allOf', 'not', 'propertyNames'];
  return [
    ...nested.flatMap((key) => (key in record ? emptySchemas(record[key], `${path}/${key}`) : [])),
    ...Object.entries((record.properties ?? {}) as Record<string, unknown>).flatMap(([k, v]) => emptySchemas(v, `${path}/properties/${k}`)),
  ];
}

let h: Harness;
let tools: Tool[];
beforeAll(async () => {
  h = await startHarness();
  ({ tools } = await h.client.listTools());
});
afterAll(() => h.close());

describe('advertised schemas', () => {
  it('contain no schema that validates nothing', () => {
    const empty = tools.flatMap((t) => [
      ...emptySchemas(t.inputSchema).map((p) => `${t.name} input ${p}`),
      ...emptySchemas(t.outputSchema).map((p) => `${t.name} output ${p}`),
    ]);
    expect(empty).toEqual([]);
  });

  it('accept AgentConfig and TemplateConfig as an object or a JSON string, as the server does', async () => {
    const update = tools.find((t) => t.name === 'ice_update_agent_instance')!;
    const validate = new Ajv({ strict: false }).compile(update.inputSchema);
    const config = { TtsConfig: { VoiceId: 'longxiaochun_v2' } };
    for (const AgentConfig of [config, JSON.stringify(config)]) {
      expect(validate({ InstanceId: 'i', AgentConfig }), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ InstanceId: 'i', TemplateConfig: JSON.stringify({ VoiceChat: { Volume: 10 } }) })).toBe(true);
    expect(validate({ InstanceId: 'i', AgentConfig: 42 })).toBe(false);
    expect(validate({ InstanceId: 'i', AgentConfig: { Volume: 1000 } })).toBe(false);
  });

  it('the server info has a title, a website and an inline icon', () => {
    const info = h.client.getServerVersion();
    expect(info).toMatchObject({ name: 'ice-agent-mcp', title: expect.any(String), websiteUrl: expect.stringMatching(/^https:\/\//) });
    expect(info?.icons?.[0]).toMatchObject({ mimeType: 'image/svg+xml', src: expect.stringMatching(/^data:image\/svg\+xml;base64,/) });
  });
});
