/** Turns the secret corpus (test/fixtures/secret-corpus.json) into emulator seed instances. */
import { readFileSync } from 'node:fs';
import type { SeedData, SeedInstance } from '../../src/emulator/index.js';

export interface SecretEntry {
  id: string;
  place: string;
  form: string;
  data: unknown;
  /** What must never appear in any output. */
  secret: string;
}

export interface OrdinaryEntry {
  id: string;
  path: string[];
  value: unknown;
}

export interface Corpus {
  secrets: SecretEntry[];
  ordinary: OrdinaryEntry[];
}

export const CORPUS_AGENT = 'c0a9e5b1d2f34e6a8b7c9d0e1f2a3b4c';
const KNOWN = '{{ACCESS_KEY_SECRET}}';

/** The corpus, with the placeholder for the server's own AccessKey secret filled in. */
export function loadCorpus(accessKeySecret: string): Corpus {
  const text = readFileSync(new URL('../fixtures/secret-corpus.json', import.meta.url), 'utf8');
  return JSON.parse(text.split(KNOWN).join(accessKeySecret)) as Corpus;
}

type Json = Record<string, unknown>;
const asJsonText = (data: unknown): string => (typeof data === 'string' ? data : JSON.stringify(data));

function blank(n: number): SeedInstance & { AgentConfig: Json; RuntimeConfig: Json } {
  const hex = n.toString(16).padStart(8, '0');
  return {
    InstanceId: `${hex}${'0'.repeat(24)}`,
    Status: 'Executing',
    GmtCreate: new Date(Date.UTC(2025, 6, 18, 6, 0, 0) - n * 1000).toISOString(),
    RuntimeConfig: { AgentUserId: `${hex}aaaa${'1'.repeat(20)}`, ChannelId: `${hex}bbbb${'2'.repeat(20)}` },
    AgentConfig: { Greeting: 'Hello', TtsConfig: { VoiceId: 'longxiaochun_v2' }, LlmConfig: {}, AsrConfig: {} },
  };
}

const group = (instance: { AgentConfig: Json }, name: string): Json => instance.AgentConfig[name] as Json;

/** Puts one planted value where its `place` says, the way the service would return it. */
function plant(instance: ReturnType<typeof blank>, entry: SecretEntry): void {
  const { data } = entry;
  switch (entry.place) {
    case 'UserData':
      instance.UserData = asJsonText(data);
      return;
    case 'BailianAppParams.object':
      group(instance, 'LlmConfig').BailianAppParams = data;
      return;
    case 'BailianAppParams.string':
      group(instance, 'LlmConfig').BailianAppParams = JSON.stringify(data);
      return;
    case 'OpenAIExtraQuery':
      group(instance, 'LlmConfig').OpenAIExtraQuery = data;
      return;
    case 'CustomParams':
      group(instance, 'AsrConfig').CustomParams = data;
      return;
    case 'WorkflowOverrideParams':
    case 'ExperimentalConfig':
      instance.AgentConfig[entry.place] = asJsonText(data);
      return;
    case 'LlmHistory':
      group(instance, 'LlmConfig').LlmHistory = [{ Role: 'user', Content: data }];
      return;
    case 'CallLog':
      instance.callLog = [
        { Role: 'agent', Text: 'Hello' },
        { Event: 'tool_call', Detail: data },
      ];
      return;
    case 'Transcript':
      instance.callLog = [
        { Role: 'agent', Text: 'Hello, how can I help?' },
        { Role: 'user', Text: data },
      ];
      return;
    case 'RuntimeConfig':
      instance.RuntimeConfig = { ...instance.RuntimeConfig, ...(data as Json) };
      return;
    case 'CallInfo':
      instance.CallInfo = { CallerNumber: '+8613800000000', Note: data };
      return;
  }
  throw new Error(`unknown place ${entry.place}`);
}

function setPath(target: Json, path: string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Json;
  at[path[path.length - 1] ?? ''] = value;
}

export const getPath = (source: unknown, path: string[]): unknown =>
  path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Json)[key] : undefined), source);

export interface Planted {
  seed: SeedData;
  /** Instance id per corpus entry id (not for error entries, which are planted as faults). */
  instanceOf: Map<string, string>;
}

export function plantCorpus(corpus: Corpus): Planted {
  const instances: SeedInstance[] = [];
  const instanceOf = new Map<string, string>();
  for (const entry of corpus.secrets) {
    if (entry.place === 'Error') continue;
    const instance = blank(instances.length + 1);
    plant(instance, entry);
    instances.push(instance);
    instanceOf.set(entry.id, instance.InstanceId);
  }
  for (const entry of corpus.ordinary) {
    const instance = blank(instances.length + 1);
    setPath(instance as unknown as Json, entry.path, entry.value);
    instances.push(instance);
    instanceOf.set(entry.id, instance.InstanceId);
  }
  return { seed: { agents: [{ AIAgentId: CORPUS_AGENT, instances }] }, instanceOf };
}
