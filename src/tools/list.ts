import { checkListRange, listInputSchema, listOutput, type ListInput } from './schemas.js';
import { summarizeInstance } from './summary.js';
import { fetchAllPages } from './pages.js';
import { defineTool, type ToolEnv } from './define.js';
import { seenFields } from '../resources/recent.js';
import type { AgentInstance } from '../ice/types.js';

const DEFAULT_ALL_PAGES_SIZE = 100;

export const listTool = defineTool({
  name: 'ice_list_agent_instances',
  title: 'List AI agent instances',
  description:
    'Lists an AI agent\'s instances (calls), newest first, optionally within a time range. Summary per instance by default; Detail "full" for whole objects; AllPages to fetch every page.',
  action: 'ListAIAgentInstance',
  kind: 'read',
  input: listInputSchema,
  output: listOutput,
  check(args: ListInput) {
    if (args.AllPages && args.PageSize === 0) return 'PageSize must be 1..100 when AllPages is true';
    return checkListRange(args);
  },
  async run(args: ListInput, env: ToolEnv, regionId: string) {
    const filter = {
      AIAgentId: args.AIAgentId,
      ...(args.StartTime ? { StartTime: args.StartTime } : {}),
      ...(args.EndTime ? { EndTime: args.EndTime } : {}),
    };
    let instances: AgentInstance[];
    let paging: Record<string, unknown>;
    if (args.AllPages) {
      const pageSize = args.PageSize ?? DEFAULT_ALL_PAGES_SIZE;
      const all = await fetchAllPages(
        async (PageNumber) => (await env.ice.listInstances({ ...filter, PageSize: pageSize, PageNumber }, { regionId })).Instances,
        pageSize,
      );
      instances = all.items;
      paging = { PageSize: pageSize, Pages: all.requests, Truncated: all.truncated };
    } else {
      const page = await env.ice.listInstances(
        {
          ...filter,
          ...(args.PageSize !== undefined ? { PageSize: args.PageSize } : {}),
          ...(args.PageNumber ? { PageNumber: args.PageNumber } : {}),
        },
        { regionId },
      );
      instances = page.Instances;
      paging = { PageNumber: args.PageNumber ?? 1, PageSize: args.PageSize ?? 10, RequestId: page.RequestId };
    }

    env.recent.noteAgent(args.AIAgentId);
    // Oldest first, so the newest instance ends up the most recently seen.
    for (const instance of [...instances].reverse()) {
      if (typeof instance.InstanceId === 'string') {
        env.recent.noteInstance({
          InstanceId: instance.InstanceId,
          AIAgentId: args.AIAgentId,
          RegionId: regionId,
          ...seenFields(instance),
        });
      }
    }
    const detail = args.Detail ?? 'summary';
    return {
      AIAgentId: args.AIAgentId,
      Instances: detail === 'full' ? instances : instances.map(summarizeInstance),
      Count: instances.length,
      Detail: detail,
      ...paging,
      RegionId: regionId,
    };
  },
});
