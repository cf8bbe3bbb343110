/**
 * A bounded, most-recent-first memory of the instances and agents seen, kept in a RecencyStore:
 * this process's memory, or Redis shared by replicas. Each identity (an HTTP bearer token) has a
 * scope of its own, so one team's instances are not offered to another.
 */
import type { AgentInstance } from '../ice/types.js';
import { MemoryRecency } from '../store/memory.js';
import type { RecencyStore } from '../store/types.js';

export interface SeenInstance {
  InstanceId: string;
  Status?: string;
  AIAgentId?: string;
  GmtCreate?: string;
  RegionId: string;
}

/** What an instance object tells about itself that is worth remembering. */
export function seenFields(instance: AgentInstance): Pick<SeenInstance, 'Status' | 'GmtCreate'> {
  return {
    ...(typeof instance.Status === 'string' ? { Status: instance.Status } : {}),
    ...(typeof instance.GmtCreate === 'string' ? { GmtCreate: instance.GmtCreate } : {}),
  };
}

const FIELDS = ['Status', 'AIAgentId', 'GmtCreate', 'RegionId'] as const;

export class RecentInstances {
  constructor(
    private readonly limit = 100,
    private readonly store: RecencyStore = new MemoryRecency(),
    private readonly scope = 'shared',
    /** Where a failed note is reported; a lost note only costs a completion, so calls never fail on it. */
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Records an instance, merging with what was known about it, and moves it to the front. */
  noteInstance(seen: SeenInstance): void {
    const fields: Record<string, string> = {};
    for (const name of FIELDS) if (seen[name] !== undefined) fields[name] = seen[name];
    this.store.touch(`${this.scope}:instances`, seen.InstanceId, fields, this.limit).catch(this.onError);
    if (seen.AIAgentId) this.noteAgent(seen.AIAgentId);
  }

  noteAgent(aiAgentId: string): void {
    this.store.touch(`${this.scope}:agents`, aiAgentId, {}, this.limit).catch(this.onError);
  }

  /** Most recent first; empty when the store cannot be read (reads of instances themselves still work). */
  async listInstances(): Promise<SeenInstance[]> {
    const entries = await this.store.newest(`${this.scope}:instances`, this.limit).catch((error: unknown) => {
      this.onError(error);
      return [];
    });
    return entries.map(({ id, fields }) => ({ ...pick(fields), InstanceId: id, RegionId: fields.RegionId ?? '' }));
  }

  /** Most recent first. */
  async listAgents(): Promise<string[]> {
    const entries = await this.store.newest(`${this.scope}:agents`, this.limit).catch((error: unknown) => {
      this.onError(error);
      return [];
    });
    return entries.map((entry) => entry.id);
  }
}

function pick(fields: Record<string, string>): Partial<SeenInstance> {
  const out: Partial<SeenInstance> = {};
  for (const name of FIELDS) if (fields[name] !== undefined) out[name] = fields[name];
  return out;
}

/** Remembers a described instance. */
export function noteDescribed(recent: RecentInstances, instanceId: string, instance: AgentInstance, regionId: string): void {
  recent.noteInstance({ InstanceId: instanceId, RegionId: regionId, ...seenFields(instance) });
}

/** Remembers an agent and its listed instances, oldest first so the newest ends up the most recently seen. */
export function noteListed(recent: RecentInstances, aiAgentId: string, instances: readonly AgentInstance[], regionId: string): void {
  recent.noteAgent(aiAgentId);
  for (const instance of [...instances].reverse()) {
    if (typeof instance.InstanceId === 'string') {
      recent.noteInstance({ InstanceId: instance.InstanceId, AIAgentId: aiAgentId, RegionId: regionId, ...seenFields(instance) });
    }
  }
}
