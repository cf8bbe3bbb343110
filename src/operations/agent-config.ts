/**
 * What UpdateAIAgentInstance can change (ice-api.md): the updatable part of AgentConfig, and the
 * deprecated TemplateConfig. Anything else is refused with the list of updatable fields.
 */
import { z } from 'zod';
import { TEMPLATE_GROUPS } from '../ice/types.js';
import { codePoints } from '../util/values.js';
import { bounded, chars, hasSomething, int, jsonObject, parseJsonText, unknownKeyMap } from './fields.js';

/** Updatable AgentConfig fields, by their path inside AgentConfig. */
export const UPDATABLE_AGENT_FIELDS = [
  'TtsConfig.VoiceId',
  'InterruptConfig.EnableVoiceInterrupt',
  'Greeting',
  'Volume',
  'EnablePushToTalk',
  'VoiceprintConfig.UseVoiceprint',
  'VoiceprintConfig.VoiceprintId',
  'LlmConfig.BailianAppParams',
] as const;

/** Fields the deprecated TemplateConfig can update inside each of its groups. */
export const UPDATABLE_TEMPLATE_FIELDS = [
  'VoiceId',
  'EnableVoiceInterrupt',
  'Greeting',
  'Volume',
  'EnablePushToTalk',
  'UseVoiceprint',
  'AsrMaxSilence',
] as const;

const AGENT_LIST = UPDATABLE_AGENT_FIELDS.join(', ');
const agentKeyMap = (where: string) => unknownKeyMap(where, `updatable fields: ${AGENT_LIST}`);
const volume = () => int(0, 400);
/** BailianAppParams, as JSON text, at most this many characters (README, Tools reference). */
export const BAILIAN_MAX = 16_384;

/** A JSON object, or a string holding one; sent as the string (JSON inside JSON on the wire). */
function bailianAppParams() {
  return z
    .union([z.string(), z.record(z.unknown())])
    .transform((v, ctx) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      // The API gives no limit; this one keeps a single argument from becoming a result many times its size.
      if (codePoints(text) > BAILIAN_MAX) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `Must be at most ${BAILIAN_MAX} characters as JSON text; got ${codePoints(text)}`,
          fatal: true,
        });
        return z.NEVER;
      }
      if (typeof v === 'string') parseJsonText(v, ctx, 'BailianAppParams must be valid JSON (an object, or a string holding JSON)');
      return text;
    })
    .describe('A JSON object, or a string holding one.');
}

function voiceprintConfig(where: string) {
  return z
    .object(
      {
        UseVoiceprint: z.boolean().optional().describe('true needs VoiceprintId.'),
        VoiceprintId: bounded(128).optional().describe('Registered voiceprint ID.'),
      },
      { errorMap: agentKeyMap(where) },
    )
    .strict()
    .superRefine((v, ctx) => {
      if (!hasSomething(v)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'VoiceprintConfig is empty: set UseVoiceprint and/or VoiceprintId' });
      } else if (v.UseVoiceprint === true && v.VoiceprintId === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['VoiceprintId'],
          message: 'VoiceprintId is required when UseVoiceprint is true',
        });
      }
    });
}

export function agentConfig() {
  const where = 'AgentConfig';
  const group = <T extends z.ZodRawShape>(name: string, shape: T) =>
    z.object(shape, { errorMap: agentKeyMap(`${where}.${name}`) }).strict();
  const obj = z
    .object(
      {
        TtsConfig: group('TtsConfig', { VoiceId: bounded(64).describe('Voice ID; applies from the next utterance.') }).optional(),
        InterruptConfig: group('InterruptConfig', {
          EnableVoiceInterrupt: z.boolean().describe('User speech interrupts the agent.'),
        }).optional(),
        Greeting: chars(0, 1024).optional().describe('Applies to later sessions.'),
        Volume: volume().optional().describe('Agent volume.'),
        EnablePushToTalk: z.boolean().optional().describe('Push-to-talk mode.'),
        VoiceprintConfig: voiceprintConfig(`${where}.VoiceprintConfig`).optional(),
        LlmConfig: group('LlmConfig', { BailianAppParams: bailianAppParams() }).optional(),
      },
      { errorMap: agentKeyMap(where) },
    )
    .strict()
    .refine(hasSomething, { message: `AgentConfig changes nothing; set at least one of: ${AGENT_LIST}` });
  return jsonObject(obj);
}

/**
 * Deprecated, so it is advertised as a plain object (the description names the groups and fields)
 * and checked in full behind a pipe: spelling it out would cost a twentieth of the tools/list budget.
 */
export function templateConfig() {
  const groups = TEMPLATE_GROUPS.join(', ');
  const fields = UPDATABLE_TEMPLATE_FIELDS.join(', ');
  const group = z
    .object(
      {
        VoiceId: bounded(64).optional(),
        EnableVoiceInterrupt: z.boolean().optional(),
        Greeting: chars(0, 1024).optional(),
        Volume: volume().optional(),
        EnablePushToTalk: z.boolean().optional(),
        UseVoiceprint: z.boolean().optional(),
        AsrMaxSilence: int(200, 1200).optional().describe('Milliseconds.'),
      },
      { errorMap: unknownKeyMap('this TemplateConfig group', `updatable fields: ${fields}`) },
    )
    .strict()
    .refine(hasSomething, { message: `Template group changes nothing; set at least one of: ${fields}` });
  const key = z.enum(TEMPLATE_GROUPS, { errorMap: () => ({ message: `Unknown TemplateConfig group; groups: ${groups}` }) });
  const checked = z.record(key, group).refine(hasSomething, { message: `TemplateConfig changes nothing; set one of: ${groups}` });
  return jsonObject(z.record(z.unknown()).pipe(checked));
}
