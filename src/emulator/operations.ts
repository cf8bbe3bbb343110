/** The ICE actions the emulator implements, as one table of handlers over the store. */
import { checkAgentConfig, checkTemplateConfig } from './config-limits.js';
import { GatewayError, invalidParameter } from './gateway-error.js';
import { deepMerge } from './merge.js';
import { boolean, codePoints, integerIn, isoTime, jsonObject, oneOf, optional, required } from './params.js';
import { formatGmt } from './instance-records.js';
import { AGENT_OPERATIONS } from './agent-operations.js';
import { CALL_OPERATIONS } from './call-operations.js';
import { findInstance, findWritable, type Operation, type OperationContext } from './operation-context.js';
import type { StoredInstance, UpdateRecord } from './types.js';

export const API_VERSION = '2020-11-09';
export const MAX_SPEECH_CHARS = 1024;

function callLogUrl(instance: StoredInstance, baseUrl: string): string | undefined {
  if (instance.callLog !== undefined) return `${baseUrl}/call-logs/${instance.InstanceId}.json`;
  return instance.externalCallLogUrl;
}

/** The fields List and Describe share. */
function commonView(instance: StoredInstance, ctx: OperationContext): Record<string, unknown> {
  return {
    Status: instance.Status,
    CallLogUrl: callLogUrl(instance, ctx.baseUrl),
    RuntimeConfig: instance.RuntimeConfig,
    AgentConfig: instance.AgentConfig,
    TemplateConfig: instance.TemplateConfig,
    UserData: instance.UserData,
  };
}

/** The documented List item: no InstanceId (unless asked for), no creation time. */
function listItem(instance: StoredInstance, ctx: OperationContext): Record<string, unknown> {
  return { ...(ctx.listIncludesInstanceId ? { InstanceId: instance.InstanceId } : {}), ...commonView(instance, ctx) };
}

function describeView(instance: StoredInstance, ctx: OperationContext): Record<string, unknown> {
  return {
    ...commonView(instance, ctx),
    SessionId: instance.SessionId,
    GmtCreate: formatGmt(instance.GmtCreate),
    GmtModified: formatGmt(instance.GmtModified),
    CallInfo: instance.CallInfo,
  };
}

const listInstances: Operation = (params, ctx) => {
  const agentId = required(params, 'AIAgentId');
  const from = isoTime(params, 'StartTime') ?? Number.NEGATIVE_INFINITY;
  const to = isoTime(params, 'EndTime') ?? Number.POSITIVE_INFINITY;
  if (from > to) throw invalidParameter('StartTime', 'must not be later than EndTime');
  const pageSize = integerIn(params, 'PageSize', 0, 100, 10);
  const pageNumber = integerIn(params, 'PageNumber', 1, 100, 1);
  const page = ctx.store.page(agentId, from, to, (pageNumber - 1) * pageSize, pageSize);
  return { Instances: page.map((instance) => listItem(instance, ctx)) };
};

const describeInstance: Operation = (params, ctx) => ({ Instance: describeView(findInstance(params, ctx), ctx) });

const updateInstance: Operation = (params, ctx) => {
  const instance = findWritable(params, ctx);
  const agentConfig = jsonObject(params, 'AgentConfig');
  const templateConfig = jsonObject(params, 'TemplateConfig');
  const userData = optional(params, 'UserData');
  const record: UpdateRecord = { time: new Date(ctx.now()).toISOString() };
  // Validate everything before changing anything, so a refused update leaves no trace.
  const mergedAgent = agentConfig === undefined ? instance.AgentConfig : deepMerge(instance.AgentConfig, agentConfig);
  if (agentConfig !== undefined) checkAgentConfig(agentConfig, mergedAgent);
  if (templateConfig !== undefined) checkTemplateConfig(templateConfig);
  instance.AgentConfig = mergedAgent;
  if (agentConfig !== undefined) record.AgentConfig = agentConfig;
  if (templateConfig !== undefined) {
    instance.TemplateConfig = deepMerge(instance.TemplateConfig, templateConfig);
    record.TemplateConfig = templateConfig;
  }
  if (userData !== undefined) {
    instance.UserData = userData;
    record.UserData = userData;
  }
  instance.GmtModified = ctx.now();
  instance.updates.push(record);
  return {};
};

const sendSpeech: Operation = (params, ctx) => {
  const instance = findWritable(params, ctx);
  const text = required(params, 'Text');
  if (codePoints(text) > MAX_SPEECH_CHARS) {
    throw invalidParameter('Text', `must be at most ${MAX_SPEECH_CHARS} characters, got ${codePoints(text)}`);
  }
  const type = oneOf(params, 'Type', ['Text', 'AudioUrl'] as const, 'Text');
  if (type === 'AudioUrl' && !/^https?:\/\/\S+$/.test(text)) {
    throw invalidParameter('Text', 'must be an http(s) URL of the audio when Type is AudioUrl');
  }
  const enableInterrupt = boolean(params, 'EnableInterrupt', true);
  instance.speeches.push({ time: new Date(ctx.now()).toISOString(), Text: text, Type: type, EnableInterrupt: enableInterrupt });
  return {};
};

/** Any AIAgentId is accepted (the emulator has no agent registry beyond the seed). */
const startInstance: Operation = (params, ctx) => {
  const agentId = required(params, 'AIAgentId');
  const input = {
    RuntimeConfig: jsonObject(params, 'RuntimeConfig'),
    AgentConfig: jsonObject(params, 'AgentConfig'),
    TemplateConfig: jsonObject(params, 'TemplateConfig'),
    UserData: optional(params, 'UserData'),
  };
  const instance = ctx.store.create(agentId, input);
  return { InstanceId: instance.InstanceId };
};

/** Stopping a finished instance again succeeds, so retries are harmless. */
const stopInstance: Operation = (params, ctx) => {
  const instance = findInstance(params, ctx);
  if (instance.Status !== 'Finished') {
    instance.Status = 'Finished';
    instance.GmtModified = ctx.now();
  }
  return {};
};

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  ListAIAgentInstance: listInstances,
  DescribeAIAgentInstance: describeInstance,
  UpdateAIAgentInstance: updateInstance,
  SendAIAgentSpeech: sendSpeech,
  StartAIAgentInstance: startInstance,
  StopAIAgentInstance: stopInstance,
  ...CALL_OPERATIONS,
  ...AGENT_OPERATIONS,
};

/** The action's handler, or the gateway's 404 for an action this product does not have. */
export function operationFor(action: string): Operation {
  const operation = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined;
  if (operation === undefined) {
    throw new GatewayError(404, 'InvalidAction.NotFound', `The action "${action}" does not exist in ICE API version ${API_VERSION}.`);
  }
  return operation;
}
