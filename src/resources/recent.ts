/** A bounded, most-recent-first memory of the instances and agents this server has seen. */
import type { AgentInstance } from '../ice/types.js';

export interface SeenInstance {
  InstanceId: string;
  Status?: string;
  AIAgentId?: string;
  GmtCreate?: string;
  RegionId: string;
  seenAt: number;
}

/** What an instance object tells about itself that is worth remembering. */
export function seenFields(instance: AgentInstance): Pick<SeenInstance, 'Status' | 'GmtCreate'> {
  return {
    ...(typeof instance.Status === 'string' ? { Status: instance.Status } : {}),
    ...(typeof instance.GmtCreate === 'string' ? { GmtCreate: instance.GmtCreate } : {}),
  };
}

export class RecentInstances {
  private readonly instances = new Map<string, SeenInstance>();
  private readonly agents = new Map<string, number>();

  constructor(
    private readonly limit = 100,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an instance, merging with what was known about it, and moves it to the front. */
  noteInstance(seen: Omit<SeenInstance, 'seenAt'>): void {
    const before = this.instances.get(seen.InstanceId);
    this.instances.delete(seen.InstanceId);
    this.instances.set(seen.InstanceId, {
      ...before,
      ...dropUndefined(seen),
      InstanceId: seen.InstanceId,
      RegionId: seen.RegionId,
      seenAt: this.now(),
    });
    if (seen.AIAgentId) this.noteAgent(seen.AIAgentId);
    trim(this.instances, this.limit);
  }

  noteAgent(aiAgentId: string): void {
    this.agents.delete(aiAgentId);
    this.agents.set(aiAgentId, this.now());
    trim(this.agents, this.limit);
  }

  /** Most recent first. */
  listInstances(): SeenInstance[] {
    return [...this.instances.values()].reverse();
  }

  getInstance(instanceId: string): SeenInstance | undefined {
    return this.instances.get(instanceId);
  }

  /** Most recent first. */
  listAgents(): string[] {
    return [...this.agents.keys()].reverse();
  }
}

function trim<K, V>(map: Map<K, V>, limit: number): void {
  while (map.size > limit) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
