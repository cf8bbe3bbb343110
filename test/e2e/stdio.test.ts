/** The built bin over stdio, as a desktop client runs it, against the emulator on loopback. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startEmulator, DEMO_KEYS, type Emulator } from '../../src/emulator/index.js';
import { allSecrets, demoInstances, liveInstance } from '../helpers/harness.js';
import { defaultToolNames } from '../helpers/tools.js';

const BIN = new URL('../../dist/index.js', import.meta.url).pathname;
const key = DEMO_KEYS[0]!;
/** A clean environment: credentials only from the variables the default chain reads. */
const cleanEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: '/nonexistent',
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
  ...extra,
});

/** Runs the bin to completion with the given stdin; returns its exit code and output. */
async function run(args: string[], input = '', env = cleanEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const rpc = (id: number, method: string, params: unknown = {}) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
const INIT =
  rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } }) +
  `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`;

let emu: Emulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error('dist/index.js is missing: run npm run build');
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('the CLI', () => {
  it('--version and --help print to stdout and exit 0', async () => {
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--confirm <mode>');
  });

  it('a bad flag or variable stops start-up with one line naming it', async () => {
    const flag = await run(['--confirm', 'sometimes']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim().split('\n')).toHaveLength(1);
    expect(flag.stderr).toMatch(/--confirm.*auto, elicit, browser, token, none/);
    expect(flag.stdout).toBe('');
    const variable = await run([], '', cleanEnv({ ICE_PROTOCOL: 'gopher' }));
    expect(variable.code).toBe(2);
    expect(variable.stderr).toMatch(/ICE_PROTOCOL must be one of https, http/);
  });

  it('an --audit-log that cannot be written stops start-up: no write may go out unaudited', async () => {
    const audit = await run(['--audit-log', '/nonexistent-dir/ice-audit.log']);
    expect(audit.code).toBe(2);
    expect(audit.stderr.trim().split('\n')).toHaveLength(1);
    expect(audit.stderr).toMatch(/--audit-log \/nonexistent-dir\/ice-audit\.log cannot be written \(ENOENT\)/);
    expect(audit.stdout).toBe('');
  });

  it('stdout carries only JSON-RPC, and the server exits 0 when stdin closes', async () => {
    // Two odd-but-valid JSON argument objects too: each must come back as a tool result, not a JSON-RPC error.
    const oddArguments = [
      '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"ice_list_agent_instances","arguments":{"AIAgentId":"a","constructor":[]}}}',
      '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"ice_list_agent_instances","arguments":{"AIAgentId":"a","__proto__":{"PageSize":500}}}}',
    ].join('\n');
    const input =
      INIT +
      rpc(2, 'tools/list') +
      `${oddArguments}\n` +
      rpc(3, 'tools/call', { name: 'ice_describe_agent_instance', arguments: { InstanceId: liveInstance() } });
    const env = cleanEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret });
    const child = spawn(process.execPath, [BIN, '--endpoint', emu.endpoint, '--protocol', 'http'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stdin.write(input);
    // close stdin only once the last answer is in
    await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('"id":3') && resolve()));
    child.stdin.end();
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const messages = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result?: CallToolResult; error?: unknown });
    expect(messages.map((m) => m.id).sort()).toEqual([1, 2, 3, 4, 5]);
    for (const message of messages) expect(message).toMatchObject({ jsonrpc: '2.0' });
    const byId = new Map(messages.map((m) => [m.id, m]));
    expect(byId.get(3)!.result!.isError).toBeFalsy();
    for (const [id, key] of [
      [4, 'constructor'],
      [5, '__proto__'],
    ] as const) {
      expect(byId.get(id)!.error).toBeUndefined();
      expect(byId.get(id)!.result).toMatchObject({ isError: true });
      expect(JSON.stringify(byId.get(id)!.result)).toContain(key);
    }
  });

  it('warns on stderr when writes are not confirmed', async () => {
    const { code, stderr } = await run(['--confirm', 'none'], INIT);
    expect(code).toBe(0);
    expect(stderr).toMatch(/WARNING: --confirm none: writes are sent at once/);
    const quiet = await run(['--confirm', 'token'], INIT);
    expect(quiet.stderr).not.toContain('WARNING: --confirm none');
  });

  it('exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write(INIT);
    await once(child.stdout, 'data');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});

describe('a full session through the SDK client over stdio', () => {
  it('lists, describes, previews and confirms an update, speaks, and refuses bad input', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, '--endpoint', emu.endpoint, '--protocol', 'http', '--confirm', 'token'],
      env: cleanEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret }),
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (c: Buffer) => (stderr += c));
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transport);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
    try {
      expect((await client.listTools()).tools).toHaveLength(defaultToolNames().length);
      const instance = liveInstance();
      const agent = demoInstances().find((i) => i.InstanceId === instance)!.AIAgentId;
      const list = await call('ice_list_agent_instances', { AIAgentId: agent });
      expect((list.structuredContent as { Count: number }).Count).toBeGreaterThan(0);
      const update = { InstanceId: instance, AgentConfig: { Greeting: 'Welcome back!' } };
      const preview = await call('ice_update_agent_instance', update);
      expect(preview.structuredContent).toMatchObject({ status: 'confirmation_required' });
      expect(emu.requests.filter((r) => r.action === 'UpdateAIAgentInstance')).toHaveLength(0);
      const token = (preview.structuredContent as { confirmationToken: string }).confirmationToken;
      const done = await call('ice_update_agent_instance', { ...update, ConfirmationToken: token });
      expect(done.structuredContent).toMatchObject({ status: 'executed' });
      expect(emu.store.getInstance(instance)!.AgentConfig.Greeting).toBe('Welcome back!');
      const invalid = await call('ice_send_agent_speech', { InstanceId: instance, Text: 'x'.repeat(1025) });
      expect(invalid.isError).toBe(true);
      expect(stderr).toContain('"outcome":"executed"');
      for (const secret of [...allSecrets(), key.accessKeySecret]) expect(stderr).not.toContain(secret);
    } finally {
      await client.close();
    }
  });
});
