/** The emulator's instances: seeded, started, updated; indexed by agent, newest first. */
import type { AgentInstance, InstanceStatus } from '../ice/types.js';
import { deepMerge, isPlainObject } from './merge.js';
import { blankInstance, fromSeed } from './instance-records.js';
import type { EmulatorStoreView, InstanceSnapshot, SeedData, SpokenItem, StoredInstance, UpdateRecord } from './types.js';

const STATUSES: readonly string[] = ['Created', 'Executing', 'Finished'];

export interface NewInstanceInput {
  RuntimeConfig?: Record<string, unknown>;
  AgentConfig?: Record<string, unknown>;
  TemplateConfig?: Record<string, unknown>;
  UserData?: string;
}

export class InstanceStore implements EmulatorStoreView {
  private readonly instances = new Map<string, StoredInstance>();
  private readonly byAgent = new Map<string, StoredInstance[]>();
  private readonly unsorted = new Set<string>();
  private readonly agentDefaults = new Map<string, Record<string, unknown>>();

  constructor(private readonly now: () => number) {}

  loadSeed(seed: SeedData): void {
    for (const agent of seed.agents) {
      this.agentDefaults.set(agent.AIAgentId, agent.AgentConfig ?? {});
      if (!this.byAgent.has(agent.AIAgentId)) this.byAgent.set(agent.AIAgentId, []);
      for (const item of agent.instances) this.insert(fromSeed(agent.AIAgentId, item));
    }
  }

  /** Live record (callers must replace nested objects, never edit them). */
  get(instanceId: string): StoredInstance | undefined {
    return this.instances.get(instanceId);
  }

  /** The agent's instances created within [from, to], newest first, `limit` from `offset`. */
  page(aiAgentId: string, from: number, to: number, offset: number, limit: number): StoredInstance[] {
    const all = this.sorted(aiAgentId);
    if (limit === 0) return [];
    const out: StoredInstance[] = [];
    let skipped = 0;
    for (const instance of all) {
      if (instance.GmtCreate > to) continue;
      if (instance.GmtCreate < from) break;
      if (skipped < offset) {
        skipped += 1;
        continue;
      }
      out.push(instance);
      if (out.length === limit) break;
    }
    return out;
  }

  /** StartAIAgentInstance: a new Executing instance with generated channel credentials. */
  create(aiAgentId: string, input: NewInstanceInput): StoredInstance {
    const now = this.now();
    const instance = blankInstance(aiAgentId, now, 'Executing', this.agentDefaults.get(aiAgentId));
    if (input.RuntimeConfig !== undefined) instance.RuntimeConfig = deepMerge(instance.RuntimeConfig, input.RuntimeConfig);
    if (input.AgentConfig !== undefined) instance.AgentConfig = deepMerge(instance.AgentConfig, input.AgentConfig);
    if (input.TemplateConfig !== undefined) instance.TemplateConfig = input.TemplateConfig;
    if (input.UserData !== undefined) instance.UserData = input.UserData;
    this.insert(instance);
    return instance;
  }

  /** Bulk generation for benchmarks: ids come back newest first, one second apart. */
  addGenerated(aiAgentId: string, count: number, template: Partial<AgentInstance> = {}): string[] {
    const base =
      typeof template.GmtCreate === 'string' && !Number.isNaN(Date.parse(template.GmtCreate)) ? Date.parse(template.GmtCreate) : this.now();
    const status =
      typeof template.Status === 'string' && STATUSES.includes(template.Status) ? (template.Status as InstanceStatus) : 'Executing';
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const instance = blankInstance(aiAgentId, base - i * 1000, status, this.agentDefaults.get(aiAgentId));
      if (isPlainObject(template.RuntimeConfig)) instance.RuntimeConfig = template.RuntimeConfig;
      if (isPlainObject(template.AgentConfig)) instance.AgentConfig = template.AgentConfig;
      if (isPlainObject(template.TemplateConfig)) instance.TemplateConfig = template.TemplateConfig;
      if (isPlainObject(template.CallInfo)) instance.CallInfo = template.CallInfo;
      if (typeof template.UserData === 'string') instance.UserData = template.UserData;
      if (typeof template.SessionId === 'string') instance.SessionId = template.SessionId;
      if (typeof template.CallLogUrl === 'string') instance.externalCallLogUrl = template.CallLogUrl;
      this.insert(instance);
      ids.push(instance.InstanceId);
    }
    return ids;
  }

  // --- read-only view for tests (deep copies) ---

  getInstance(instanceId: string): InstanceSnapshot | undefined {
    const instance = this.instances.get(instanceId);
    return instance === undefined ? undefined : structuredClone(instance);
  }

  listInstances(aiAgentId?: string): InstanceSnapshot[] {
    const source = aiAgentId === undefined ? [...this.instances.values()] : this.sorted(aiAgentId);
    return source.map((instance) => structuredClone(instance));
  }

  getSpeeches(instanceId: string): SpokenItem[] {
    return structuredClone(this.instances.get(instanceId)?.speeches ?? []);
  }

  getUpdates(instanceId: string): UpdateRecord[] {
    return structuredClone(this.instances.get(instanceId)?.updates ?? []);
  }

  agentIds(): string[] {
    return [...this.byAgent.keys()];
  }

  size(): number {
    return this.instances.size;
  }

  setStatus(instanceId: string, status: InstanceStatus): boolean {
    const instance = this.instances.get(instanceId);
    if (instance === undefined) return false;
    instance.Status = status;
    instance.GmtModified = this.now();
    return true;
  }

  private insert(instance: StoredInstance): void {
    if (this.instances.has(instance.InstanceId)) throw new Error(`Duplicate InstanceId ${instance.InstanceId}`);
    this.instances.set(instance.InstanceId, instance);
    const list = this.byAgent.get(instance.AIAgentId);
    if (list === undefined) this.byAgent.set(instance.AIAgentId, [instance]);
    else list.push(instance);
    this.unsorted.add(instance.AIAgentId);
  }

  private sorted(aiAgentId: string): StoredInstance[] {
    const list = this.byAgent.get(aiAgentId) ?? [];
    if (this.unsorted.delete(aiAgentId)) list.sort((a, b) => b.GmtCreate - a.GmtCreate);
    return list;
  }
}
