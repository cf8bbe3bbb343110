import { checkSpeech, speechInputSchema, writeOutput, type SpeechInput } from './schemas.js';
import { defineTool, type Preview, type ToolEnv } from './define.js';
import type { AgentInstance } from '../ice/types.js';

export const speechTool = defineTool({
  name: 'ice_send_agent_speech',
  title: 'Make an AI agent instance speak now',
  description:
    'Makes a live instance say a text, or play an audio URL, right now. Not idempotent: each call speaks again. A person confirms first.',
  action: 'SendAIAgentSpeech',
  kind: 'write',
  idempotent: false,
  input: speechInputSchema,
  output: writeOutput,
  check: (args: SpeechInput) => checkSpeech(args),

  preview(args: SpeechInput, instance: AgentInstance, regionId: string): Preview {
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
        audio ? `Play the audio at ${args.Text}` : `Say: "${args.Text}"`,
        args.EnableInterrupt
          ? 'Interrupts: cuts off whatever the agent is saying right now.'
          : 'Does not interrupt audio the agent is playing now.',
      ],
    };
  },

  send(args: SpeechInput, env: ToolEnv, regionId: string) {
    return env.ice.sendSpeech(
      { InstanceId: args.InstanceId, Text: args.Text, EnableInterrupt: args.EnableInterrupt, Type: args.Type },
      { regionId },
    );
  },
});
