import { describeInputSchema, describeOutput, type DescribeInput } from './schemas.js';
import { defineTool, type ToolEnv } from './define.js';
import { seenFields } from '../resources/recent.js';

export const describeTool = defineTool({
  name: 'ice_describe_agent_instance',
  title: 'Describe an AI agent instance',
  description:
    'Reads one AI agent instance: status, runtime and agent configuration, user data, call info and call-log URL. Secrets are redacted.',
  action: 'DescribeAIAgentInstance',
  kind: 'read',
  input: describeInputSchema,
  output: describeOutput,
  async run(args: DescribeInput, env: ToolEnv, regionId: string) {
    const { Instance, RequestId } = await env.ice.describeInstance(args.InstanceId, { regionId });
    env.recent.noteInstance({ InstanceId: args.InstanceId, RegionId: regionId, ...seenFields(Instance) });
    return { Instance: { InstanceId: args.InstanceId, ...Instance }, RequestId, RegionId: regionId };
  },
});
