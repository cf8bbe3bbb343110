import { z } from 'zod';
import { defineOperation } from '../domain/operation.js';
import { readInstance } from '../domain/instances.js';
import { noteDescribed } from '../domain/recent.js';
import { instanceId, openRecord, regionId } from './fields.js';

const input = z.object({ InstanceId: instanceId(), RegionId: regionId() }).strict();

export const describeAgentInstance = defineOperation({
  name: 'ice_describe_agent_instance',
  title: 'Describe an AI agent instance',
  description: 'One instance: status, configuration, user data, SessionId, call info, call-log URL. Secrets redacted.',
  action: 'DescribeAIAgentInstance',
  toolset: 'calls',
  kind: 'read',
  input,
  output: { Instance: openRecord(), RequestId: z.string(), RegionId: z.string() },
  async run(args: z.infer<typeof input>, call) {
    const { Instance, RequestId } = await readInstance(call.ice, args.InstanceId, call.regionId);
    noteDescribed(call.recent, args.InstanceId, Instance, call.regionId);
    return { Instance: { InstanceId: args.InstanceId, ...Instance }, RequestId, RegionId: call.regionId };
  },
});
