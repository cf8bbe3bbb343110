import { z } from 'zod';
import { defineOperation, type Preview } from '../domain/operation.js';
import type { AgentInstance } from '../ice/types.js';
import { nonEmpty } from '../util/values.js';
import { chars, confirmationToken, instanceId, phoneNumber, regionId, writeOutput } from './fields.js';
import { refuseFinished } from './preconditions.js';

const input = z
  .object({
    InstanceId: instanceId(),
    CalledNumber: phoneNumber('Number to hand the caller to.'),
    CallerNumber: phoneNumber('Caller ID; not on Alibaba Cloud lines.').optional(),
    TransferPrompt: chars(0, 1024).optional().describe('Said before the transfer; empty: ring tone.'),
    ErrorPrompt: chars(0, 1024).optional().describe('Said if the transfer fails.'),
    RegionId: regionId(),
    ConfirmationToken: confirmationToken(),
  })
  .strict();
type Input = z.infer<typeof input>;

/** Who is on the call now, from its CallInfo. */
function party(instance: AgentInstance): string {
  const from = nonEmpty(instance.CallInfo?.CallerNumber);
  const to = nonEmpty(instance.CallInfo?.CalleeNumber);
  return from && to ? `the phone call between ${from} and ${to}` : 'this call (its numbers are not known)';
}

export const forwardAgentCall = defineOperation({
  name: 'ice_forward_agent_call',
  title: 'Transfer an AI agent phone call',
  description: 'Hands the person on a live phone call over to another number; the AI agent leaves the call. A person confirms first.',
  action: 'ForwardAIAgentCall',
  toolset: 'telephony',
  kind: 'write',
  idempotent: false,
  input,
  output: writeOutput,
  instanceId: (args: Input) => args.InstanceId,
  precondition: refuseFinished('be forwarded'),

  preview(args: Input, instance: AgentInstance, regionId: string): Preview {
    const prompt = nonEmpty(args.TransferPrompt);
    return {
      action: 'ForwardAIAgentCall',
      InstanceId: args.InstanceId,
      RegionId: regionId,
      Status: String(instance.Status ?? 'unknown'),
      CalledNumber: args.CalledNumber,
      ...(args.CallerNumber !== undefined ? { CallerNumber: args.CallerNumber } : {}),
      summary: [
        `Transfers ${party(instance)} to ${args.CalledNumber}: the AI agent on instance ${args.InstanceId} hands the caller off and leaves.`,
        prompt === undefined
          ? 'The caller hears a ring tone during the transfer.'
          : `Before the transfer the agent says: ${JSON.stringify(prompt)}`,
        ...(args.CallerNumber !== undefined ? [`The new party sees ${args.CallerNumber} as the caller.`] : []),
        'Cannot be undone: the agent does not come back to the call.',
      ],
    };
  },

  params: (args: Input) => ({
    InstanceId: args.InstanceId,
    CalledNumber: args.CalledNumber,
    CallerNumber: args.CallerNumber,
    TransferPrompt: args.TransferPrompt,
    ErrorPrompt: args.ErrorPrompt,
  }),
});
