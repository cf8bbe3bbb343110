import { z } from 'zod';
import { defineOperation, type Preview } from '../domain/operation.js';
import type { AgentInstance } from '../ice/types.js';
import { quote } from '../util/visible.js';
import { chars, confirmationToken, instanceId, regionId, writeOutput } from './fields.js';
import { refuseFinished } from './preconditions.js';

const input = z
  .object({
    InstanceId: instanceId(),
    Text: chars(1, 1024).describe('Words to speak, or an audio URL (Type AudioUrl).'),
    EnableInterrupt: z.boolean().default(true).describe('Cut off audio the agent is playing now.'),
    Type: z.enum(['Text', 'AudioUrl']).default('Text').describe('What Text holds.'),
    RegionId: regionId(),
    ConfirmationToken: confirmationToken(),
  })
  .strict()
  .superRefine((args, ctx) => {
    if (args.Type !== 'AudioUrl') return;
    let url: URL | undefined;
    try {
      url = new URL(args.Text);
    } catch {
      url = undefined;
    }
    if (url?.protocol === 'http:' || url?.protocol === 'https:') return;
    const message = url
      ? `With Type AudioUrl, Text must be an http(s) URL; got a ${url.protocol} URL.`
      : 'With Type AudioUrl, Text must be an http(s) URL of the audio.';
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['Text'], message });
  });
type Input = z.infer<typeof input>;

export const sendAgentSpeech = defineOperation({
  name: 'ice_send_agent_speech',
  title: 'Make an AI agent instance speak now',
  description: 'Makes a live instance say a text, or play an audio URL, now. Not idempotent. A person confirms first.',
  action: 'SendAIAgentSpeech',
  toolset: 'calls',
  kind: 'write',
  idempotent: false,
  input,
  output: writeOutput,
  instanceId: (args: Input) => args.InstanceId,
  precondition: refuseFinished('be made to speak'),

  preview(args: Input, instance: AgentInstance, regionId: string): Preview {
    const audio = args.Type === 'AudioUrl';
    return {
      action: 'SendAIAgentSpeech',
      InstanceId: args.InstanceId,
      RegionId: regionId,
      Status: String(instance.Status ?? 'unknown'),
      Type: args.Type,
      [audio ? 'AudioUrl' : 'Text']: args.Text,
      EnableInterrupt: args.EnableInterrupt,
      summary: [
        audio ? `Play the audio at ${quote(args.Text)}` : `Say: ${quote(args.Text)}`,
        args.EnableInterrupt
          ? 'Interrupts: cuts off whatever the agent is saying right now.'
          : 'Does not interrupt audio the agent is playing now.',
      ],
    };
  },

  params: (args: Input) => ({ InstanceId: args.InstanceId, Text: args.Text, EnableInterrupt: args.EnableInterrupt, Type: args.Type }),
});
