import { z } from 'zod';
import { defineOperation, type Preview } from '../domain/operation.js';
import { Refusal } from '../errors/refusal.js';
import type { AgentInstance } from '../ice/types.js';
import { agentConfig, templateConfig } from './agent-config.js';
import { changedFields } from './diff.js';
import { chars, confirmationToken, instanceId, regionId, writeOutput } from './fields.js';
import { refuseFinished } from './preconditions.js';

const input = z
  .object({
    InstanceId: instanceId(),
    AgentConfig: agentConfig().optional().describe('Merged into the running config; only these fields.'),
    TemplateConfig: templateConfig()
      .optional()
      .describe('Deprecated: {VoiceChat|VisionChat|AvatarChat3D: {VoiceId, Volume, Greeting, AsrMaxSilence, ...}}.'),
    UserData: chars(0, 4096).optional().describe('New custom user data.'),
    RegionId: regionId(),
    ConfirmationToken: confirmationToken(),
  })
  .strict()
  .superRefine((args, ctx) => {
    if (args.AgentConfig === undefined && args.TemplateConfig === undefined && args.UserData === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'Nothing to update: give at least one of AgentConfig, TemplateConfig, UserData.',
      });
    }
  });
type Input = z.infer<typeof input>;

export const updateAgentInstance = defineOperation({
  name: 'ice_update_agent_instance',
  title: 'Update a live AI agent instance',
  description:
    'Changes a live instance: voice, greeting, volume, interrupt, push-to-talk, voiceprint, Bailian params, user data. A person confirms first.',
  action: 'UpdateAIAgentInstance',
  toolset: 'calls',
  kind: 'write',
  idempotent: true,
  input,
  output: writeOutput,
  instanceId: (args: Input) => args.InstanceId,
  precondition: refuseFinished('be changed'),

  preview(args: Input, instance: AgentInstance, regionId: string): Preview {
    const changes = [
      ...(args.AgentConfig ? changedFields('AgentConfig', args.AgentConfig, instance.AgentConfig) : []),
      ...(args.TemplateConfig ? changedFields('TemplateConfig', args.TemplateConfig, instance.TemplateConfig) : []),
      ...(args.UserData !== undefined ? changedFields('UserData', args.UserData, instance.UserData) : []),
    ];
    if (changes.length === 0) {
      throw new Refusal(`Nothing would change: instance ${args.InstanceId} already has every value given. Nothing was sent.`, 'NoChange');
    }
    return {
      action: 'UpdateAIAgentInstance',
      InstanceId: args.InstanceId,
      RegionId: regionId,
      Status: String(instance.Status ?? 'unknown'),
      changes,
      summary: ['Merged into the running configuration; fields not named here keep their values.'],
    };
  },

  params: (args: Input) => ({
    InstanceId: args.InstanceId,
    AgentConfig: args.AgentConfig,
    TemplateConfig: args.TemplateConfig,
    UserData: args.UserData,
  }),
});
