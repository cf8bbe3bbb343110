/** `ice-agent-mcp emulator [--port N] [--seed FILE]`: run the emulator alone until a signal. */
import { DEMO_KEYS } from './keys.js';
import { loadSeed } from './seed.js';
import { startEmulator } from './server.js';
import type { Emulator, SeedData } from './types.js';

const USAGE = `Usage: ice-agent-mcp emulator [--port <0-65535>] [--seed <file.json>]

Runs a local emulator of the Alibaba Cloud ICE AI agent API (2020-11-09) on 127.0.0.1.
  --port <n>     port to listen on (default 0: any free port)
  --seed <file>  seed JSON with agents and instances (default: the bundled demo seed)
  --help         show this help`;

/** Where the CLI writes and what stops it; tests pass their own, the bin uses the defaults. */
export interface CliIo {
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /** Stops the emulator when aborted (in addition to SIGINT and SIGTERM). */
  signal?: AbortSignal;
  /** Called once the emulator is listening. */
  onStarted?: (emulator: Emulator) => void;
}

interface CliOptions {
  port: number;
  seed?: SeedData;
  help: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CliOptions {
  const args = argv[0] === 'emulator' ? argv.slice(1) : [...argv];
  const options: CliOptions = { port: 0, help: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const [flag = '', inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[(i += 1)];
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--port') {
      const raw = value();
      const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer from 0 to 65535, got "${raw}"`);
      options.port = port;
    } else if (flag === '--seed') {
      const file = value();
      try {
        options.seed = loadSeed(file);
      } catch (err) {
        throw new UsageError(`--seed must name a valid seed JSON file: ${(err as Error).message}`);
      }
    } else throw new UsageError(`unknown option "${arg}"; allowed: --port <0-65535>, --seed <file.json>, --help`);
  }
  return options;
}

function banner(emulator: Emulator): string[] {
  const plain = emulator.keys.find((key) => key.securityToken === undefined);
  const lines = [
    `ICE emulator (API 2020-11-09) listening on ${emulator.baseUrl}`,
    `Endpoint: ${emulator.endpoint}   Admin: ${emulator.baseUrl}/_emulator/health`,
    '',
    'Demo keys (local test values, accepted only by this emulator):',
    ...emulator.keys.map((key) =>
      key.securityToken === undefined
        ? `  AccessKey  id=${key.accessKeyId}  secret=${key.accessKeySecret}`
        : `  STS        id=${key.accessKeyId}  secret=${key.accessKeySecret}  token=${key.securityToken}`,
    ),
    '',
    'Environment for ice-agent-mcp (paste into your shell):',
    `  export ICE_ENDPOINT=${emulator.endpoint}`,
    '  export ICE_PROTOCOL=http',
  ];
  if (plain !== undefined) {
    lines.push(
      `  export ALIBABA_CLOUD_ACCESS_KEY_ID=${plain.accessKeyId}`,
      `  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${plain.accessKeySecret}`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return lines;
}

/** Runs until SIGINT/SIGTERM (or io.signal). A bad flag prints one line and sets exit code 2. */
export async function runEmulatorCli(argv: string[], io: CliIo = {}): Promise<void> {
  const out = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`ice-agent-mcp emulator: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    out(USAGE);
    return;
  }
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ port: options.port, keys: DEMO_KEYS, ...(options.seed ? { seed: options.seed } : {}) });
  } catch (error) {
    err(`ice-agent-mcp emulator: cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  for (const line of banner(emulator)) out(line);
  io.onStarted?.(emulator);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted === true) stop();
    else io.signal?.addEventListener('abort', stop);
  });
  await emulator.close();
  err('ice-agent-mcp emulator: stopped');
}
