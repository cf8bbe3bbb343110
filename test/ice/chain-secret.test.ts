/**
 * The secret of whatever credential provider answered is scrubbed like explicit keys: here the
 * default chain reads it from the environment, and a cloud error quoting it comes back redacted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseCommand } from '../../src/config/config.js';
import { DEMO_KEYS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { buildDeps } from '../../src/mcp/deps.js';
import { connect } from '../../src/mcp/connect.js';
import { createServer } from '../../src/mcp/server.js';
import { liveInstance } from '../helpers/harness.js';

// A secret with no shape a rule would catch (plain words): only knowing the value can hide it.
const key = { accessKeyId: 'LTAIchainsecrettest01', accessKeySecret: 'correct horse battery staple' };
const saved = { id: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID, secret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET };
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ keys: [{ ...DEMO_KEYS[0]!, ...key }] });
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = key.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = key.accessKeySecret;
});
afterAll(async () => {
  for (const [name, value] of [
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', saved.id],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', saved.secret],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await emu.close();
});

it('a cloud error that quotes the AccessKey secret found by the default chain shows [redacted]', async () => {
  const command = parseCommand(['--endpoint', emu.endpoint, '--protocol', 'http'], {});
  if (command.kind !== 'serve') throw new Error('expected serve');
  const server = createServer(buildDeps(command.config, { log: () => {} })); // no explicit keys: the chain
  const client = new Client({ name: 'chain-secret', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([connect(server, a), client.connect(b)]);
  // The first call resolves the credential through the chain; the second fails quoting its secret.
  expect((await client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: liveInstance() } })).isError).toBeFalsy();
  emu.injectFault({
    action: 'DescribeAIAgentInstance',
    status: 400,
    code: 'InvalidParameter',
    message: `bad key ${key.accessKeySecret} rejected`,
    times: 1,
  });
  const failed = (await client.callTool({
    name: 'ice_describe_agent_instance',
    arguments: { InstanceId: liveInstance() },
  })) as CallToolResult;
  expect(failed.isError).toBe(true);
  const text = JSON.stringify(failed);
  expect(text).toContain('bad key [redacted] rejected');
  expect(text).not.toContain(key.accessKeySecret);
  await client.close();
  await server.close();
});
