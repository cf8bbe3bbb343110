/** The bin's job: read argv and env, start what they ask for, and stop cleanly. Side effects live here. */
import { ConfigError, endpointFor, parseCommand, type Config } from './config.js';
import { createIceClient } from './ice/client.js';
import { createOpenApiCaller, type StaticCredentials } from './ice/openapi-caller.js';
import { createCallLogFetcher } from './resources/call-log.js';
import { addKnownSecrets } from './redact.js';
import { createServer, type ServerDeps } from './server.js';
import { VERSION } from './version.js';

const HELP = `ice-agent-mcp ${VERSION}: MCP server for Alibaba Cloud ICE AI agent instances

Usage:
  ice-agent-mcp [options]                 MCP server on stdio (the default)
  ice-agent-mcp emulator [--port N] [--seed FILE]
                                          run the ICE emulator alone (prints endpoint and demo keys)
  ice-agent-mcp --help | --version

Options:
  --region <id>                ICE_REGION, else ALIBABA_CLOUD_REGION_ID, else cn-shanghai
  --endpoint <host[:port]>     ICE_ENDPOINT, else ice.<region>.aliyuncs.com
  --protocol <https|http>      ICE_PROTOCOL, else https
  --timeout-ms <n>             ICE_TIMEOUT_MS, else 10000 (connect and read)
  --read-only                  ICE_MCP_READ_ONLY=true: write tools are not offered
  --confirm <mode>             ICE_MCP_CONFIRM: auto (default), elicit, token or none
  --confirm-ttl-ms <n>         ICE_MCP_CONFIRM_TTL_MS: confirmation token lifetime, else 300000
  --audit-log <file>           also append the write audit lines to this file
  --http                       serve Streamable HTTP at /mcp instead of stdio
    --host <addr>              default 127.0.0.1 (other addresses need ICE_MCP_HTTP_TOKEN)
    --port <n>                 default 3000
    --stateless                no sessions (writes then use token confirmation)
    --allowed-hosts <a,b>      extra Host/Origin names accepted (DNS-rebinding protection)
  --sandbox                    start the built-in emulator with demo data and use it (no account needed)

Credentials come from the Alibaba Cloud default chain (environment variables, OIDC, the aliyun CLI
profile, ~/.alibabacloud/credentials, the ECS instance role). Secrets are never accepted as flags.
Other variables: ICE_AGENT_IDS (completion hints), ICE_MCP_CONFIRM_KEY (token key shared by replicas),
ICE_MCP_HTTP_TOKEN (bearer token for --http), ICE_MCP_HTTP_MAX_SESSIONS (default 100),
ICE_MCP_HTTP_SESSION_IDLE_MS (default 1800000).
`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Runs the command line; resolves with the exit code when the process should end. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Io = processIo): Promise<number | undefined> {
  let command;
  try {
    command = parseCommand(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`ice-agent-mcp: ${error.message}\n`);
    return 2;
  }
  switch (command.kind) {
    case 'help':
      io.stdout(HELP);
      return 0;
    case 'version':
      io.stdout(`${VERSION}\n`);
      return 0;
    case 'emulator': {
      const { runEmulatorCli } = await import('./emulator/index.js');
      await runEmulatorCli(command.argv);
      return undefined;
    }
    case 'serve':
      await serve(command.config, io);
      return undefined;
  }
}

/** Starts the sandbox emulator when asked, and returns the config pointed at it. */
async function prepare(config: Config, io: Io): Promise<{ config: Config; credentials?: StaticCredentials; close: () => Promise<void> }> {
  if (!config.sandbox) return { config, close: async () => {} };
  const { startEmulator, DEMO_KEYS } = await import('./emulator/index.js');
  const emulator = await startEmulator();
  const keys = DEMO_KEYS[0];
  if (!keys) throw new Error('the emulator has no demo keys');
  io.stderr(
    [
      '************************************************************************',
      '*  SANDBOX MODE: talking to the built-in ICE emulator with demo data,  *',
      '*  not to Alibaba Cloud. Nothing here touches a real agent or account. *',
      '************************************************************************',
      `   emulator endpoint: http://${emulator.endpoint}`,
      '',
    ].join('\n'),
  );
  return {
    config: { ...config, endpoint: emulator.endpoint, protocol: 'http' },
    credentials: { accessKeyId: keys.accessKeyId, accessKeySecret: keys.accessKeySecret },
    close: () => emulator.close(),
  };
}

/** Everything a server needs, built from the config. Shared by every session of one process. */
export function buildDeps(config: Config, io: Io, credentials?: StaticCredentials): ServerDeps {
  if (credentials) addKnownSecrets([credentials.accessKeySecret, credentials.securityToken]);
  const ice = createIceClient({
    call: createOpenApiCaller({ protocol: config.protocol, timeoutMs: config.timeoutMs, ...(credentials ? { credentials } : {}) }),
    region: config.region,
    endpointFor: (regionId) => endpointFor(config, regionId),
  });
  const fetchCallLog = createCallLogFetcher({
    protocol: config.protocol,
    endpoint: endpointFor(config, config.region),
    timeoutMs: config.timeoutMs,
  });
  return { config, ice, fetchCallLog, log: io.stderr };
}

async function serve(initial: Config, io: Io): Promise<void> {
  const { config, credentials, close } = await prepare(initial, io);
  if (config.confirm === 'none' && !config.readOnly) {
    io.stderr('ice-agent-mcp: WARNING: --confirm none: writes are sent at once, without anyone approving them.\n');
  }
  const deps = buildDeps(config, io, credentials);
  let stopping = false;
  let stopTransport: () => Promise<void> = async () => {};
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await stopTransport().catch(() => {});
    await close().catch(() => {});
    process.exit(code);
  };
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));

  if (config.http) {
    const { serveHttp } = await import('./http/serve.js');
    const http = await serveHttp(config.http, deps, io);
    stopTransport = http.close;
    return;
  }
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const server = createServer(deps);
  stopTransport = () => server.close();
  process.stdin.once('end', () => void stop(0));
  process.stdin.once('close', () => void stop(0));
  await server.connect(new StdioServerTransport());
}
