/** Every failed cloud call leaves one redacted line in the server's log, for the operator. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it('names the tool, action, code, HTTP status and RequestId, and not the message', async () => {
  h.emu.injectFault({ action: 'ListAIAgentInstance', status: 403, code: 'Forbidden.RAM', message: 'User not authorized: ak secret-ish.' });
  const result = await h.call('ice_list_agent_instances', { AIAgentId: 'any' });
  expect(result.isError).toBe(true);
  const lines = h.logs
    .join('')
    .split('\n')
    .filter((l) => l.includes('failed: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^ice-agent-mcp: ice_list_agent_instances: ListAIAgentInstance failed: Forbidden\.RAM \(HTTP 403\) RequestId [0-9A-F-]{36}$/,
  );
});

it('a refusal before any call is not a cloud failure and is not logged as one', async () => {
  const before = h.logs.length;
  await h.call('ice_describe_agent_instance', { Foo: 1 });
  expect(h.logs.slice(before).join('')).not.toContain('failed: ');
});
