/** An HTTP MCP server on loopback whose cloud is the emulator, plus real clients and raw requests for it. */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { startEmulator, DEMO_KEYS, DEMO_SEED_PATH, type Emulator, type SeedData } from '../../src/emulator/index.js';
import { parseCommand, type HttpOptions } from '../../src/config/config.js';
import { buildDeps } from '../../src/mcp/deps.js';
import { serveHttp, type HttpServerHandle } from '../../src/http/serve.js';
import type { SessionClock } from '../../src/http/mcp-endpoint.js';
import { iceClientFor, type CallWrapper } from '../helpers/ice.js';

export const TOKEN = 'test-token-0123456789abcdef';

const seed = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as SeedData;
export const AGENT_ID = String(seed.agents[0]?.AIAgentId);
export const AGENT_INSTANCE_COUNT = seed.agents[0]?.instances.length ?? 0;
const instances = seed.agents.flatMap((a) => a.instances.map((i) => ({ id: String(i.InstanceId), status: String(i.Status) })));
export const LIVE_ID = String(instances.find((i) => i.status === 'Executing')?.id);

export interface Fixture {
  emu: Emulator;
  handle: HttpServerHandle;
  /** Everything the server wrote to stderr. */
  logs: string[];
  connect(options?: { token?: string; capabilities?: ClientCapabilities }): Promise<Client>;
  /** Requests the emulator received for one action. */
  sent(action: string): number;
  close(): Promise<void>;
}

export interface FixtureHooks {
  /** Wraps the signed call the ICE client makes (e.g. holdFirst, to keep a call in flight). */
  wrapCall?: CallWrapper;
  /** The session table's clock; with it, sessions expire only when the test calls handle.sweepSessions(). */
  sessionClock?: SessionClock;
}

/**
 * Starts the emulator and the HTTP server (`flags` as on the command line, `http` overriding options).
 * Its ICE client retries without sleeping.
 */
export async function startFixture(flags: string[] = [], http: Partial<HttpOptions> = {}, hooks: FixtureHooks = {}): Promise<Fixture> {
  const emu = await startEmulator();
  const command = parseCommand(['--endpoint', emu.endpoint, '--protocol', 'http', '--http', ...flags], {});
  if (command.kind !== 'serve' || !command.config.http) throw new Error('expected a serve command with --http');
  const logs: string[] = [];
  const key = DEMO_KEYS[0];
  if (!key) throw new Error('no demo keys');
  const credentials = { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret };
  const deps = {
    ...buildDeps(command.config, { log: (line) => void logs.push(line), credentials }),
    ice: iceClientFor(command.config, credentials, hooks.wrapCall),
  };
  const handle = await serveHttp({ ...command.config.http, port: 0, ...http }, deps, hooks.sessionClock);
  const clients: Client[] = [];
  return {
    emu,
    handle,
    logs,
    async connect(options = {}) {
      const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
      const client = new Client({ name: 'http-test', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
      await client.connect(new StreamableHTTPClientTransport(new URL(handle.url), { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    sent: (action) => emu.requests.filter((r) => r.action === action).length,
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      await handle.close();
      await emu.close();
    },
  };
}

type ToolReply = Awaited<ReturnType<Client['callTool']>>;

/** A successful tool result's structuredContent; throws (failing the test) on an error result. */
export function structured(result: ToolReply): Record<string, unknown> {
  if (result.isError) throw new Error(`tool failed: ${JSON.stringify(result.content)}`);
  const content: unknown = result.structuredContent;
  if (typeof content !== 'object' || content === null) throw new Error('the result has no structuredContent');
  return content as Record<string, unknown>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

export const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** One request over node:http, which (unlike fetch) lets a test set any Host header. */
export function raw(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const target = new URL(options.path ?? '', url);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The JSON-RPC messages in a text/event-stream body. */
export const sseMessages = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as unknown);

export { until } from '../helpers/until.js';

/** A clock the test moves by hand: sessions expire only when it sweeps. */
export function manualClock(): { clock: SessionClock; advance: (ms: number) => void } {
  let now = 0;
  return { clock: { now: () => now, sweepEveryMs: 0 }, advance: (ms) => void (now += ms) };
}
