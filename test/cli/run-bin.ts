/** Runs the built bin with a clean environment and collects what it printed. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export const BIN = new URL('../../dist/index.js', import.meta.url).pathname;

/** Nothing from the developer's own setup: no keys, no profile, no home. */
export const cleanEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: '/nonexistent',
  ...extra,
});

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const rpc = (message: Record<string, unknown>): string => `${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`;
/** What a client sends first: initialize, then the initialized notification. */
export const HANDSHAKE =
  rpc({
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '0' } },
  }) + rpc({ method: 'notifications/initialized' });

/**
 * Runs the bin to its end (stdin closed at once), or, with `until`, sends the handshake and ends
 * stdin once stderr matches; under `node` and of `bin` (a copy of dist/index.js) when given.
 */
export async function runBin(args: string[], env = cleanEnv(), until?: RegExp, node = process.execPath, bin = BIN): Promise<Run> {
  const child = spawn(node, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c;
    if (until?.test(stderr)) child.stdin.end();
  });
  if (until) child.stdin.write(HANDSHAKE);
  else child.stdin.end();
  // A bin that hangs is killed rather than left behind when the test gives up on it.
  const hung = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    clearTimeout(hung);
  }
}
