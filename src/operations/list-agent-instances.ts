import { z } from 'zod';
import { defineOperation } from '../domain/operation.js';
import { listInstancePage } from '../domain/instances.js';
import { fetchAllPages } from '../domain/pages.js';
import { noteListed } from '../domain/recent.js';
import { summarizeInstance } from '../domain/summary.js';
import type { AgentInstance } from '../ice/types.js';
import { isoInstant } from '../util/time.js';
import { id, int, isoTime, openRecord, regionId } from './fields.js';

const DEFAULT_PAGE_SIZE = 10;
const DEFAULT_ALL_PAGES_SIZE = 100;

const input = z
  .object({
    AIAgentId: id('AI agent ID.'),
    StartTime: isoTime('ISO 8601 with offset, e.g. 2025-07-18T06:39Z.'),
    EndTime: isoTime('ISO 8601 with offset.'),
    PageSize: int(0, 100).optional().describe('Per page; default 10, or 100 with AllPages.'),
    PageNumber: int(1, 100).optional().describe('Default 1.'),
    AllPages: z.boolean().optional().describe('Fetch all pages (up to 100).'),
    Detail: z.enum(['summary', 'full']).default('summary').describe('full: whole instances.'),
    RegionId: regionId(),
  })
  .strict()
  .superRefine((args, ctx) => {
    if (args.AllPages && args.PageSize === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['PageSize'], message: 'PageSize must be 1..100 when AllPages is true' });
    }
    const start = args.StartTime === undefined ? undefined : isoInstant(args.StartTime);
    const end = args.EndTime === undefined ? undefined : isoInstant(args.EndTime);
    if (start !== undefined && end !== undefined && start > end) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['StartTime'],
        message: `StartTime (${args.StartTime}) is after EndTime (${args.EndTime}); swap them or widen the range.`,
      });
    }
  });

export const listAgentInstances = defineOperation({
  name: 'ice_list_agent_instances',
  title: 'List AI agent instances',
  description: 'An AI agent\'s instances (calls), newest first: a summary each, or whole with Detail "full".',
  action: 'ListAIAgentInstance',
  toolset: 'calls',
  kind: 'read',
  input,
  // Open: paging fields (PageNumber, PageSize, Pages) ride along undeclared, to keep tools/list small.
  output: {
    AIAgentId: z.string(),
    Instances: z.array(openRecord()),
    Count: z.number().int(),
    Truncated: z.boolean().optional(),
    Detail: z.string(),
    RequestId: z.string().optional(),
    RegionId: z.string(),
  },
  async run(args: z.infer<typeof input>, call) {
    const filter = { AIAgentId: args.AIAgentId, StartTime: args.StartTime, EndTime: args.EndTime };
    let instances: AgentInstance[];
    let paging: Record<string, unknown>;
    if (args.AllPages) {
      const PageSize = args.PageSize ?? DEFAULT_ALL_PAGES_SIZE;
      const all = await fetchAllPages(
        async (PageNumber) => (await listInstancePage(call.ice, { ...filter, PageSize, PageNumber }, call.regionId)).Instances,
        PageSize,
      );
      instances = all.items;
      paging = { PageSize, Pages: all.requests, Truncated: all.truncated };
    } else {
      const page = await listInstancePage(call.ice, { ...filter, PageSize: args.PageSize, PageNumber: args.PageNumber }, call.regionId);
      instances = page.Instances;
      paging = { PageNumber: args.PageNumber ?? 1, PageSize: args.PageSize ?? DEFAULT_PAGE_SIZE, RequestId: page.RequestId };
    }
    noteListed(call.recent, args.AIAgentId, instances, call.regionId);
    return {
      AIAgentId: args.AIAgentId,
      Instances: args.Detail === 'full' ? instances : instances.map(summarizeInstance),
      Count: instances.length,
      Detail: args.Detail,
      ...paging,
      RegionId: call.regionId,
    };
  },
});
