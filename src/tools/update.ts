import { checkUpdateHasChange, updateInputSchema, writeOutput, type UpdateInput } from './schemas.js';
import { changedFields } from './diff.js';
import { redact } from '../redact.js';
import { defineTool, ToolError, type Preview, type ToolEnv } from './define.js';
import type { AgentInstance } from '../ice/types.js';

// Redacted before it is stringified: once escaped inside a JSON string, a secret no longer looks like one.
const show = (v: unknown): string => (v === null || v === undefined ? '(not set)' : JSON.stringify(redact(v)));

export const updateTool = defineTool({
  name: 'ice_update_agent_instance',
  title: 'Update a live AI agent instance',
  description:
    'Changes a running instance: voice, greeting, volume, voice interrupt, push-to-talk, voiceprint, Model Studio app params, user data. A person confirms first.',
  action: 'UpdateAIAgentInstance',
  kind: 'write',
  idempotent: true,
  input: updateInputSchema,
  output: writeOutput,
  check: (args: UpdateInput) => checkUpdateHasChange(args),

  preview(args: UpdateInput, instance: AgentInstance, regionId: string): Preview {
    const changes = [
      ...(args.AgentConfig ? changedFields('AgentConfig', args.AgentConfig, instance.AgentConfig) : []),
      ...(args.TemplateConfig ? changedFields('TemplateConfig', args.TemplateConfig, instance.TemplateConfig) : []),
      ...(args.UserData !== undefined ? changedFields('UserData', args.UserData, instance.UserData) : []),
    ];
    if (changes.length === 0) {
      throw new ToolError(`Nothing would change: instance ${args.InstanceId} already has every value given. Nothing was sent.`, 'NoChange');
    }
    return {
      action: 'UpdateAIAgentInstance',
      InstanceId: args.InstanceId,
      RegionId: regionId,
      Status: String(instance.Status ?? 'unknown'),
      changes,
      summary: changes.map((c) => `${c.field}: ${show(c.from)} -> ${show(c.to)}`),
    };
  },

  send(args: UpdateInput, env: ToolEnv, regionId: string) {
    return env.ice.updateInstance(
      {
        InstanceId: args.InstanceId,
        ...(args.AgentConfig ? { AgentConfig: args.AgentConfig } : {}),
        ...(args.TemplateConfig ? { TemplateConfig: args.TemplateConfig } : {}),
        ...(args.UserData !== undefined ? { UserData: args.UserData } : {}),
      },
      { regionId },
    );
  },
});
