/**
 * What the resources and the prompt do when used (register.ts and prompt.ts load it on first use):
 * reading an instance, its call log, transcript and agent's list, completions, errors.
 */
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Variables } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { redact, redactText } from '../redact/redact.js';
import type { Context } from '../domain/context.js';
import { readTranscript } from '../domain/dialogues.js';
import { listInstancePage, readInstance } from '../domain/instances.js';
import { fetchAllPages } from '../domain/pages.js';
import { noteDescribed, type SeenInstance } from '../domain/recent.js';
import { summarizeInstance } from '../domain/summary.js';
import { errorText } from '../errors/error-text.js';
import { IceError } from '../errors/ice-error.js';
import { Refusal } from '../errors/refusal.js';
import { CallLogError, type CallLogFetcher } from './call-log-types.js';
import { boundedJson } from '../util/output-limit.js';
import { JSON_TYPE, instanceUri } from './uris.js';

/** The resource templates, by the names register.ts gives them. */
export type ResourceName = 'instance' | 'instance-call-log' | 'instance-transcript' | 'agent-instances';

const COMPLETION_LIMIT = 100;

/** Template variables arrive percent-encoded, exactly as in the URI. */
export function variable(value: string | string[] | undefined, name: string): string {
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

export function asMcpError(error: unknown, uri?: URL): McpError {
  if (error instanceof McpError) return error;
  if (error instanceof CallLogError) return new McpError(ErrorCode.InvalidRequest, `Call log unavailable: ${error.message}`);
  // Decided by this server (e.g. an instance without a SessionId has no transcript): the message says why.
  if (error instanceof Refusal) return new McpError(ErrorCode.InvalidRequest, errorText(error));
  if (isNotFound(error)) return new McpError(ErrorCode.InvalidParams, errorText(error), uri ? { uri: uri.href } : undefined);
  return new McpError(ErrorCode.InternalError, errorText(error));
}

/** Redacted JSON, cut at the output limit with a note (see util/output-limit.ts). */
export const boundedText = (value: unknown): string =>
  boundedJson(redact(value), "read a narrower resource: one instance (ice://instances/{InstanceId}) instead of an agent's whole list").text;

export const jsonContents = (uri: URL, value: unknown): ReadResourceResult => ({
  contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: boundedText(value) }],
});

const byPrefix = (values: Iterable<string>, prefix: string): string[] => {
  const out = new Set<string>();
  for (const v of values) if (v.startsWith(prefix)) out.add(v);
  return [...out].slice(0, COMPLETION_LIMIT);
};

function label(seen: SeenInstance): string {
  const parts = [seen.Status ?? 'status unknown', seen.AIAgentId ? `agent ${seen.AIAgentId}` : undefined, seen.GmtCreate];
  // What an instance says about itself comes from the cloud: redacted like any other output.
  return redactText(`Instance ${seen.InstanceId} (${parts.filter(Boolean).join(', ')})`);
}

/** Reads instances and call logs for resources and prompts, remembering what it saw. */
export function createReader(ctx: Context, fetchCallLog: CallLogFetcher | undefined) {
  const { recent } = ctx;
  const completeInstance = async (prefix: string): Promise<string[]> =>
    byPrefix(
      (await recent.listInstances()).map((s) => s.InstanceId),
      prefix ?? '',
    );
  const completeAgent = async (prefix: string): Promise<string[]> =>
    byPrefix([...(await recent.listAgents()), ...ctx.config.agentIds], prefix ?? '');

  const describe = async (instanceId: string) => {
    const { Instance } = await readInstance(ctx.ice, instanceId);
    noteDescribed(recent, instanceId, Instance, ctx.config.region);
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

  const transcript = async (instanceId: string) => readTranscript(ctx.ice, instanceId, await describe(instanceId), Date.now());

  const agentInstances = async (AIAgentId: string) => {
    const all = await fetchAllPages(
      async (PageNumber) => (await listInstancePage(ctx.ice, { AIAgentId, PageSize: 100, PageNumber })).Instances,
      100,
    );
    recent.noteAgent(AIAgentId);
    return { AIAgentId, Count: all.items.length, Truncated: all.truncated, Instances: all.items.map(summarizeInstance) };
  };

  const sources: Record<ResourceName, (vars: Variables) => Promise<unknown>> = {
    instance: (vars) => describe(variable(vars.InstanceId, 'InstanceId')),
    'instance-call-log': (vars) => callLog(variable(vars.InstanceId, 'InstanceId')),
    'instance-transcript': (vars) => transcript(variable(vars.InstanceId, 'InstanceId')),
    'agent-instances': (vars) => agentInstances(variable(vars.AIAgentId, 'AIAgentId')),
  };
  /** A resource read: the value becomes redacted JSON, a failure a proper MCP error. */
  const read = async (name: ResourceName, uri: URL, vars: Variables): Promise<ReadResourceResult> => {
    try {
      return jsonContents(uri, await sources[name](vars));
    } catch (error) {
      throw asMcpError(error, uri);
    }
  };

  /** resources/list: the instances seen recently. */
  const listed = async () => ({
    resources: (await recent.listInstances()).map((seen) => ({
      uri: instanceUri(seen.InstanceId),
      name: label(seen),
      mimeType: JSON_TYPE,
    })),
  });

  return { describe, read, listed, completeInstance, completeAgent, fetchCallLog, ice: ctx.ice };
}

export type Reader = ReturnType<typeof createReader>;
