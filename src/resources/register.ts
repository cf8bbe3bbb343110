/**
 * Resource templates (an instance, its call log and transcript, an agent's instances) and the
 * prompt. What they do when used (reader.ts: ICE reads, redaction, the output limit) loads on first use.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Variables } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { Context } from '../domain/context.js';
import { lazy } from '../util/lazy.js';
import type { CallLogFetcher } from './call-log-types.js';
import { registerDiagnosePrompt } from './prompt.js';
import type { ResourceName } from './reader.js';
import { JSON_TYPE } from './uris.js';

export function registerResources(server: McpServer, ctx: Context, fetchCallLog: CallLogFetcher | undefined): void {
  const reader = lazy(async () => (await import('./reader.js')).createReader(ctx, fetchCallLog));
  const completeInstance = async (prefix: string): Promise<string[]> => (await reader()).completeInstance(prefix);
  const completeAgent = async (prefix: string): Promise<string[]> => (await reader()).completeAgent(prefix);
  const read = (name: ResourceName) => async (uri: URL, vars: Variables) => (await reader()).read(name, uri, vars);

  server.registerResource(
    'instance',
    new ResourceTemplate('ice://instances/{InstanceId}', {
      list: async () => (await reader()).listed(),
      complete: { InstanceId: completeInstance },
    }),
    {
      title: 'AI agent instance',
      description: 'One AI agent instance as DescribeAIAgentInstance returns it, secrets redacted.',
      mimeType: JSON_TYPE,
    },
    read('instance'),
  );

  server.registerResource(
    'instance-call-log',
    new ResourceTemplate('ice://instances/{InstanceId}/call-log', { list: undefined, complete: { InstanceId: completeInstance } }),
    {
      title: 'AI agent instance call log',
      description: "The JSON call log behind an instance's CallLogUrl, secrets redacted.",
      mimeType: JSON_TYPE,
    },
    read('instance-call-log'),
  );

  server.registerResource(
    'instance-transcript',
    new ResourceTemplate('ice://instances/{InstanceId}/transcript', { list: undefined, complete: { InstanceId: completeInstance } }),
    {
      title: 'AI agent instance transcript',
      description: "The dialogues of an instance's session (ListAIAgentDialogues), oldest first, around the call's own time.",
      mimeType: JSON_TYPE,
    },
    read('instance-transcript'),
  );

  server.registerResource(
    'agent-instances',
    new ResourceTemplate('ice://agents/{AIAgentId}/instances', { list: undefined, complete: { AIAgentId: completeAgent } }),
    {
      title: "An agent's instances",
      description: 'Every instance of an AI agent (all pages), one summary line each.',
      mimeType: JSON_TYPE,
    },
    read('agent-instances'),
  );

  registerDiagnosePrompt(server, reader, completeInstance);
}
