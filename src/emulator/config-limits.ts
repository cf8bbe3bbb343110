/** The documented limits on the configuration fields UpdateAIAgentInstance can change. */
import { invalidParameter } from './gateway-error.js';
import { isPlainObject } from './merge.js';

type Check = (value: unknown) => string | undefined;

const isBoolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const voiceId: Check = (v) => (typeof v === 'string' && v.length <= 64 ? undefined : 'must be a string of at most 64 characters');
const volume: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 400 ? undefined : 'must be an integer from 0 to 400';
const asrMaxSilence: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 1200 ? undefined : 'must be an integer from 200 to 1200 (ms)';
const jsonString: Check = (v) => {
  if (typeof v !== 'string') return 'must be a string holding JSON';
  try {
    JSON.parse(v);
    return undefined;
  } catch {
    return 'must be a string holding valid JSON';
  }
};

/** Paths inside AgentConfig that have documented constraints. */
const AGENT_CONFIG_CHECKS: ReadonlyArray<[string[], Check]> = [
  [['TtsConfig', 'VoiceId'], voiceId],
  [['InterruptConfig', 'EnableVoiceInterrupt'], isBoolean],
  [['Volume'], volume],
  [['EnablePushToTalk'], isBoolean],
  [['VoiceprintConfig', 'UseVoiceprint'], isBoolean],
  [['LlmConfig', 'BailianAppParams'], jsonString],
];

/** The deprecated TemplateConfig keeps the same fields flat under one of these wrappers. */
const TEMPLATE_WRAPPERS = ['VoiceChat', 'VisionChat', 'AvatarChat3D'];
const TEMPLATE_CHECKS: ReadonlyArray<[string, Check]> = [
  ['VoiceId', voiceId],
  ['EnableVoiceInterrupt', isBoolean],
  ['Volume', volume],
  ['EnablePushToTalk', isBoolean],
  ['UseVoiceprint', isBoolean],
  ['AsrMaxSilence', asrMaxSilence],
];

function lookup(root: Record<string, unknown>, path: string[]): { found: boolean; value: unknown } {
  let node: unknown = root;
  for (const key of path) {
    if (!isPlainObject(node) || !(key in node)) return { found: false, value: undefined };
    node = node[key];
  }
  return { found: true, value: node };
}

/** Checks an AgentConfig patch, and the merged result for rules spanning fields. */
export function checkAgentConfig(patch: Record<string, unknown>, merged: Record<string, unknown>): void {
  for (const [path, check] of AGENT_CONFIG_CHECKS) {
    const { found, value } = lookup(patch, path);
    const problem = found ? check(value) : undefined;
    if (problem !== undefined) throw invalidParameter(`AgentConfig.${path.join('.')}`, problem);
  }
  const voiceprint = merged.VoiceprintConfig;
  if (isPlainObject(voiceprint) && voiceprint.UseVoiceprint === true) {
    if (typeof voiceprint.VoiceprintId !== 'string' || voiceprint.VoiceprintId === '') {
      throw invalidParameter('AgentConfig.VoiceprintConfig.VoiceprintId', 'is required when UseVoiceprint is true');
    }
  }
}

export function checkTemplateConfig(patch: Record<string, unknown>): void {
  for (const wrapper of TEMPLATE_WRAPPERS) {
    const section = patch[wrapper];
    if (section === undefined) continue;
    if (!isPlainObject(section)) throw invalidParameter(`TemplateConfig.${wrapper}`, 'must be an object');
    for (const [field, check] of TEMPLATE_CHECKS) {
      const problem = field in section ? check(section[field]) : undefined;
      if (problem !== undefined) throw invalidParameter(`TemplateConfig.${wrapper}.${field}`, problem);
    }
  }
}
