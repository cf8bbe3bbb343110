/** Loading and validating seed data (format: see SeedData in types.ts). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extrasProblem } from './seed-extras.js';
import type { SeedAgent, SeedData, SeedInstance } from './types.js';

/**
 * seed/ sits two levels above src/emulator/*.ts and dist/emulator/index.cjs, and one level above the
 * bundle's shared chunks in dist/.
 */
export const DEMO_SEED_PATH: string =
  ['../../seed/demo.json', '../seed/demo.json']
    .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
    .find((path) => existsSync(path)) ?? fileURLToPath(new URL('../../seed/demo.json', import.meta.url));

const STATUSES = ['Created', 'Executing', 'Finished'];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Thrown for a seed that cannot be read or does not match the format. */
export class SeedError extends Error {
  override name = 'SeedError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads (when given a path) and validates a seed; throws SeedError naming the bad field. */
export function loadSeed(pathOrData: SeedData | string): SeedData {
  let data: unknown = pathOrData;
  let source = 'seed object';
  if (typeof pathOrData === 'string') {
    source = pathOrData;
    let text: string;
    try {
      text = readFileSync(pathOrData, 'utf8');
    } catch (err) {
      throw new SeedError(`Cannot read seed file ${pathOrData}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new SeedError(`Seed file ${pathOrData} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const problem = findProblem(data);
  if (problem !== undefined) throw new SeedError(`Invalid seed (${source}): ${problem}`);
  return data as SeedData;
}

function findProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return 'the top level must be a JSON object with "agents"';
  if (!Array.isArray(data.agents)) return '"agents" must be an array';
  if (data.secrets !== undefined && !(Array.isArray(data.secrets) && data.secrets.every((s) => typeof s === 'string' && s !== ''))) {
    return '"secrets" must be an array of non-empty strings';
  }
  const agentIds = new Set<string>();
  const instanceIds = new Set<string>();
  for (const [i, agent] of (data.agents as unknown[]).entries()) {
    const at = `agents[${i}]`;
    if (!isRecord(agent)) return `${at} must be an object`;
    if (typeof agent.AIAgentId !== 'string' || agent.AIAgentId === '') return `${at}.AIAgentId must be a non-empty string`;
    if (agentIds.has(agent.AIAgentId)) return `${at}.AIAgentId "${agent.AIAgentId}" appears twice`;
    agentIds.add(agent.AIAgentId);
    if (agent.Name !== undefined && typeof agent.Name !== 'string') return `${at}.Name must be a string`;
    if (agent.AgentConfig !== undefined && !isRecord(agent.AgentConfig)) return `${at}.AgentConfig must be an object`;
    if (!Array.isArray(agent.instances)) return `${at}.instances must be an array`;
    for (const [j, instance] of (agent as unknown as SeedAgent).instances.entries()) {
      const problem = instanceProblem(instance, `${at}.instances[${j}]`, instanceIds);
      if (problem !== undefined) return problem;
    }
  }
  return extrasProblem(data);
}

function instanceProblem(value: unknown, at: string, seen: Set<string>): string | undefined {
  if (!isRecord(value)) return `${at} must be an object`;
  const instance = value as Partial<SeedInstance> & Record<string, unknown>;
  if (typeof instance.InstanceId !== 'string' || instance.InstanceId === '') return `${at}.InstanceId must be a non-empty string`;
  if (seen.has(instance.InstanceId)) return `${at}.InstanceId "${instance.InstanceId}" appears twice`;
  seen.add(instance.InstanceId);
  if (typeof instance.Status !== 'string' || !STATUSES.includes(instance.Status)) {
    return `${at}.Status must be one of ${STATUSES.join(', ')}`;
  }
  for (const field of ['GmtCreate', 'GmtModified'] as const) {
    const time = instance[field];
    if (time === undefined && field === 'GmtModified') continue;
    if (typeof time !== 'string' || !ISO_TIME.test(time) || Number.isNaN(Date.parse(time))) {
      return `${at}.${field} must be an ISO 8601 time with an offset, e.g. 2025-07-18T06:39:08Z`;
    }
  }
  for (const field of ['RuntimeConfig', 'AgentConfig', 'TemplateConfig', 'CallInfo'] as const) {
    if (instance[field] !== undefined && !isRecord(instance[field])) return `${at}.${field} must be an object`;
  }
  for (const field of ['UserData', 'SessionId'] as const) {
    if (instance[field] !== undefined && typeof instance[field] !== 'string') return `${at}.${field} must be a string`;
  }
  if (instance.CallLogUrl !== undefined) {
    if (typeof instance.CallLogUrl !== 'string' || !/^https?:\/\/\S+$/.test(instance.CallLogUrl)) {
      return `${at}.CallLogUrl must be an http(s) URL`;
    }
    if (instance.callLog !== undefined) return `${at} has both callLog and CallLogUrl; keep one`;
  }
  return undefined;
}
