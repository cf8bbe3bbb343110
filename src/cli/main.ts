/** The bin's job: read argv and env, start what they ask for, and stop cleanly. Side effects live here. */
import { ConfigError, parseCommand, type Config } from '../config/config.js';
import { VERSION } from '../config/version.js';
import { buildDeps } from '../mcp/deps.js';
import { openStores } from '../store/index.js';
import { createServer } from '../mcp/server.js';
import { HELP } from './help.js';
import { withSandbox } from './sandbox.js';

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
      const { runEmulatorCli } = await import('../emulator/index.js');
      await runEmulatorCli(command.argv);
      return undefined;
    }
    case 'serve':
      await serve(command.config, io);
      return undefined;
  }
}

async function serve(initial: Config, io: Io): Promise<void> {
  // First, so an unreachable Redis stops start-up before anything else is running.
  const stores = await openStores(initial.redisUrl, io.stderr);
  await stores.ready();
  const { config, credentials, close } = await withSandbox(initial, io.stderr);
  if (config.confirm === 'none' && !config.readOnly) {
    io.stderr('ice-agent-mcp: WARNING: --confirm none: writes are sent at once, without anyone approving them.\n');
  }
  const deps = buildDeps(config, { log: io.stderr, stores, ...(credentials ? { credentials } : {}) });
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
    const { serveHttp } = await import('../http/serve.js');
    const http = await serveHttp(config.http, deps);
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
