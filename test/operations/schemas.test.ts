import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import { UPDATABLE_AGENT_FIELDS } from '../../src/operations/agent-config.js';
import { describeAgentInstance } from '../../src/operations/describe-agent-instance.js';
import { writeOutput } from '../../src/operations/fields.js';
import { listAgentInstances } from '../../src/operations/list-agent-instances.js';
import { sendAgentSpeech } from '../../src/operations/send-agent-speech.js';
import { updateAgentInstance } from '../../src/operations/update-agent-instance.js';
import { isoInstant } from '../../src/util/time.js';

const listInputSchema = listAgentInstances.input;
const describeInputSchema = describeAgentInstance.input;
// The table erases argument types; the tests read one nested field back.
const updateInputSchema = updateAgentInstance.input as z.ZodType<{
  AgentConfig?: { LlmConfig?: { BailianAppParams?: unknown } };
  TemplateConfig?: unknown;
}>;
const speechInputSchema = sendAgentSpeech.input;
const listOutput = listAgentInstances.output;
const describeOutput = describeAgentInstance.output;

/** The message of a cross-field rule (it rides on the input schema), or undefined when the input passes. */
const ruleOf = (schema: z.ZodTypeAny, value: Record<string, unknown>): string | undefined => {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues.map((i) => i.message).join('; ');
};
const checkListRange = (a: Record<string, unknown>) => ruleOf(listInputSchema, { AIAgentId: 'a', ...a });
const checkUpdateHasChange = (a: Record<string, unknown>) => ruleOf(updateInputSchema, { InstanceId: 'i', ...a });
const checkSpeech = (a: Record<string, unknown>) => ruleOf(speechInputSchema, { InstanceId: 'i', ...a });

type Json = Record<string, unknown>;

const ok = (schema: z.ZodTypeAny, v: unknown) => schema.safeParse(v).success;
const messages = (schema: z.ZodTypeAny, v: unknown): string => {
  const r = schema.safeParse(v);
  if (r.success) throw new Error(`expected a failure for ${JSON.stringify(v)}`);
  return r.error.issues.map((i) => `${i.message} @${i.path.join('.')}`).join('\n');
};
const list = (extra: Json) => ({ AIAgentId: 'agent-1', ...extra });
const upd = (extra: Json) => ({ InstanceId: 'inst-1', ...extra });
const speech = (extra: Json) => ({ InstanceId: 'inst-1', Text: 'hello', ...extra });
const astral = (n: number) => '😀'.repeat(n);

describe('list input', () => {
  it('bounds AIAgentId to 1..128 characters', () => {
    expect(ok(listInputSchema, list({ AIAgentId: 'a'.repeat(128) }))).toBe(true);
    expect(ok(listInputSchema, list({ AIAgentId: 'a'.repeat(129) }))).toBe(false);
    expect(ok(listInputSchema, list({ AIAgentId: '' }))).toBe(false);
    expect(ok(listInputSchema, {})).toBe(false);
  });

  it.each([
    ['PageSize', 0, true],
    ['PageSize', 100, true],
    ['PageSize', -1, false],
    ['PageSize', 101, false],
    ['PageSize', 2.5, false],
    ['PageNumber', 1, true],
    ['PageNumber', 100, true],
    ['PageNumber', 0, false],
    ['PageNumber', 101, false],
    ['PageNumber', '2', false],
  ])('%s = %s accepted: %s', (key, value, expected) => {
    expect(ok(listInputSchema, list({ [key]: value }))).toBe(expected);
  });

  it('defaults Detail to summary and refuses other values', () => {
    const r = listInputSchema.parse(list({}));
    expect(r.Detail).toBe('summary');
    expect(listInputSchema.parse(list({ Detail: 'full', AllPages: true })).Detail).toBe('full');
    expect(ok(listInputSchema, list({ Detail: 'brief' }))).toBe(false);
    expect(ok(listInputSchema, list({ AllPages: 'yes' }))).toBe(false);
  });

  it.each([
    ['cn-shanghai', true],
    ['ap-southeast-1', true],
    ['us-west-1', true],
    ['CN-shanghai', false],
    ['cn', false],
    ['cn_shanghai', false],
    ['c-shanghai', false],
    ['cn-', false],
  ])('RegionId %s accepted: %s', (region, expected) => {
    expect(ok(listInputSchema, list({ RegionId: region }))).toBe(expected);
  });

  it('refuses unknown top-level arguments', () => {
    expect(messages(listInputSchema, list({ Foo: 1 }))).toMatch(/Foo/);
  });
});

describe('ISO 8601 times', () => {
  it.each([
    '2025-07-18T06:39Z',
    '2025-07-18T06:39:08Z',
    '2025-07-18T06:39:08+08:00',
    '2025-07-18T06:39-05:30',
    '2025-07-18T06:39:08.000+00:00',
    '2025-07-18T06:39:08.123456789Z',
    '2024-02-29T00:00Z',
    '2025-12-31T23:59:59Z',
  ])('accepts %s', (t) => {
    expect(ok(listInputSchema, list({ StartTime: t, EndTime: t }))).toBe(true);
  });

  it.each([
    '2025-07-18T06:39:08',
    '2025-07-18',
    '2025-02-30T00:00Z',
    '2025-02-29T00:00Z',
    '2025-13-01T00:00Z',
    '2025-00-10T00:00Z',
    '2025-04-31T00:00Z',
    '2025-07-18T24:00Z',
    '2025-07-18T06:60Z',
    '2025-07-18T06:39:60Z',
    '2025-07-18T06:39+0800',
    '2025-07-18 06:39Z',
    '2025-07-18T06:39:08.Z',
    'yesterday',
    '',
  ])('refuses %s', (t) => {
    expect(messages(listInputSchema, list({ StartTime: t }))).toMatch(/ISO 8601.*offset/);
  });

  it('computes instants with the offset applied', () => {
    expect(isoInstant('2025-07-18T08:00+08:00')).toBe(Date.UTC(2025, 6, 18, 0, 0));
    expect(isoInstant('2025-07-18T06:39:08.5Z')).toBe(Date.UTC(2025, 6, 18, 6, 39, 8, 500));
    expect(isoInstant('0099-01-01T00:00Z')).toBeUndefined();
  });

  it('checkListRange refuses StartTime after EndTime, naming both', () => {
    expect(checkListRange({ StartTime: '2025-07-18T08:00+08:00', EndTime: '2025-07-18T00:30Z' })).toBeUndefined();
    expect(checkListRange({ StartTime: '2025-07-18T06:39Z', EndTime: '2025-07-18T06:39:00.000+00:00' })).toBeUndefined();
    expect(checkListRange({ StartTime: '2025-07-18T06:39Z' })).toBeUndefined();
    const msg = checkListRange({ StartTime: '2025-07-18T01:00Z', EndTime: '2025-07-18T08:59+08:00' });
    expect(msg).toMatch(/StartTime/);
    expect(msg).toMatch(/EndTime/);
  });
});

describe('describe input', () => {
  it('requires InstanceId of 1..128 characters', () => {
    expect(ok(describeInputSchema, { InstanceId: 'x'.repeat(128) })).toBe(true);
    expect(ok(describeInputSchema, { InstanceId: 'x'.repeat(129) })).toBe(false);
    expect(ok(describeInputSchema, { InstanceId: '' })).toBe(false);
    expect(ok(describeInputSchema, { RegionId: 'cn-shanghai' })).toBe(false);
  });
});

describe('update input: AgentConfig', () => {
  const agent = (AgentConfig: unknown) => upd({ AgentConfig });

  it.each([
    [{ TtsConfig: { VoiceId: 'v'.repeat(64) } }, true],
    [{ TtsConfig: { VoiceId: 'v'.repeat(65) } }, false],
    [{ TtsConfig: { VoiceId: '' } }, false],
    [{ TtsConfig: {} }, false],
    [{ InterruptConfig: { EnableVoiceInterrupt: false } }, true],
    [{ InterruptConfig: { EnableVoiceInterrupt: 'no' } }, false],
    [{ Volume: 0 }, true],
    [{ Volume: 400 }, true],
    [{ Volume: -1 }, false],
    [{ Volume: 401 }, false],
    [{ Volume: 50.5 }, false],
    [{ EnablePushToTalk: true }, true],
    [{ EnablePushToTalk: 1 }, false],
    [{ Greeting: '' }, true],
    [{ Greeting: 'hello' }, true],
    [{ Greeting: 5 }, false],
    [{ VoiceprintConfig: { UseVoiceprint: false } }, true],
    [{ VoiceprintConfig: { UseVoiceprint: true, VoiceprintId: 'vp1' } }, true],
    [{ VoiceprintConfig: { VoiceprintId: 'vp1' } }, true],
    [{ VoiceprintConfig: {} }, false],
    [{ LlmConfig: { BailianAppParams: '{"memory_id":"m1"}' } }, true],
    [{ LlmConfig: { BailianAppParams: '{not json' } }, false],
    [{ LlmConfig: {} }, false],
    [{}, false],
    [[], false],
    [42, false],
  ])('%j accepted: %s', (config, expected) => {
    expect(ok(updateInputSchema, agent(config))).toBe(expected);
  });

  it('bounds Greeting to 1024 code points', () => {
    expect(ok(updateInputSchema, agent({ Greeting: astral(1024) }))).toBe(true);
    expect(ok(updateInputSchema, agent({ Greeting: 'g'.repeat(1025) }))).toBe(false);
  });

  it('requires VoiceprintId when UseVoiceprint is true', () => {
    expect(messages(updateInputSchema, agent({ VoiceprintConfig: { UseVoiceprint: true } }))).toMatch(
      /VoiceprintId is required.*@AgentConfig\.VoiceprintConfig\.VoiceprintId/,
    );
  });

  it('names the updatable fields when a key is unknown', () => {
    const msg = messages(updateInputSchema, agent({ Foo: 1, Volume: 10 }));
    expect(msg).toContain('Unrecognized key "Foo" in AgentConfig; updatable fields: ');
    for (const field of UPDATABLE_AGENT_FIELDS) expect(msg).toContain(field);
  });

  it('names the updatable fields for an unknown nested key', () => {
    const msg = messages(updateInputSchema, agent({ TtsConfig: { VoiceId: 'v', SpeechRate: 1.5 } }));
    expect(msg).toContain('"SpeechRate" in AgentConfig.TtsConfig');
    expect(msg).toContain('LlmConfig.BailianAppParams');
    const both = messages(
      updateInputSchema,
      agent({ AsrConfig: { VadLevel: 3 }, LlmConfig: { LlmSystemPrompt: 'x', BailianAppParams: '{}' } }),
    );
    expect(both).toContain('"AsrConfig" in AgentConfig;');
    expect(both).toContain('"LlmSystemPrompt" in AgentConfig.LlmConfig;');
  });

  it('says an empty AgentConfig changes nothing', () => {
    expect(messages(updateInputSchema, agent({}))).toMatch(/changes nothing/);
  });

  it('turns a BailianAppParams object into a JSON string and keeps strings as they are', () => {
    const fromObject = updateInputSchema.parse(agent({ LlmConfig: { BailianAppParams: { biz_params: { a: 1 } } } }));
    expect(fromObject.AgentConfig?.LlmConfig?.BailianAppParams).toBe('{"biz_params":{"a":1}}');
    const raw = '"{\\"memory_id\\":\\"m\\"}"'; // JSON inside JSON, as the service returns it
    expect(updateInputSchema.parse(agent({ LlmConfig: { BailianAppParams: raw } })).AgentConfig?.LlmConfig?.BailianAppParams).toBe(raw);
  });

  it('validates AgentConfig given as a JSON string exactly like the object', () => {
    const config = { TtsConfig: { VoiceId: 'longcheng_v2' }, Volume: 80, LlmConfig: { BailianAppParams: { k: 'v' } } };
    const fromString = updateInputSchema.parse(agent(JSON.stringify(config)));
    expect(fromString).toEqual(updateInputSchema.parse(agent(config)));
    expect(fromString.AgentConfig).toEqual({
      TtsConfig: { VoiceId: 'longcheng_v2' },
      Volume: 80,
      LlmConfig: { BailianAppParams: '{"k":"v"}' },
    });
    expect(messages(updateInputSchema, agent(JSON.stringify({ Volume: 500 })))).toMatch(/400/);
    expect(messages(updateInputSchema, agent(JSON.stringify({ Foo: 1 })))).toContain('updatable fields');
    expect(messages(updateInputSchema, agent('{"Volume": 5'))).toMatch(/Expected object, received string/);
  });
});

describe('update input: TemplateConfig, UserData, ConfirmationToken', () => {
  const tpl = (TemplateConfig: unknown) => upd({ TemplateConfig });

  it.each([
    [{ VoiceChat: { VoiceId: 'x', AsrMaxSilence: 600 } }, true],
    [{ VisionChat: { Greeting: 'hi' }, AvatarChat3D: { Volume: 400, UseVoiceprint: false } }, true],
    [{ AvatarChat3D: { EnableVoiceInterrupt: true, EnablePushToTalk: false } }, true],
    [{ VoiceChat: { AsrMaxSilence: 200 } }, true],
    [{ VoiceChat: { AsrMaxSilence: 1200 } }, true],
    [{ VoiceChat: { AsrMaxSilence: 199 } }, false],
    [{ VoiceChat: { AsrMaxSilence: 1201 } }, false],
    [{ VoiceChat: { Volume: 401 } }, false],
    [{ VoiceChat: { BailianAppParams: '{}' } }, false],
    [{ VoiceChat: {} }, false],
    [{}, false],
    [{ PhoneChat: { VoiceId: 'x' } }, false],
  ])('%j accepted: %s', (config, expected) => {
    expect(ok(updateInputSchema, tpl(config))).toBe(expected);
  });

  it('explains unknown groups and fields', () => {
    expect(messages(updateInputSchema, tpl({ PhoneChat: { VoiceId: 'x' } }))).toMatch(
      /Unknown TemplateConfig group; groups: VoiceChat, VisionChat, AvatarChat3D/,
    );
    expect(messages(updateInputSchema, tpl({ VoiceChat: { LlmSystemPrompt: 'x' } }))).toMatch(
      /"LlmSystemPrompt".*updatable fields: VoiceId,.*AsrMaxSilence/,
    );
  });

  it('accepts TemplateConfig as a JSON string', () => {
    const r = updateInputSchema.parse(tpl('{"VoiceChat":{"VoiceId":"x","AsrMaxSilence":600}}'));
    expect(r.TemplateConfig).toEqual({ VoiceChat: { VoiceId: 'x', AsrMaxSilence: 600 } });
  });

  it('bounds UserData and ConfirmationToken', () => {
    expect(ok(updateInputSchema, upd({ UserData: astral(4096) }))).toBe(true);
    expect(ok(updateInputSchema, upd({ UserData: 'u'.repeat(4097) }))).toBe(false);
    expect(ok(updateInputSchema, upd({ UserData: 5 }))).toBe(false);
    expect(ok(updateInputSchema, upd({ UserData: 'x', ConfirmationToken: 't'.repeat(512) }))).toBe(true);
    expect(ok(updateInputSchema, upd({ UserData: 'x', ConfirmationToken: 't'.repeat(513) }))).toBe(false);
    expect(ok(updateInputSchema, upd({ UserData: 'x', ConfirmationToken: '' }))).toBe(false);
  });

  it('checkUpdateHasChange wants at least one change', () => {
    expect(checkUpdateHasChange({})).toMatch(/AgentConfig, TemplateConfig, UserData/);
    expect(checkUpdateHasChange({ UserData: '' })).toBeUndefined();
    expect(checkUpdateHasChange({ AgentConfig: { Volume: 1 } })).toBeUndefined();
    expect(checkUpdateHasChange({ TemplateConfig: { VoiceChat: { Volume: 1 } } })).toBeUndefined();
  });
});

describe('speech input', () => {
  it('counts Text in code points: 1024 accepted, 1025 refused', () => {
    expect(ok(speechInputSchema, speech({ Text: astral(1024) }))).toBe(true);
    expect(messages(speechInputSchema, speech({ Text: astral(1025) }))).toMatch(/at most 1024.*got 1025/);
    expect(ok(speechInputSchema, speech({ Text: 'a'.repeat(1024) }))).toBe(true);
    expect(ok(speechInputSchema, speech({ Text: 'a'.repeat(1025) }))).toBe(false);
    expect(ok(speechInputSchema, speech({ Text: '' }))).toBe(false);
    expect(messages(speechInputSchema, speech({ Text: 7 }))).toMatch(/Expected string/);
    expect(ok(speechInputSchema, { InstanceId: 'i' })).toBe(false);
  });

  it('applies defaults and checks Type', () => {
    expect(speechInputSchema.parse(speech({}))).toMatchObject({ EnableInterrupt: true, Type: 'Text' });
    expect(
      speechInputSchema.parse(speech({ EnableInterrupt: false, Type: 'AudioUrl', Text: 'https://cdn.example.com/a.mp3' })),
    ).toMatchObject({
      EnableInterrupt: false,
      Type: 'AudioUrl',
    });
    expect(ok(speechInputSchema, speech({ Type: 'Audio' }))).toBe(false);
  });

  it('checkSpeech wants an http(s) URL for AudioUrl', () => {
    expect(checkSpeech({ Type: 'AudioUrl', Text: 'https://cdn.example.com/a.mp3' })).toBeUndefined();
    expect(checkSpeech({ Type: 'AudioUrl', Text: 'http://127.0.0.1:8080/a.wav' })).toBeUndefined();
    expect(checkSpeech({ Type: 'AudioUrl', Text: 'hello there' })).toMatch(/http\(s\) URL/);
    expect(checkSpeech({ Type: 'AudioUrl', Text: 'ftp://host/a.mp3' })).toMatch(/ftp:/);
    expect(checkSpeech({ Type: 'Text', Text: 'not a url' })).toBeUndefined();
    expect(checkSpeech({ Text: 'plain' })).toBeUndefined();
  });
});

describe('advertised JSON Schema', () => {
  const inputs = { list: listInputSchema, describe: describeInputSchema, update: updateInputSchema, speech: speechInputSchema };
  // Exactly what the SDK does for tools/list (default $refStrategy, strict unions, input side of pipes).
  const advertise = (schema: z.ZodTypeAny, side: 'input' | 'output' = 'input') =>
    toJsonSchemaCompat(schema, { strictUnions: true, pipeStrategy: side }) as Json;
  const props = (s: unknown): Json => (s as { properties: Json }).properties;

  it.each(Object.entries(inputs))('%s: an object with properties, closed, without $ref', (_name, schema) => {
    const json = advertise(schema);
    expect(json.type).toBe('object');
    expect(Object.keys(props(json)).length).toBeGreaterThan(1);
    expect(json.additionalProperties).toBe(false);
    expect(JSON.stringify(json)).not.toContain('$ref');
    for (const [key, value] of Object.entries(props(json))) {
      expect((value as Json).description, key).toEqual(expect.any(String));
    }
  });

  it('carries the numeric and length limits', () => {
    const listJson = props(advertise(listInputSchema));
    expect(listJson.PageSize).toMatchObject({ type: 'integer', minimum: 0, maximum: 100 });
    expect(listJson.PageNumber).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(listJson.Detail).toMatchObject({ enum: ['summary', 'full'], default: 'summary' });
    expect(listJson.RegionId).toMatchObject({ type: 'string', description: expect.stringContaining('cn-shanghai') });
    const speechJson = advertise(speechInputSchema);
    expect(props(speechJson).Text).toMatchObject({ type: 'string', minLength: 1, maxLength: 1024 });
    expect(props(speechJson).EnableInterrupt).toMatchObject({ type: 'boolean', default: true });
    expect(speechJson.required).toEqual(['InstanceId', 'Text']);
  });

  it('describes the nested AgentConfig and TemplateConfig', () => {
    const u = props(advertise(updateInputSchema));
    const agent = u.AgentConfig as Json;
    expect(agent).toMatchObject({ type: 'object', additionalProperties: false });
    expect(Object.keys(props(agent)).sort()).toEqual([
      'EnablePushToTalk',
      'Greeting',
      'InterruptConfig',
      'LlmConfig',
      'TtsConfig',
      'VoiceprintConfig',
      'Volume',
    ]);
    expect(props(agent).TtsConfig).toMatchObject({
      additionalProperties: false,
      required: ['VoiceId'],
      properties: { VoiceId: { maxLength: 64 } },
    });
    expect(props(agent).Volume).toMatchObject({ type: 'integer', minimum: 0, maximum: 400 });
    expect(props(agent).Greeting).toMatchObject({ type: 'string', maxLength: 1024 });
    expect(props(agent).VoiceprintConfig).toMatchObject({
      properties: { UseVoiceprint: { type: 'boolean' }, VoiceprintId: { type: 'string' } },
    });
    expect(props(props(agent).LlmConfig).BailianAppParams).toMatchObject({ anyOf: [{ type: 'string' }, { type: 'object' }] });
    // Deprecated: advertised as an object whose description names the groups; checked in full (see above).
    const template = u.TemplateConfig as Json;
    expect(template).toMatchObject({ type: 'object', description: expect.stringContaining('VoiceChat|VisionChat|AvatarChat3D') });
    expect(u.UserData).toMatchObject({ type: 'string', maxLength: 4096 });
  });

  it('keeps all seven schemas within the size budget', () => {
    const outputs = [listOutput, describeOutput, writeOutput].map((shape) => advertise(z.object(shape), 'output'));
    const all = [...Object.values(inputs).map((s) => advertise(s)), ...outputs];
    const bytes = all.reduce((n, s) => n + Buffer.byteLength(JSON.stringify(s)), 0);
    expect(bytes).toBeLessThan(6200);
    // zod-to-json-schema used directly gives the same for these schemas (no refs to inline).
    const direct = zodToJsonSchema(updateInputSchema, { strictUnions: true, pipeStrategy: 'input', $refStrategy: 'none' });
    expect(direct).toEqual(advertise(updateInputSchema));
  });
});

describe('output shapes', () => {
  it('accept exact results and refuse bad status values', () => {
    const write = z.object(writeOutput).strict();
    expect(
      ok(write, {
        status: 'confirmation_required',
        InstanceId: 'i',
        RegionId: 'cn-shanghai',
        preview: { Volume: { from: 1, to: 2 } },
        confirmationToken: 't',
        expiresAt: '2025-07-18T06:39:08Z',
        next: 'Show the preview to the person.',
      }),
    ).toBe(true);
    expect(ok(write, { status: 'done', InstanceId: 'i', RegionId: 'cn-shanghai' })).toBe(false);
    const listOut = z.object(listOutput).strict();
    expect(
      ok(listOut, {
        AIAgentId: 'a',
        Instances: [{ Status: 'Finished' }],
        Count: 1,
        Detail: 'summary',
        RegionId: 'cn-shanghai',
        Truncated: false,
      }),
    ).toBe(true);
    expect(ok(listOut, { AIAgentId: 'a', Instances: ['x'], Count: 1, Detail: 'summary', RegionId: 'cn-shanghai' })).toBe(false);
    expect(ok(z.object(describeOutput).strict(), { Instance: {}, RequestId: 'r', RegionId: 'cn-shanghai' })).toBe(true);
  });
});
