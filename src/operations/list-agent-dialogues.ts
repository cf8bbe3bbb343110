import { z } from 'zod';
import { DIALOGUE_PAGE_MAX, dialogueView, instanceWindow, listDialoguePage, sessionOf, type DialogueQuery } from '../domain/dialogues.js';
import { readInstance } from '../domain/instances.js';
import { defineOperation } from '../domain/operation.js';
import { fetchAllPages } from '../domain/pages.js';
import { noteDescribed } from '../domain/recent.js';
import { isoInstant } from '../util/time.js';
import { id, int, isoTime, openRecord, regionId } from './fields.js';

const input = z
  .object({
    SessionId: id('Session ID (or InstanceId).').optional(),
    InstanceId: id('Instance whose session to read.').optional(),
    StartTime: isoTime('ISO 8601; default: 1 h before the instance began.'),
    EndTime: isoTime('ISO 8601; default: 1 h after it last changed, or now.'),
    PageSize: int(1, 100).optional().describe('Default 20 (100 with AllPages).'),
    PageNumber: int(1, 100).optional().describe('Default 1.'),
    Order: z.enum(['ASC', 'DESC']).default('ASC').describe('ASC: oldest first.'),
    RoundLimit: int(1, 1000).optional().describe('Only the N latest rounds.'),
    AllPages: z.boolean().optional().describe('Fetch all pages.'),
    Detail: z.enum(['summary', 'full']).default('summary').describe('full adds ReasoningText etc.'),
    RegionId: regionId(),
  })
  .strict()
  .superRefine((args, ctx) => {
    const issue = (message: string, path: string[] = []) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    if ((args.SessionId === undefined) === (args.InstanceId === undefined)) issue('Give exactly one of SessionId or InstanceId.');
    if (args.SessionId !== undefined && (args.StartTime === undefined || args.EndTime === undefined)) {
      issue('With SessionId, StartTime and EndTime are required (or give InstanceId for its own window).', ['StartTime']);
    }
    if (args.AllPages && args.RoundLimit !== undefined) issue('RoundLimit overrides paging; drop AllPages or RoundLimit.', ['RoundLimit']);
    const start = args.StartTime === undefined ? undefined : isoInstant(args.StartTime);
    const end = args.EndTime === undefined ? undefined : isoInstant(args.EndTime);
    if (start !== undefined && end !== undefined && start > end) issue(`StartTime is after EndTime; swap them.`, ['StartTime']);
  });
type Input = z.infer<typeof input>;

export const listAgentDialogues = defineOperation({
  name: 'ice_list_agent_dialogues',
  title: 'Call transcript',
  description: "A session's transcript, oldest first (Order ASC) by default. InstanceId finds its SessionId and call window.",
  action: 'ListAIAgentDialogues',
  toolset: 'calls',
  kind: 'read',
  input,
  // Open: paging fields (PageNumber, Pages) ride along undeclared, to keep tools/list small.
  output: {
    SessionId: z.string(),
    InstanceId: z.string().optional(),
    StartTime: z.string(),
    EndTime: z.string(),
    Order: z.string(),
    Dialogues: z.array(openRecord()),
    Count: z.number().int(),
    Truncated: z.boolean().optional(),
    RequestId: z.string().optional(),
    RegionId: z.string(),
  },
  async run(args: Input, call) {
    let SessionId = args.SessionId ?? '';
    let window = { StartTime: 0, EndTime: 0 };
    if (args.InstanceId !== undefined) {
      const { Instance } = await readInstance(call.ice, args.InstanceId, call.regionId);
      noteDescribed(call.recent, args.InstanceId, Instance, call.regionId);
      SessionId = sessionOf(args.InstanceId, Instance);
      window = instanceWindow(Instance, Date.now());
    }
    const StartTime = args.StartTime === undefined ? window.StartTime : (isoInstant(args.StartTime) as number);
    const EndTime = args.EndTime === undefined ? window.EndTime : (isoInstant(args.EndTime) as number);
    const query: DialogueQuery = { SessionId, StartTime, EndTime, Order: args.Order, RoundLimit: args.RoundLimit };
    let records: Record<string, unknown>[];
    let paging: Record<string, unknown>;
    if (args.AllPages) {
      const PageSize = args.PageSize ?? DIALOGUE_PAGE_MAX;
      const all = await fetchAllPages(
        async (PageNumber) => (await listDialoguePage(call.ice, { ...query, PageSize, PageNumber }, call.regionId)).Dialogues,
        PageSize,
      );
      records = all.items;
      paging = { Pages: all.requests, Truncated: all.truncated };
    } else {
      const page = await listDialoguePage(call.ice, { ...query, PageSize: args.PageSize, PageNumber: args.PageNumber }, call.regionId);
      records = page.Dialogues;
      paging =
        args.RoundLimit === undefined ? { PageNumber: args.PageNumber ?? 1, RequestId: page.RequestId } : { RequestId: page.RequestId };
    }
    return {
      SessionId,
      ...(args.InstanceId !== undefined ? { InstanceId: args.InstanceId } : {}),
      StartTime: new Date(StartTime).toISOString(),
      EndTime: new Date(EndTime).toISOString(),
      Order: args.Order,
      Dialogues: records.map((d) => dialogueView(d, args.Detail)),
      Count: records.length,
      ...paging,
      RegionId: call.regionId,
    };
  },
});
