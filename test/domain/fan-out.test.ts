/** Twenty concurrent AllPages reads share one per-process bound on upstream calls in flight. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, expect, it } from 'vitest';
import { parseCommand } from '../../src/config/config.js';
import { DEMO_KEYS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { UPSTREAM_LIMIT } from '../../src/ice/limiter.js';
import type { IceClient } from '../../src/ice/types.js';
import { buildDeps } from '../../src/mcp/deps.js';
import { connect } from '../../src/mcp/connect.js';
import { createServer } from '../../src/mcp/server.js';

let emu: Emulator | undefined;
afterEach(async () => emu?.close());

it('20 concurrent AllPages reads (tool and agent resource) never have more than the limit in flight', async () => {
  emu = await startEmulator();
  emu.addInstances('busy-agent', 450);
  emu.setLatency(5); // keeps requests open long enough to overlap
  const command = parseCommand(['--endpoint', emu.endpoint, '--protocol', 'http'], {});
  if (command.kind !== 'serve') throw new Error('expected serve');
  const key = DEMO_KEYS[0];
  if (!key) throw new Error('no demo key');
  const deps = buildDeps(command.config, { log: () => {}, credentials: key });
  let inFlight = 0;
  let peak = 0;
  let requests = 0;
  // Counts what actually goes to the emulator: one List request per call (nothing fails, so no retry).
  const ice: IceClient = {
    call: async (action, params, kind, regionId) => {
      if (action !== 'ListAIAgentInstance') return deps.ice.call(action, params, kind, regionId);
      requests++;
      peak = Math.max(peak, ++inFlight);
      try {
        return await deps.ice.call(action, params, kind, regionId);
      } finally {
        inFlight--;
      }
    },
  };
  const server = createServer({ ...deps, ice });
  const client = new Client({ name: 'fan-out', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([connect(server, a), client.connect(b)]);
  await client.listTools();

  const reads = Array.from({ length: 20 }, (_, i) =>
    i % 2 === 0
      ? client.callTool({ name: 'ice_list_agent_instances', arguments: { AIAgentId: 'busy-agent', AllPages: true, PageSize: 10 } })
      : client.readResource({ uri: 'ice://agents/busy-agent/instances' }),
  );
  const results = await Promise.all(reads);
  for (const r of results) expect(JSON.stringify(r)).toContain('450');
  console.log(`fan-out: ${requests} upstream requests, at most ${peak} in flight (limit ${UPSTREAM_LIMIT})`);
  expect(peak).toBeLessThanOrEqual(UPSTREAM_LIMIT);
  expect(peak).toBeGreaterThan(1);
  expect(requests).toBeGreaterThan(10 * 45);
  await client.close();
  await server.close();
});
