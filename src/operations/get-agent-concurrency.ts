import { z } from 'zod';
import { requestIdOf } from '../domain/instances.js';
import { defineOperation } from '../domain/operation.js';
import { id, regionId } from './fields.js';

const input = z.object({ AIAgentId: id('AI agent ID.'), RegionId: regionId() }).strict();

export const getAgentConcurrency = defineOperation({
  name: 'ice_get_agent_concurrency',
  title: "An AI agent's active calls",
  description: 'How many calls an AI agent has active now (ActiveCount).',
  action: 'GetAIAgentConcurrency',
  toolset: 'agents',
  kind: 'read',
  input,
  output: {
    AIAgentId: z.string(),
    ActiveCount: z.number().int(),
    RequestId: z.string(),
    RegionId: z.string(),
  },
  async run(args: z.infer<typeof input>, call) {
    const body = await call.send({ AIAgentId: args.AIAgentId });
    call.recent.noteAgent(args.AIAgentId);
    const count = typeof body.ActiveCount === 'number' ? body.ActiveCount : Number(body.ActiveCount ?? 0);
    return {
      AIAgentId: args.AIAgentId,
      ActiveCount: Number.isInteger(count) ? count : 0,
      RequestId: requestIdOf(body),
      RegionId: call.regionId,
    };
  },
});
