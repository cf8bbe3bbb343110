/**
 * A real Redis for tests: Debian's redis-server on a free loopback port, data in a temp folder, the
 * append-only file on so a restart keeps what was written (as a production setup for tokens should).
 * Without redis-server the suites skip with one line, except in CI, where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAVE_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** Call at the top of a suite file; returns whether the suite can run. */
export function requireRedis(suite: string): boolean {
  if (HAVE_REDIS) return true;
  if (process.env.CI === 'true')
    throw new Error(`${suite}: redis-server is not installed (CI must install it: apt-get install -y redis-server)`);
  process.stderr.write(`${suite}: skipped, redis-server is not installed (apt-get install -y redis-server)\n`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, which flushes the append-only file) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'ice-mcp-redis-'));
  const port = await freePort();
  const auth = options.password ? `default:${encodeURIComponent(options.password)}@` : '';
  let child: ChildProcess | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes'];
  if (options.password) args.push('--requirepass', options.password);
  args.push('--appendfsync', 'always', '--daemonize', 'no', '--loglevel', 'warning');

  const start = async (): Promise<void> => {
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => void (output += chunk.toString());
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
      // Quiet log level: readiness is asked for, not read from the log.
      const probe = (): void => {
        const ping = spawnSync(
          'redis-cli',
          ['-p', String(port), ...(options.password ? ['-a', options.password, '--no-auth-warning'] : []), 'ping'],
          {
            encoding: 'utf8',
          },
        );
        if (ping.stdout.trim() === 'PONG') resolve();
        else setTimeout(probe, 20);
      };
      probe();
    });
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
