/** A bounded, most-recent-first memory of the instances and agents this server has seen. */
import type { AgentInstance } from '../ice/types.js';

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

// Maps and sets keep insertion order: deleting and re-adding a key moves it to the end, the newest.
export class RecentInstances {
  private readonly instances = new Map<string, SeenInstance>();
  private readonly agents = new Set<string>();

  constructor(private readonly limit = 100) {}

  /** Records an instance, merging with what was known about it, and moves it to the front. */
  noteInstance(seen: SeenInstance): void {
    const before = this.instances.get(seen.InstanceId);
    this.instances.delete(seen.InstanceId);
    this.instances.set(seen.InstanceId, {
      ...before,
      ...dropUndefined(seen),
      InstanceId: seen.InstanceId,
      RegionId: seen.RegionId,
    });
    if (seen.AIAgentId) this.noteAgent(seen.AIAgentId);
    trim(this.instances, this.limit);
  }

  noteAgent(aiAgentId: string): void {
    this.agents.delete(aiAgentId);
    this.agents.add(aiAgentId);
    trim(this.agents, this.limit);
  }

  /** Most recent first. */
  listInstances(): SeenInstance[] {
    return [...this.instances.values()].reverse();
  }

  /** Most recent first. */
  listAgents(): string[] {
    return [...this.agents].reverse();
  }
}

function trim<K>(entries: Map<K, unknown> | Set<K>, limit: number): void {
  while (entries.size > limit) {
    const oldest = entries.keys().next();
    if (oldest.done) return;
    entries.delete(oldest.value);
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
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
