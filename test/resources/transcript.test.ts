/** The transcript resource, and what the sandbox tells an assistant about its demo data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { withSandbox } from '../../src/cli/sandbox.js';
import { parseCommand } from '../../src/config/config.js';
import { buildDeps } from '../../src/mcp/deps.js';
import { connect } from '../../src/mcp/connect.js';
import { createServer } from '../../src/mcp/server.js';
import { allSecrets, demoInstances, startHarness, type Harness } from '../helpers/harness.js';

const FINISHED_WITH_SESSION = '4a0c1e2f3b5d4c6e8f9a0b1c2d3e4f51';
const NO_SESSION = '7d3f4b5c6e8a4f9b1c2d3e4f5a6b7c84';

describe('ice://instances/{InstanceId}/transcript', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness()));
  afterAll(() => h.close());

  it("is the session's dialogues in the call's window, oldest first, as the tool gives them", async () => {
    const uri = `ice://instances/${FINISHED_WITH_SESSION}/transcript`;
    const read = await h.client.readResource({ uri });
    const first = read.contents[0];
    const body = JSON.parse(first && 'text' in first ? first.text : '{}') as { SessionId: string; Dialogues: unknown[] };
    const tool = await h.call('ice_list_agent_dialogues', { InstanceId: FINISHED_WITH_SESSION });
    expect(body.SessionId).toBe('9555351f0e2a4b6d');
    expect(body.Dialogues).toEqual((tool.structuredContent as { Dialogues: unknown[] }).Dialogues);
    expect(h.requests('ListAIAgentDialogues').every((r) => r.params.Order === 'ASC')).toBe(true);
  });

  it('an instance without a SessionId is a clear error', async () => {
    const error = await h.client.readResource({ uri: `ice://instances/${NO_SESSION}/transcript` }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).message).toMatch(/NoSession: .*has no SessionId, so it has no transcript/);
  });

  it('leaks no secret for any demo instance', async () => {
    for (const { InstanceId } of demoInstances()) {
      const text = JSON.stringify(await h.client.readResource({ uri: `ice://instances/${InstanceId}/transcript` }).catch(String));
      for (const secret of allSecrets()) expect(text).not.toContain(secret);
    }
  });
});

describe('--sandbox', () => {
  it('names the demo agents and instances in the instructions, and completes them from the start', async () => {
    const command = parseCommand(['--sandbox'], {});
    if (command.kind !== 'serve') throw new Error('expected serve');
    const sandbox = await withSandbox(command.config, () => {});
    const server = createServer(
      buildDeps(sandbox.config, { log: () => {}, ...(sandbox.credentials ? { credentials: sandbox.credentials } : {}) }),
    );
    const client = new Client({ name: 'sandbox-test', version: '1.0.0' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([connect(server, a), client.connect(b)]);
    try {
      const instructions = client.getInstructions() ?? '';
      expect(instructions).toMatch(/SANDBOX/);
      for (const { InstanceId, AIAgentId } of demoInstances()) {
        expect(instructions).toContain(InstanceId);
        expect(instructions).toContain(AIAgentId);
      }
      expect(instructions).toContain('Customer support (voice chat)');
      const instanceIds = await client.complete({
        ref: { type: 'ref/resource', uri: 'ice://instances/{InstanceId}' },
        argument: { name: 'InstanceId', value: '' },
      });
      expect(instanceIds.completion.values.sort()).toEqual(
        demoInstances()
          .map((i) => i.InstanceId)
          .sort(),
      );
      const agents = await client.complete({
        ref: { type: 'ref/resource', uri: 'ice://agents/{AIAgentId}/instances' },
        argument: { name: 'AIAgentId', value: '' },
      });
      expect(agents.completion.values.sort()).toEqual([...new Set(demoInstances().map((i) => i.AIAgentId))].sort());
    } finally {
      await client.close();
      await server.close();
      await sandbox.close();
    }
  });
});
