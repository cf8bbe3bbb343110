/** Resource templates (an instance, its call log, an agent's instances) and links to them. */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Variables } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { summarizeInstance } from '../tools/summary.js';
import { fetchAllPages } from '../tools/pages.js';
import type { ToolEnv } from '../tools/define.js';
import type { CallLogFetcher } from './call-log.js';
import { registerDiagnosePrompt } from './prompt.js';
import { JSON_TYPE, agentUri, callLogUri, createReader, instanceUri, label, readingJson, variable } from './reader.js';

export type { CallLogFetcher } from './call-log.js';
export { agentUri, callLogUri, instanceUri } from './reader.js';

export function registerResources(server: McpServer, env: ToolEnv, fetchCallLog: CallLogFetcher | undefined): void {
  const reader = createReader(env, fetchCallLog);
  const { describe, callLog, completeInstance, completeAgent } = reader;
  const { recent } = env;

  server.registerResource(
    'instance',
    new ResourceTemplate('ice://instances/{InstanceId}', {
      list: () => ({
        resources: recent.listInstances().map((seen) => ({ uri: instanceUri(seen.InstanceId), name: label(seen), mimeType: JSON_TYPE })),
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
        async (PageNumber) => (await env.ice.listInstances({ AIAgentId, PageSize: 100, PageNumber })).Instances,
        100,
      );
      env.recent.noteAgent(AIAgentId);
      return { AIAgentId, Count: all.items.length, Truncated: all.truncated, Instances: all.items.map(summarizeInstance) };
    }),
  );

  registerDiagnosePrompt(server, reader);
}

/**
 * Links from a tool result to the resources that describe what it returned. Resources read the
 * configured region, so a result from another region gets no links rather than misleading ones.
 */
export function resourceLinksFor(output: Record<string, unknown>, configuredRegion: string): ResourceLink[] {
  const links: ResourceLink[] = [];
  if (typeof output.RegionId === 'string' && output.RegionId !== configuredRegion) return links;
  const instance = output.Instance as Record<string, unknown> | undefined;
  const instanceId =
    typeof output.InstanceId === 'string' ? output.InstanceId : typeof instance?.InstanceId === 'string' ? instance.InstanceId : undefined;
  if (instanceId) {
    links.push({ type: 'resource_link', uri: instanceUri(instanceId), name: `Instance ${instanceId}`, mimeType: JSON_TYPE });
    if (typeof instance?.CallLogUrl === 'string' && instance.CallLogUrl !== '') {
      links.push({ type: 'resource_link', uri: callLogUri(instanceId), name: `Call log of ${instanceId}`, mimeType: JSON_TYPE });
    }
  }
  if (typeof output.AIAgentId === 'string') {
    links.push({
      type: 'resource_link',
      uri: agentUri(output.AIAgentId),
      name: `Instances of agent ${output.AIAgentId}`,
      mimeType: JSON_TYPE,
    });
  }
  return links;
}
