import { z } from 'zod';
import { defineOperation, type Preview } from '../domain/operation.js';
import type { AgentInstance } from '../ice/types.js';
import { formatAge } from '../util/time.js';
import { confirmationToken, instanceId, regionId, writeOutput } from './fields.js';

const input = z.object({ InstanceId: instanceId(), RegionId: regionId(), ConfirmationToken: confirmationToken() }).strict();
type Input = z.infer<typeof input>;

/** How long ago the call started, from GmtCreate; the person deciding to hang up should know. */
function age(instance: AgentInstance): string {
  const created = typeof instance.GmtCreate === 'string' ? Date.parse(instance.GmtCreate) : Number.NaN;
  return Number.isNaN(created) ? 'start time unknown' : `started ${instance.GmtCreate}, ${formatAge(Date.now() - created)} ago`;
}

export const stopAgentInstance = defineOperation({
  name: 'ice_stop_agent_instance',
  title: 'End an AI agent call',
  description:
    'Ends a live call, disconnecting the person on it (already_finished if it had ended: nothing sent). A person confirms first.',
  action: 'StopAIAgentInstance',
  toolset: 'calls',
  kind: 'write',
  idempotent: true,
  input,
  output: writeOutput,
  instanceId: (args: Input) => args.InstanceId,
  // The service's answer for stopping a finished call is unconfirmed, so the instance's own status decides.
  precondition: (args: Input, instance: AgentInstance) =>
    instance.Status === 'Finished'
      ? { status: 'already_finished', note: `Instance ${args.InstanceId} has already Finished: nobody was asked and nothing was sent.` }
      : undefined,

  preview(args: Input, instance: AgentInstance, regionId: string): Preview {
    const status = String(instance.Status ?? 'unknown');
    return {
      action: 'StopAIAgentInstance',
      InstanceId: args.InstanceId,
      RegionId: regionId,
      Status: status,
      ...(typeof instance.GmtCreate === 'string' ? { GmtCreate: instance.GmtCreate } : {}),
      summary: [
        'Ends the call now: the agent leaves and the person on it is disconnected.',
        `The instance is ${status}, ${age(instance)}.`,
        'A stopped instance cannot be resumed.',
      ],
    };
  },

  params: (args: Input) => ({ InstanceId: args.InstanceId }),
});
