/** Resource templates (an instance, its call log and transcript, an agent's instances) and links to them. */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Variables } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { Context } from '../domain/context.js';
import { listInstancePage } from '../domain/instances.js';
import { fetchAllPages } from '../domain/pages.js';
import { summarizeInstance } from '../domain/summary.js';
import type { CallLogFetcher } from './call-log-types.js';
import { registerDiagnosePrompt } from './prompt.js';
import { createReader, label, readingJson, variable } from './reader.js';
import { JSON_TYPE, instanceUri } from './uris.js';

export function registerResources(server: McpServer, ctx: Context, fetchCallLog: CallLogFetcher | undefined): void {
  const reader = createReader(ctx, fetchCallLog);
  const { describe, callLog, transcript, completeInstance, completeAgent } = reader;
  const { recent } = ctx;

  server.registerResource(
    'instance',
    new ResourceTemplate('ice://instances/{InstanceId}', {
      list: async () => ({
        resources: (await recent.listInstances()).map((seen) => ({
          uri: instanceUri(seen.InstanceId),
          name: label(seen),
          mimeType: JSON_TYPE,
        })),
      }),
      complete: { InstanceId: completeInstance },
    }),
    {
      title: 'AI agent instance',
      description: 'One AI agent instance as DescribeAIAgentInstance returns it, secrets redacted.',
      mimeType: JSON_TYPE,
    },
    readingJson((vars: Variables) => describe(variable(vars.InstanceId, 'InstanceId'))),
  );

  server.registerResource(
    'instance-call-log',
    new ResourceTemplate('ice://instances/{InstanceId}/call-log', { list: undefined, complete: { InstanceId: completeInstance } }),
    {
      title: 'AI agent instance call log',
      description: "The JSON call log behind an instance's CallLogUrl, secrets redacted.",
      mimeType: JSON_TYPE,
    },
    readingJson((vars: Variables) => callLog(variable(vars.InstanceId, 'InstanceId'))),
  );

  server.registerResource(
    'instance-transcript',
    new ResourceTemplate('ice://instances/{InstanceId}/transcript', { list: undefined, complete: { InstanceId: completeInstance } }),
    {
      title: 'AI agent instance transcript',
      description: "The dialogues of an instance's session (ListAIAgentDialogues), oldest first, around the call's own time.",
      mimeType: JSON_TYPE,
    },
    readingJson((vars: Variables) => transcript(variable(vars.InstanceId, 'InstanceId'))),
  );

  server.registerResource(
    'agent-instances',
    new ResourceTemplate('ice://agents/{AIAgentId}/instances', { list: undefined, complete: { AIAgentId: completeAgent } }),
    {
      title: "An agent's instances",
      description: 'Every instance of an AI agent (all pages), one summary line each.',
      mimeType: JSON_TYPE,
    },
    readingJson(async (vars: Variables) => {
      const AIAgentId = variable(vars.AIAgentId, 'AIAgentId');
      const all = await fetchAllPages(
        async (PageNumber) => (await listInstancePage(ctx.ice, { AIAgentId, PageSize: 100, PageNumber })).Instances,
        100,
      );
      ctx.recent.noteAgent(AIAgentId);
      return { AIAgentId, Count: all.items.length, Truncated: all.truncated, Instances: all.items.map(summarizeInstance) };
    }),
  );

  registerDiagnosePrompt(server, reader);
}
