import { z } from 'zod';
import { defineOperation, type Preview } from '../domain/operation.js';
import type { AgentInstance } from '../ice/types.js';
import { chars, confirmationToken, instanceId, regionId, writeOutput } from './fields.js';
import { refuseFinished } from './preconditions.js';

// The API documents no limit; this bound is the server's, so one call cannot carry a whole document.
const MAX_TEXT = 4096;

const input = z
  .object({
    InstanceId: instanceId(),
    Text: chars(1, MAX_TEXT).describe('What the user says.'),
    RegionId: regionId(),
    ConfirmationToken: confirmationToken(),
  })
  .strict();
type Input = z.infer<typeof input>;

export const sendAgentText = defineOperation({
  name: 'ice_send_agent_text',
  title: 'Send text to an AI agent',
  description: "Sends text to the agent's LLM as if the user said it; the agent answers aloud. Not idempotent. A person confirms first.",
  action: 'SendAIAgentText',
  toolset: 'calls',
  kind: 'write',
  idempotent: false,
  input,
  output: writeOutput,
  instanceId: (args: Input) => args.InstanceId,
  precondition: refuseFinished('take text input'),

  preview(args: Input, instance: AgentInstance, regionId: string): Preview {
    return {
      action: 'SendAIAgentText',
      InstanceId: args.InstanceId,
      RegionId: regionId,
      Status: String(instance.Status ?? 'unknown'),
      Text: args.Text,
      summary: [
        // JSON quoting shows line breaks and control characters as escapes, not as layout.
        `The agent's LLM receives, as if the user said it: ${JSON.stringify(args.Text)}`,
        'The agent then answers aloud in the call; the text itself is not spoken.',
        'Not idempotent: each call sends the text again.',
      ],
    };
  },

  params: (args: Input) => ({ InstanceId: args.InstanceId, Text: args.Text }),
});
