/** Shapes shared by the emulator's modules and its public API. */
import type { AgentInstance, InstanceStatus } from '../ice/types.js';
import type { SeedPhoneNumber, SeedSession, SeedVoiceGroup, StoredDialogue } from './directory.js';

/** A credential the emulator accepts. An STS credential carries its securityToken. */
export interface EmulatorKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * One scripted misbehaviour. It applies to the next `times` ICE API calls of `action` (every
 * action when omitted) and then removes itself. With none of status/code/reset/nonJson/xml/hang set,
 * a fault only adds `latencyMs` and the call proceeds normally.
 */
export interface Fault {
  action?: string;
  times?: number;
  status?: number;
  code?: string;
  message?: string;
  latencyMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Answer with an HTML page (status defaults to 502). */
  nonJson?: boolean;
  /** Answer the error (status, code, message as without it) as an XML body, the way some gateways do. */
  xml?: boolean;
  /** Never answer (the socket is released when the emulator closes). */
  hang?: boolean;
}

/** What the emulator saw of one ICE API request and how it answered (status 0: no answer). */
export interface RecordedRequest {
  time: string;
  action: string;
  params: Record<string, string>;
  accessKeyId?: string;
  status: number;
  code?: string;
  requestId: string;
}

/** One SendAIAgentSpeech call that was accepted. */
export interface SpokenItem {
  time: string;
  Text: string;
  Type: 'Text' | 'AudioUrl';
  EnableInterrupt: boolean;
}

/** One accepted UpdateAIAgentInstance call, with the parsed values it carried. */
export interface UpdateRecord {
  time: string;
  AgentConfig?: Record<string, unknown>;
  TemplateConfig?: Record<string, unknown>;
  UserData?: string;
}

/** An instance as the emulator keeps it. Times are epoch milliseconds. */
export interface StoredInstance {
  InstanceId: string;
  AIAgentId: string;
  Status: InstanceStatus;
  GmtCreate: number;
  GmtModified: number;
  RuntimeConfig: Record<string, unknown>;
  AgentConfig: Record<string, unknown>;
  TemplateConfig: Record<string, unknown>;
  UserData: string;
  SessionId: string;
  CallInfo: Record<string, unknown>;
  /** Call log served by the emulator itself at /call-logs/<InstanceId>.json. */
  callLog?: unknown;
  /** A literal CallLogUrl from the seed, passed through unchanged. */
  externalCallLogUrl?: string;
  speeches: SpokenItem[];
  updates: UpdateRecord[];
}

/** A deep copy of a stored instance, safe for tests to read (and mutate). */
export type InstanceSnapshot = StoredInstance;

/**
 * Seed file format (seed/demo.json is an example):
 * ```
 * { "agents": [ { "AIAgentId": "...", "Name"?: "...", "AgentConfig"?: {...default for Start},
 *                 "notifyConfig"?: {...DescribeNotifyConfig fields}, "instances": [ SeedInstance, ... ] } ],
 *   "sessions"?: [ { "SessionId": "...", "dialogues": [ SeedDialogue, ... ] } ],
 *   "voices"?: [ { "Type": "group", "VoiceList": [ {...voice} ] } ],
 *   "phoneNumbers"?: [ { "PhoneNumber": "...", "Status": 2 } ],
 *   "secrets": ["every secret value planted above", ...] }
 * ```
 */
export interface SeedData {
  agents: SeedAgent[];
  /** Transcripts (ListAIAgentDialogues), by the SessionId instances carry. */
  sessions?: SeedSession[];
  /** The voice catalog (ListSmartVoiceGroups). */
  voices?: SeedVoiceGroup[];
  /** The account's phone numbers (ListAIAgentPhoneNumber; caller numbers of outbound calls). */
  phoneNumbers?: SeedPhoneNumber[];
  /** Every secret string planted in the seed, so tests can scan outputs for leaks. */
  secrets?: string[];
}

export interface SeedAgent {
  AIAgentId: string;
  Name?: string;
  /** Default AgentConfig for instances started with StartAIAgentInstance. */
  AgentConfig?: Record<string, unknown>;
  /** DescribeNotifyConfig's answer for this agent (its Token is a secret). */
  notifyConfig?: Record<string, unknown>;
  instances: SeedInstance[];
}

/** An instance in the seed. `callLog` is served by the emulator; `CallLogUrl` is passed through. */
export interface SeedInstance {
  InstanceId: string;
  Status: InstanceStatus;
  /** ISO 8601 with an offset, e.g. 2025-07-18T06:39:08Z. */
  GmtCreate: string;
  GmtModified?: string;
  SessionId?: string;
  RuntimeConfig?: Record<string, unknown>;
  AgentConfig?: Record<string, unknown>;
  TemplateConfig?: Record<string, unknown>;
  UserData?: string;
  CallInfo?: Record<string, unknown>;
  callLog?: unknown;
  CallLogUrl?: string;
}

export interface StartEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed object or path to a seed JSON file; default: the demo seed. */
  seed?: SeedData | string;
  /** Default: DEMO_KEYS. */
  keys?: EmulatorKey[];
  /** Clock in epoch milliseconds (timestamp checks, creation times). Default Date.now. */
  now?: () => number;
  /** Add InstanceId to List items (the documented shape has none). Default false. */
  listIncludesInstanceId?: boolean;
  /** Oldest entries of `requests` are dropped beyond this many. Default 50,000. */
  maxRecordedRequests?: number;
}

/** Read access to the emulator's instances for tests and tools. */
export interface EmulatorStoreView {
  getInstance(instanceId: string): InstanceSnapshot | undefined;
  listInstances(aiAgentId?: string): InstanceSnapshot[];
  getSpeeches(instanceId: string): SpokenItem[];
  getUpdates(instanceId: string): UpdateRecord[];
  agentIds(): string[];
  size(): number;
  /** Force a status, e.g. to finish an instance in a test. Returns false if unknown. */
  setStatus(instanceId: string, status: InstanceStatus): boolean;
}

export interface Emulator {
  /** "127.0.0.1:PORT", what Config.endpoint takes. */
  endpoint: string;
  /** "http://127.0.0.1:PORT". */
  baseUrl: string;
  keys: EmulatorKey[];
  /** Every ICE API request received, in arrival order (not admin or call-log requests). */
  requests: RecordedRequest[];
  clearRequests(): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Added to every ICE API response. */
  setLatency(ms: number): void;
  /** Bulk-create instances (e.g. 10,000 for benchmarks); returns their ids, newest first. */
  addInstances(aiAgentId: string, count: number, template?: Partial<AgentInstance>): string[];
  store: EmulatorStoreView;
  /** A session's transcript, oldest first (a copy). */
  dialogues(sessionId: string): StoredDialogue[];
  /** Closes the server and every socket, keep-alive and hanging ones too. */
  close(): Promise<void>;
}
