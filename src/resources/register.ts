/** Resources, completions and the diagnosis prompt: instance details an assistant can browse. */
import { z } from 'zod';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { ErrorCode, McpError, type ReadResourceResult, type ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { redact } from '../redact.js';
import { IceError } from '../ice/errors.js';
import { errorText } from '../tools/errors.js';
import { summarizeInstance } from '../tools/summary.js';
import { fetchAllPages } from '../tools/pages.js';
import type { ToolEnv } from '../tools/define.js';
import { CallLogError, type CallLogFetcher } from './call-log.js';
import type { SeenInstance } from './recent.js';

export type { CallLogFetcher } from './call-log.js';

const JSON_TYPE = 'application/json';
const COMPLETION_LIMIT = 100;
export const instanceUri = (id: string): string => `ice://instances/${encodeURIComponent(id)}`;
export const callLogUri = (id: string): string => `${instanceUri(id)}/call-log`;
export const agentUri = (id: string): string => `ice://agents/${encodeURIComponent(id)}/instances`;

/** Template variables arrive percent-encoded, exactly as in the URI. */
function variable(value: string | string[] | undefined, name: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  let decoded: string | undefined;
  try {
    decoded = raw === undefined ? undefined : decodeURIComponent(raw);
  } catch {
    decoded = undefined;
  }
  if (!decoded || decoded.length > 128 || /[\s/]/.test(decoded)) {
    throw new McpError(ErrorCode.InvalidParams, `Invalid ${name} in resource URI: expected 1-128 characters without spaces or slashes`);
  }
  return decoded;
}

// An unknown id is the caller's mistake, not the server's: Invalid Params, as the SDK answers an
// unknown URI and as SEP-2164 asks for "resource not found" (with the URI as data).
const isNotFound = (error: unknown): boolean => error instanceof IceError && (error.httpStatus === 404 || /NotFound$/.test(error.code));

function asMcpError(error: unknown, uri?: URL): McpError {
  if (error instanceof McpError) return error;
  if (error instanceof CallLogError) return new McpError(ErrorCode.InvalidRequest, `Call log unavailable: ${error.message}`);
  if (isNotFound(error)) return new McpError(ErrorCode.InvalidParams, errorText(error), uri ? { uri: uri.href } : undefined);
  return new McpError(ErrorCode.InternalError, errorText(error));
}

const jsonContents = (uri: URL, value: unknown): ReadResourceResult => ({
  contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: JSON.stringify(redact(value)) }],
});

const byPrefix = (values: Iterable<string>, prefix: string): string[] => {
  const out = new Set<string>();
  for (const v of values) if (v.startsWith(prefix)) out.add(v);
  return [...out].slice(0, COMPLETION_LIMIT);
};

function label(seen: SeenInstance): string {
  const parts = [seen.Status ?? 'status unknown', seen.AIAgentId ? `agent ${seen.AIAgentId}` : undefined, seen.GmtCreate];
  return `Instance ${seen.InstanceId} (${parts.filter(Boolean).join(', ')})`;
}

export function registerResources(server: McpServer, env: ToolEnv, fetchCallLog: CallLogFetcher | undefined): void {
  const { recent } = env;
  const completeInstance = (prefix: string): string[] => byPrefix(recent.listInstances().map((s) => s.InstanceId), prefix ?? '');
  const completeAgent = (prefix: string): string[] => byPrefix([...recent.listAgents(), ...env.config.agentIds], prefix ?? '');

  const describe = async (instanceId: string) => {
    const { Instance } = await env.ice.describeInstance(instanceId);
    recent.noteInstance({
      InstanceId: instanceId,
      RegionId: env.config.region,
      ...(typeof Instance.Status === 'string' ? { Status: Instance.Status } : {}),
      ...(typeof Instance.GmtCreate === 'string' ? { GmtCreate: Instance.GmtCreate } : {}),
    });
    return { InstanceId: instanceId, ...Instance };
  };

  const callLog = async (instanceId: string): Promise<unknown> => {
    const instance = await describe(instanceId);
    if (typeof instance.CallLogUrl !== 'string' || instance.CallLogUrl === '') {
      throw new McpError(ErrorCode.InvalidRequest, `Instance ${instanceId} has no call log (no CallLogUrl)`);
    }
    if (!fetchCallLog) throw new McpError(ErrorCode.InvalidRequest, 'Call logs are not available on this server');
    return fetchCallLog(instance.CallLogUrl);
  };

  server.registerResource(
    'instance',
    new ResourceTemplate('ice://instances/{InstanceId}', {
      list: () => ({
        resources: recent.listInstances().map((seen) => ({ uri: instanceUri(seen.InstanceId), name: label(seen), mimeType: JSON_TYPE })),
      }),
      complete: { InstanceId: completeInstance },
    }),
    { title: 'AI agent instance', description: 'One AI agent instance as DescribeAIAgentInstance returns it, secrets redacted.', mimeType: JSON_TYPE },
    async (uri, vars) => {
      try {
        return jsonContents(uri, await describe(variable(vars.InstanceId, 'InstanceId')));
      } catch (error) {
        throw asMcpError(error, uri);
      }
    },
  );

  server.registerResource(
    'instance-call-log',
    new ResourceTemplate('ice://instances/{InstanceId}/call-log', { list: undefined, complete: { InstanceId: completeInstance } }),
    { title: 'AI agent instance call log', description: "The JSON call log behind an instance's CallLogUrl, secrets redacted.", mimeType: JSON_TYPE },
    async (uri, vars) => {
      try {
        return jsonContents(uri, await callLog(variable(vars.InstanceId, 'InstanceId')));
      } catch (error) {
        throw asMcpError(error, uri);
      }
    },
  );

  server.registerResource(
    'agent-instances',
    new ResourceTemplate('ice://agents/{AIAgentId}/instances', { list: undefined, complete: { AIAgentId: completeAgent } }),
    { title: "An agent's instances", description: 'Every instance of an AI agent (all pages), one summary line each.', mimeType: JSON_TYPE },
    async (uri, vars) => {
      try {
        const AIAgentId = variable(vars.AIAgentId, 'AIAgentId');
        const all = await fetchAllPages(async (PageNumber) => (await env.ice.listInstances({ AIAgentId, PageSize: 100, PageNumber })).Instances, 100);
        recent.noteAgent(AIAgentId);
        return jsonContents(uri, { AIAgentId, Count: all.items.length, Truncated: all.truncated, Instances: all.items.map(summarizeInstance) });
      } catch (error) {
        throw asMcpError(error, uri);
      }
    },
  );

  server.registerPrompt(
    'ice_diagnose_instance',
    {
      title: 'Diagnose an AI agent instance',
      description: 'Explain what happened in a call and propose a safe configuration change.',
      argsSchema: { InstanceId: completable(z.string().min(1).max(128).describe('The instance to diagnose.'), completeInstance) },
    },
    async ({ InstanceId }) => {
      try {
        const instance = await describe(InstanceId);
        let log: unknown;
        let logFailed = false;
        if (typeof instance.CallLogUrl === 'string' && instance.CallLogUrl !== '' && fetchCallLog) {
          log = await fetchCallLog(instance.CallLogUrl).catch((error: unknown) => {
            logFailed = true;
            return { unavailable: error instanceof CallLogError ? error.message : 'download failed' };
          });
        }
        const about =
          log === undefined ? ' (it has no call log)' : logFailed ? ' (its call log could not be fetched; the second message says why)' : ' and its call log';
        const embed = (uri: string, value: unknown) => ({
          role: 'user' as const,
          content: { type: 'resource' as const, resource: { uri, mimeType: JSON_TYPE, text: JSON.stringify(redact(value)) } },
        });
        return {
          description: `Diagnosis of AI agent instance ${InstanceId}`,
          messages: [
            embed(instanceUri(InstanceId), instance),
            ...(log !== undefined ? [embed(callLogUri(InstanceId), log)] : []),
            {
              role: 'user' as const,
              content: {
                type: 'text' as const,
                text: [
                  `Above is AI agent instance ${InstanceId}${about}.`,
                  'Explain what happened in this call: its status and timing, how the conversation went, and anything that looks wrong (silences, interruptions, timeouts, errors, hang-up reasons).',
                  'Then propose one configuration change that would help, using only what ice_update_agent_instance can change (voice, greeting, volume, voice interrupt, push-to-talk, voiceprint, Model Studio app params).',
                  'Do not apply it yourself: any change goes through the confirmation step, where a person sees the exact change first.',
                ].join('\n'),
              },
            },
          ],
        };
      } catch (error) {
        throw asMcpError(error);
      }
    },
  );
}

/** Links from a tool result to the resources that describe what it returned. */
export function resourceLinksFor(output: Record<string, unknown>): ResourceLink[] {
  const links: ResourceLink[] = [];
  const instance = output.Instance as Record<string, unknown> | undefined;
  const instanceId = typeof output.InstanceId === 'string' ? output.InstanceId : typeof instance?.InstanceId === 'string' ? instance.InstanceId : undefined;
  if (instanceId) {
    links.push({ type: 'resource_link', uri: instanceUri(instanceId), name: `Instance ${instanceId}`, mimeType: JSON_TYPE });
    if (typeof instance?.CallLogUrl === 'string' && instance.CallLogUrl !== '') {
      links.push({ type: 'resource_link', uri: callLogUri(instanceId), name: `Call log of ${instanceId}`, mimeType: JSON_TYPE });
    }
  }
  if (typeof output.AIAgentId === 'string') {
    links.push({ type: 'resource_link', uri: agentUri(output.AIAgentId), name: `Instances of agent ${output.AIAgentId}`, mimeType: JSON_TYPE });
  }
  return links;
}
