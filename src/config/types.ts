/** The validated configuration, the commands, and their defaults: what the rest of the server reads. */
export const CONFIRM_MODES = ['auto', 'elicit', 'browser', 'token', 'none'] as const;
export type ConfirmMode = (typeof CONFIRM_MODES)[number];

/** Groups of tools a server can offer (--toolsets); telephony places real phone calls, so only on request. */
export const TOOLSETS = ['calls', 'agents', 'telephony'] as const;
export type Toolset = (typeof TOOLSETS)[number];
export const DEFAULT_TOOLSETS: readonly Toolset[] = ['calls', 'agents'];

export interface HttpOptions {
  host: string;
  port: number;
  stateless: boolean;
  allowedHosts: string[];
  /** Bearer tokens clients may present (one per client or team); one is required when not bound to loopback. */
  tokens: string[];
  maxSessions: number;
  sessionIdleMs: number;
  /** How long a session that only initialized is kept (clients that never send DELETE leave many). */
  sessionGraceMs: number;
  maxBodyBytes: number;
  /** A request's headers and body must arrive within this (a body sent a byte at a time would hold its connection). */
  requestTimeoutMs: number;
  /** How often Node looks for connections past their request or header timeout. */
  connectionsCheckingIntervalMs: number;
  /** Open connections at most; beyond it new ones are closed at once. */
  maxConnections: number;
}

/** What the sandbox's demo data holds, so instructions and completions can name it. */
export interface SandboxDemo {
  agents: { AIAgentId: string; Name?: string }[];
  instances: { InstanceId: string; AIAgentId: string; Status: string; GmtCreate?: string; SessionId?: string }[];
}

export interface Config {
  region: string;
  /** Explicit endpoint (host[:port]); when absent the endpoint follows the region. */
  endpoint?: string;
  protocol: 'https' | 'http';
  timeoutMs: number;
  /** The toolsets offered, in TOOLSETS order. */
  toolsets: Toolset[];
  readOnly: boolean;
  confirm: ConfirmMode;
  confirmTtlMs: number;
  /** How long a person has to decide (elicitation, browser page). */
  confirmTimeoutMs: number;
  /** ICE_MCP_BROWSER: the command that opens the approval page (the URL is appended); else the system browser. */
  browserCommand?: string;
  /** HMAC key for confirmation tokens shared by replicas; random per process when absent. */
  confirmKey?: string;
  auditLog?: string;
  /** Shared store for replicas (used tokens, recently seen instances, SSE events); memory when absent. */
  redisUrl?: string;
  agentIds: string[];
  sandbox: boolean;
  /** Set by the sandbox start (never parsed from flags). */
  sandboxDemo?: SandboxDemo;
  http?: HttpOptions;
}

export type Command =
  | { kind: 'serve'; config: Config }
  | { kind: 'doctor'; config: Config }
  | { kind: 'emulator'; argv: string[] }
  | { kind: 'help' }
  | { kind: 'version' };

/** A start-up problem, reported as one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULTS = {
  region: 'cn-shanghai',
  timeoutMs: 10_000,
  confirmTtlMs: 5 * 60_000,
  confirmTimeoutMs: 10 * 60_000,
  httpHost: '127.0.0.1',
  httpPort: 3000,
  maxSessions: 100,
  sessionIdleMs: 30 * 60_000,
  sessionGraceMs: 60_000,
  maxBodyBytes: 1024 * 1024,
  requestTimeoutMs: 75_000,
  connectionsCheckingIntervalMs: 5_000,
} as const;

/** Each session holds an event stream and a request or two; the rest is room for /healthz and new clients. */
export const maxConnectionsFor = (maxSessions: number): number => 4 * maxSessions + 64;

export const defaultEndpoint = (region: string): string => `ice.${region}.aliyuncs.com`;

/** The endpoint a call to `regionId` goes to. */
export const endpointFor = (config: Pick<Config, 'endpoint'>, regionId: string): string => config.endpoint ?? defaultEndpoint(regionId);
