/** The bin's job: read argv and env, start what they ask for, and stop cleanly. Side effects live here. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ConfigError, parseCommand, type Config } from '../config/config.js';
import { VERSION } from '../config/version.js';
import { hasDesktop } from '../approval/open.js';
import { auditFileProblem } from '../guard/audit.js';
import { buildDeps } from '../mcp/deps.js';
import type { CredentialLike } from '../ice/credentials.js';
import { openStores } from '../store/index.js';
import { connect } from '../mcp/connect.js';
import { createServer } from '../mcp/server.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** What the bin learns of the server's progress. */
export interface Hooks {
  /** The server is up: its client (stdio) or its first client (HTTP) has initialized. May be called again. */
  started?: () => void;
}

/** Runs the command line; resolves with the exit code when the process should end. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: Io = processIo,
  hooks: Hooks = {},
): Promise<number | undefined> {
  let command;
  try {
    command = parseCommand(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (argv[0] === 'doctor') {
      io.stdout(`FAIL  configuration: ${error.message}\n`);
      return 1;
    }
    io.stderr(`ice-agent-mcp: ${error.message}\n`);
    return 2;
  }
  switch (command.kind) {
    case 'help':
      io.stdout((await import('./help.js')).HELP);
      return 0;
    case 'version':
      io.stdout(`${VERSION}\n`);
      return 0;
    case 'emulator': {
      const { runEmulatorCli } = await import('../emulator/index.js');
      await runEmulatorCli(command.argv);
      return undefined;
    }
    case 'doctor': {
      const { runDoctor } = await import('./doctor.js');
      return runDoctor(command.config, io);
    }
    case 'serve': {
      const problem = command.config.auditLog === undefined ? undefined : auditFileProblem(command.config.auditLog);
      if (problem) {
        io.stderr(`ice-agent-mcp: ${problem}\n`);
        return 2;
      }
      return serve(command.config, io, hooks);
    }
  }
}

/** A listen failure as one line; anything else is left to the bin's "failed to start". */
function listenFailure(error: unknown): string | undefined {
  const { code, address, port } = (error ?? {}) as { code?: unknown; address?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') return undefined;
  const where = typeof address === 'string' ? `${address}:${String(port)}` : 'the requested address';
  const why = code === 'EADDRINUSE' ? 'the port is in use; choose another with --port' : `${code}; check --host and --port`;
  return `ice-agent-mcp: cannot listen on ${where}: ${why}\n`;
}

const NOTICE_AFTER_MS = 1_000;

/** The start-up credentials line (credential-line.ts), in the background. */
function credentialLine(credential: CredentialLike, io: Io): void {
  void import('./credential-line.js').then(
    ({ logCredentialSource }) => logCredentialSource(credential, io.stderr),
    (error: unknown) =>
      io.stderr(`ice-agent-mcp: WARNING: the credentials check could not load (${String(error)}); reinstall the package\n`),
  );
}

/** What the person reading the log should know about the confirmation mode. */
function confirmNotices(config: Config): string[] {
  if (config.readOnly) return [];
  if (config.confirm === 'none')
    return ['ice-agent-mcp: WARNING: --confirm none: writes are sent at once, without anyone approving them.\n'];
  if (config.confirm === 'token') {
    return [
      'ice-agent-mcp: --confirm token: a write is sent when the assistant re-calls with a token; that proves a preview, not that a person approved it.\n',
    ];
  }
  return [];
}

async function serve(initial: Config, io: Io, hooks: Hooks): Promise<number | undefined> {
  // First, so an unreachable Redis stops start-up before anything else is running.
  const stores = await openStores(initial.redisUrl, io.stderr);
  await stores.ready();
  const { config, credentials, close } = initial.sandbox
    ? await (await import('./sandbox.js')).withSandbox(initial, io.stderr)
    : { config: initial, credentials: undefined, close: async () => {} };
  const deps = buildDeps(config, {
    log: io.stderr,
    transport: config.http ? 'http' : 'stdio',
    desktop: hasDesktop(process.env, process.platform),
    stores,
    ...(credentials ? { credentials } : {}),
  });
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
    try {
      stopTransport = (await serveHttp(config.http, hooks.started ? { ...deps, onInitialized: hooks.started } : deps)).close;
    } catch (error) {
      // The sandbox emulator would keep the process alive: close it, then report.
      await close().catch(() => {});
      const line = listenFailure(error);
      if (!line) throw error;
      io.stderr(line);
      return 1;
    }
    for (const line of confirmNotices(config)) io.stderr(line);
    credentialLine(deps.credential, io);
    return undefined;
  }
  const server = createServer(deps);
  stopTransport = () => server.close();
  process.stdin.once('end', () => void stop(0));
  process.stdin.once('close', () => void stop(0));
  // The notices and the credentials line (resolving credentials loads their library, ~20 ms) come
  // after the handshake, out of its way; the notices within a second even if no client initializes.
  let noticed = false;
  const notice = (): void => {
    if (noticed) return;
    noticed = true;
    for (const line of confirmNotices(config)) io.stderr(line);
  };
  setTimeout(notice, NOTICE_AFTER_MS).unref();
  server.server.oninitialized = () => {
    notice();
    credentialLine(deps.credential, io);
    hooks.started?.();
  };
  await connect(server, new StdioServerTransport());
  return undefined;
}
