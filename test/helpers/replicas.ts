/** Replicas of the built server (node dist/index.js --http) on loopback, each on a port of its own. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { DEMO_KEYS } from '../../src/emulator/index.js';

const BIN = new URL('../../dist/index.js', import.meta.url).pathname;
export const SHARED_KEY = 'replica-shared-key-0123456789abcdef';

export interface Replica {
  port: number;
  url: string;
  /** Everything it wrote to stderr (access log, audit lines, store messages). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  endpoint: string;
  flags: string[];
  env?: Record<string, string>;
}

export async function startReplica({ endpoint, flags, env = {} }: ReplicaOptions): Promise<Replica> {
  const key = DEMO_KEYS[0]!;
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--http', '--port', '0', '--endpoint', endpoint, '--protocol', 'http', ...flags],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: '/nonexistent',
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
        ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
        ICE_MCP_CONFIRM_KEY: SHARED_KEY,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const m = /Streamable HTTP on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`replica exited (${code}) before listening: ${stderr}`)));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/mcp`,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const startReplicas = (n: number, options: ReplicaOptions): Promise<Replica[]> =>
  Promise.all(Array.from({ length: n }, () => startReplica(options)));

/** An SDK client over Streamable HTTP. */
export async function connect(url: string, capabilities: ClientCapabilities = {}): Promise<Client> {
  const client = new Client({ name: 'replica-test', version: '1' }, { capabilities });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}
