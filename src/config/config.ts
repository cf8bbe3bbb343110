/** Command line and environment, validated once into a Config. Pure: argv and env are passed in. */
import { FlagError, parseFlagWords, type FlagSpec } from './argv.js';
import { REGION_ID } from '../util/time.js';
import { httpOptions } from './http-options.js';
import { ConfigError, CONFIRM_MODES, DEFAULTS, DEFAULT_TOOLSETS, type Command, type Config } from './types.js';
import { bool, integer, oneOf, toolsets } from './values.js';

export * from './types.js';

const ENDPOINT = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

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
} as const satisfies Record<string, FlagSpec>;

export const FLAG_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`);

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
  let values: ReturnType<typeof parseFlagWords<typeof OPTIONS>>;
  try {
    values = parseFlagWords(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    throw new ConfigError(`${error.message}; allowed options: ${FLAG_NAMES.join(' ')} (or the "emulator" or "doctor" command)`);
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
  // Read by the entry before anything else (src/cli/code-cache.ts, whose OFF lists the values that
  // turn it off, case aside), which cannot refuse anything: checked here.
  if (env.ICE_MCP_CODE_CACHE) {
    oneOf('ICE_MCP_CODE_CACHE', env.ICE_MCP_CODE_CACHE.toLowerCase(), ['on', 'off', 'true', 'false', '1', '0', 'yes', 'no']);
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
