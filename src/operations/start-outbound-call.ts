import { z } from 'zod';
import { defineOperation, type Preview } from '../domain/operation.js';
import type { AgentInstance } from '../ice/types.js';
import { chars, confirmationToken, id, int, jsonObject, phoneNumber, regionId, writeOutput } from './fields.js';

/** The call's agent configuration: open (a phone subset of AIAgentConfig), with GreetingDelay checked. */
const callConfig = () =>
  jsonObject(
    z.record(z.unknown()).superRefine((config, ctx) => {
      if (config.GreetingDelay === undefined) return;
      const checked = int(0, 5000).safeParse(config.GreetingDelay);
      if (!checked.success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['GreetingDelay'], message: 'Must be 0..5000 (ms)' });
    }),
  );

const input = z
  .object({
    AIAgentId: id('AI agent ID.'),
    CallerNumber: phoneNumber("One of the account's numbers."),
    CalledNumber: phoneNumber('Number to call.'),
    SessionId: id('Session ID; needed for a transcript.').optional(),
    UserData: chars(0, 4096).optional().describe('Custom user data.'),
    Config: callConfig().optional().describe('Phone AIAgentConfig, plus GreetingDelay (ms).'),
    RegionId: regionId(),
    ConfirmationToken: confirmationToken(),
  })
  .strict();
type Input = z.infer<typeof input>;

export const startOutboundCall = defineOperation({
  name: 'ice_start_outbound_call',
  title: 'Place an AI agent phone call',
  description: 'Dials a real phone number; the agent talks to whoever answers. Billed, not idempotent. A person confirms first.',
  action: 'StartAIAgentOutboundCall',
  toolset: 'telephony',
  kind: 'write',
  idempotent: false,
  input,
  output: writeOutput,
  // The call creates its instance: there is nothing to read before it.
  instanceId: () => undefined,

  preview(args: Input, _instance: AgentInstance, regionId: string): Preview {
    return {
      action: 'StartAIAgentOutboundCall',
      RegionId: regionId,
      AIAgentId: args.AIAgentId,
      CallerNumber: args.CallerNumber,
      CalledNumber: args.CalledNumber,
      ...(args.SessionId !== undefined ? { SessionId: args.SessionId } : {}),
      ...(args.Config !== undefined ? { Config: args.Config } : {}),
      summary: [
        `Places a real, billed phone call from ${args.CallerNumber} to ${args.CalledNumber}; AI agent ${args.AIAgentId} talks to whoever answers.`,
        args.SessionId === undefined ? 'No SessionId: no transcript will be kept.' : `Session ${args.SessionId}: a transcript is kept.`,
        ...(args.Config !== undefined ? [`Call config: ${JSON.stringify(args.Config)}`] : []),
        'Not idempotent: each call dials again.',
      ],
    };
  },

  params: (args: Input) => ({
    AIAgentId: args.AIAgentId,
    CallerNumber: args.CallerNumber,
    CalledNumber: args.CalledNumber,
    SessionId: args.SessionId,
    UserData: args.UserData,
    Config: args.Config,
  }),
  outcome: (body) => (typeof body.InstanceId === 'string' && body.InstanceId !== '' ? { InstanceId: body.InstanceId } : {}),
});
