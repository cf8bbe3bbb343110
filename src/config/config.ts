/** Command line and environment, validated once into a Config. Pure: argv and env are passed in. */
import { parseArgs } from 'node:util';
import { isLoopback } from '../util/net.js';
import { joinNegativeValues } from './argv.js';
import { REGION_ID } from '../util/time.js';

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

const ENDPOINT = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

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
} as const;

export const defaultEndpoint = (region: string): string => `ice.${region}.aliyuncs.com`;

/** The endpoint a call to `regionId` goes to. */
export const endpointFor = (config: Pick<Config, 'endpoint'>, regionId: string): string => config.endpoint ?? defaultEndpoint(regionId);

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

/** A comma-separated list of toolsets; `all` means every one. */
function toolsets(value: string): Toolset[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const allowed = `${TOOLSETS.join(', ')}, all`;
  if (names.length === 0) throw new ConfigError(`--toolsets / ICE_MCP_TOOLSETS must name at least one of ${allowed} (got "${value}")`);
  const unknown = names.find((name) => name !== 'all' && !(TOOLSETS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new ConfigError(`--toolsets / ICE_MCP_TOOLSETS: unknown toolset "${unknown}"; allowed: ${allowed}`);
  return TOOLSETS.filter((set) => names.includes('all') || names.includes(set));
}

function bool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.toLowerCase();
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

const OPTIONS = {
  region: { type: 'string' },
  endpoint: { type: 'string' },
  protocol: { type: 'string' },
  'timeout-ms': { type: 'string' },
  toolsets: { type: 'string' },
  'read-only': { type: 'boolean' },
  confirm: { type: 'string' },
  'confirm-ttl-ms': { type: 'string' },
  'confirm-timeout-ms': { type: 'string' },
  'audit-log': { type: 'string' },
  http: { type: 'boolean' },
  host: { type: 'string' },
  port: { type: 'string' },
  stateless: { type: 'boolean' },
  'allowed-hosts': { type: 'string' },
  sandbox: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export const FLAG_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`);
const VALUED = new Set(
  Object.entries(OPTIONS)
    .filter(([, option]) => option.type === 'string')
    .map(([name]) => `--${name}`),
);

/** Parses argv (without node and script) and env into what the process should do. */
export function parseCommand(argv: string[], env: Record<string, string | undefined>): Command {
  if (argv[0] === 'emulator') return { kind: 'emulator', argv: argv.slice(1) };
  if (argv[0] === 'doctor') {
    // The doctor checks the configuration exactly as the server would parse it.
    const command = parseFlags(argv.slice(1), env);
    return command.kind === 'serve' ? { kind: 'doctor', config: command.config } : command;
  }
  return parseFlags(argv, env);
}

function parseFlags(argv: string[], env: Record<string, string | undefined>): Command {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    ({ values } = parseArgs({ args: joinNegativeValues(argv, VALUED), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    const detail = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(/\.$/, '');
    throw new ConfigError(`${detail}; allowed options: ${FLAG_NAMES.join(' ')} (or the "emulator" or "doctor" command)`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const region = values.region ?? env.ICE_REGION ?? env.ALIBABA_CLOUD_REGION_ID ?? DEFAULTS.region;
  if (!REGION_ID.test(region)) throw new ConfigError(`--region / ICE_REGION must look like cn-shanghai (got "${region}")`);
  const endpoint = values.endpoint ?? env.ICE_ENDPOINT ?? undefined;
  if (endpoint !== undefined && !ENDPOINT.test(endpoint)) {
    throw new ConfigError(`--endpoint / ICE_ENDPOINT must be host[:port] without a scheme (got "${endpoint}")`);
  }
  const protocol = oneOf('--protocol / ICE_PROTOCOL', values.protocol ?? env.ICE_PROTOCOL ?? 'https', ['https', 'http'] as const);
  const timeoutMs = integer(
    '--timeout-ms / ICE_TIMEOUT_MS',
    values['timeout-ms'] ?? env.ICE_TIMEOUT_MS ?? String(DEFAULTS.timeoutMs),
    100,
    600_000,
  );
  const offered = toolsets(values.toolsets ?? env.ICE_MCP_TOOLSETS ?? DEFAULT_TOOLSETS.join(','));
  const readOnly = values['read-only'] ?? bool('ICE_MCP_READ_ONLY', env.ICE_MCP_READ_ONLY) ?? false;
  const confirm = oneOf('--confirm / ICE_MCP_CONFIRM', values.confirm ?? env.ICE_MCP_CONFIRM ?? 'auto', CONFIRM_MODES);
  const confirmTtlMs = integer(
    '--confirm-ttl-ms / ICE_MCP_CONFIRM_TTL_MS',
    values['confirm-ttl-ms'] ?? env.ICE_MCP_CONFIRM_TTL_MS ?? String(DEFAULTS.confirmTtlMs),
    1_000,
    24 * 3_600_000,
  );
  const confirmTimeoutMs = integer(
    '--confirm-timeout-ms / ICE_MCP_CONFIRM_TIMEOUT_MS',
    values['confirm-timeout-ms'] ?? env.ICE_MCP_CONFIRM_TIMEOUT_MS ?? String(DEFAULTS.confirmTimeoutMs),
    1_000,
    24 * 3_600_000,
  );
  const browserCommand = env.ICE_MCP_BROWSER?.trim() || undefined;
  const confirmKey = env.ICE_MCP_CONFIRM_KEY || undefined;
  if (confirmKey !== undefined && confirmKey.length < 16) {
    throw new ConfigError('ICE_MCP_CONFIRM_KEY must be at least 16 characters');
  }
  const redisUrl = env.ICE_MCP_REDIS_URL || undefined;
  // Never echo the URL: it may carry a password.
  if (redisUrl !== undefined && !/^rediss?:\/\/[^/?#\s]+/.test(redisUrl)) {
    throw new ConfigError('ICE_MCP_REDIS_URL must be a redis:// or rediss:// URL (redis://[user:password@]host[:port][/db])');
  }
  if (confirmKey !== undefined && redisUrl === undefined && confirm === 'token') {
    throw new ConfigError(
      'ICE_MCP_CONFIRM_KEY is shared by replicas, and without ICE_MCP_REDIS_URL each would accept a token the others already used (replay across replicas): set ICE_MCP_REDIS_URL, or unset the key',
    );
  }
  const agentIds = (env.ICE_AGENT_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The variable is the MCP Bundle's switch: a bundle can set variables, not add flags.
  const sandbox = values.sandbox ?? bool('ICE_MCP_SANDBOX', env.ICE_MCP_SANDBOX) ?? false;
  if (sandbox && (values.endpoint !== undefined || values.protocol !== undefined)) {
    throw new ConfigError('--sandbox runs its own emulator; it cannot be combined with --endpoint or --protocol');
  }

  const httpOnly = ['host', 'port', 'stateless', 'allowed-hosts'] as const;
  const stray = httpOnly.find((name) => values[name] !== undefined);
  if (!values.http && stray) throw new ConfigError(`--${stray} needs --http`);

  const config: Config = {
    region,
    ...(endpoint ? { endpoint } : {}),
    protocol,
    timeoutMs,
    toolsets: offered,
    readOnly,
    confirm,
    confirmTtlMs,
    confirmTimeoutMs,
    ...(browserCommand ? { browserCommand } : {}),
    ...(confirmKey ? { confirmKey } : {}),
    ...(values['audit-log'] ? { auditLog: values['audit-log'] } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    agentIds,
    sandbox,
  };
  if (values.http) config.http = httpOptions(values, env);
  return { kind: 'serve', config };
}

function httpOptions(
  values: { host?: string; port?: string; stateless?: boolean; 'allowed-hosts'?: string },
  env: Record<string, string | undefined>,
): HttpOptions {
  const host = values.host ?? DEFAULTS.httpHost;
  const port = integer('--port', values.port ?? String(DEFAULTS.httpPort), 0, 65_535);
  // Several tokens (comma-separated) give each client or team its own identity: sessions and the
  // recently seen instances belong to the token that opened or saw them.
  const tokens = (env.ICE_MCP_HTTP_TOKEN ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!isLoopback(host) && tokens.length === 0) {
    throw new ConfigError(`--host ${host} is reachable from other machines: set ICE_MCP_HTTP_TOKEN (a bearer token) or bind 127.0.0.1`);
  }
  if (tokens.some((t) => t.length < 16)) throw new ConfigError('ICE_MCP_HTTP_TOKEN: each token must be at least 16 characters');
  const allowedHosts = (values['allowed-hosts'] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return {
    host,
    port,
    stateless: values.stateless ?? false,
    allowedHosts,
    tokens,
    maxSessions: integer('ICE_MCP_HTTP_MAX_SESSIONS', env.ICE_MCP_HTTP_MAX_SESSIONS ?? String(DEFAULTS.maxSessions), 1, 100_000),
    sessionIdleMs: integer(
      'ICE_MCP_HTTP_SESSION_IDLE_MS',
      env.ICE_MCP_HTTP_SESSION_IDLE_MS ?? String(DEFAULTS.sessionIdleMs),
      1_000,
      86_400_000,
    ),
    sessionGraceMs: integer(
      'ICE_MCP_HTTP_SESSION_GRACE_MS',
      env.ICE_MCP_HTTP_SESSION_GRACE_MS ?? String(DEFAULTS.sessionGraceMs),
      1_000,
      86_400_000,
    ),
    maxBodyBytes: DEFAULTS.maxBodyBytes,
  };
}
