/** A real MCP client wired in memory to a server whose cloud is the emulator on loopback. */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import {
  startEmulator,
  DEMO_KEYS,
  DEMO_SEED_PATH,
  type Emulator,
  type SeedData,
  type StartEmulatorOptions,
} from '../../src/emulator/index.js';
import { parseCommand, type Config } from '../../src/config/config.js';
import { buildDeps, type ServerDeps } from '../../src/mcp/deps.js';
import { connect } from '../../src/mcp/connect.js';
import { createServer } from '../../src/mcp/server.js';
import { createAuditSink } from '../../src/guard/audit.js';
import { iceClientFor, type CallWrapper } from './ice.js';
import { until } from './until.js';

export const demoSeed = (): SeedData => JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as SeedData;

/** Every secret a test must never see in an output: the seed's own list plus the demo keys. */
export function allSecrets(): string[] {
  const seed = demoSeed() as SeedData & { secrets?: string[] };
  const keys = DEMO_KEYS.flatMap((k) => [k.accessKeySecret, ...(k.securityToken ? [k.securityToken] : [])]);
  return [...(seed.secrets ?? []), ...keys];
}

/** Instances of the demo seed, with the agent each belongs to. */
export function demoInstances(): { AIAgentId: string; InstanceId: string; Status: string }[] {
  return demoSeed().agents.flatMap((agent) =>
    agent.instances.map((i) => ({ AIAgentId: agent.AIAgentId, InstanceId: String(i.InstanceId), Status: String(i.Status) })),
  );
}

export const liveInstance = (): string => {
  const found = demoInstances().find((i) => i.Status === 'Executing');
  if (!found) throw new Error('the demo seed has no Executing instance');
  return found.InstanceId;
};
export const finishedInstance = (): string => {
  const found = demoInstances().find((i) => i.Status === 'Finished');
  if (!found) throw new Error('the demo seed has no Finished instance');
  return found.InstanceId;
};

export interface Harness {
  client: Client;
  emu: Emulator;
  config: Config;
  /** Everything the server wrote to its log (stderr in the bin), audit lines included. */
  logs: string[];
  audit: () => Record<string, unknown>[];
  /**
   * Errors the server's protocol layer reported, e.g. a response to a request it no longer waits for:
   * the event that says a late answer has arrived and been dropped.
   */
  protocolErrors: Error[];
  call: (name: string, args: Record<string, unknown>) => Promise<CallToolResult>;
  /** Requests the emulator received for one action. */
  requests: (action: string) => Emulator['requests'];
  close: () => Promise<void>;
}

export interface HarnessOptions {
  flags?: string[];
  env?: Record<string, string>;
  capabilities?: ClientCapabilities;
  emulator?: StartEmulatorOptions;
  deps?: Partial<ServerDeps>;
  /** Wraps the signed call the ICE client makes (to hold a call in flight, or to vary the timeout). */
  wrapCall?: CallWrapper;
  /** The audit sink's clock (default: the real one). */
  auditClock?: () => Date;
  /** Set up client handlers (e.g. elicitation) before connecting. */
  beforeConnect?: (client: Client) => void;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emu = await startEmulator(options.emulator);
  const command = parseCommand(['--endpoint', emu.endpoint, '--protocol', 'http', ...(options.flags ?? [])], options.env ?? {});
  if (command.kind !== 'serve') throw new Error('expected a serve command');
  const logs: string[] = [];
  const key = DEMO_KEYS[0];
  if (!key) throw new Error('no demo key');
  const credentials = { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret };
  const deps = buildDeps(command.config, { log: (line) => void logs.push(line), credentials });
  const server = createServer({
    ...deps,
    ice: iceClientFor(command.config, credentials, options.wrapCall),
    audit: createAuditSink((line) => void logs.push(line), command.config.auditLog, options.auditClock),
    ...options.deps,
  });
  const protocolErrors: Error[] = [];
  server.server.onerror = (error) => void protocolErrors.push(error);
  const client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
  options.beforeConnect?.(client);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([connect(server, serverSide), client.connect(clientSide)]);
  await client.listTools(); // the SDK client validates structuredContent only after it has seen the tools
  return {
    client,
    emu,
    config: command.config,
    logs,
    protocolErrors,
    audit: () =>
      logs
        .flatMap((chunk) => chunk.split('\n'))
        .filter((line) => line.startsWith('{"time"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    call: async (name, args) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    requests: (action) => emu.requests.filter((r) => r.action === action),
    close: async () => {
      await client.close();
      await server.close();
      await emu.close();
    },
  };
}

/** Waits until the server has received a response to a request it had already given up on. */
/** Runs `body` against a harness of its own, closed afterwards whatever happens. */
export async function withHarness(options: HarnessOptions, body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness(options);
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

export async function lateAnswerDropped(h: Harness): Promise<void> {
  await until(() => h.protocolErrors.some((e) => e.message.includes('unknown message ID')));
}

/** The text of a result's first content item. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === 'text' ? first.text : '';
}
