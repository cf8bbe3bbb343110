/**
 * The suite's network calls, inside a network namespace that has only loopback: the sandbox, its
 * resources and prompt, and the doctor must all work there, so none of them needs the outside world
 * (a lookup of an outside name would fail here instead of quietly leaving the machine).
 *
 * Unprivileged namespaces (`unshare -rn`) are a property of the machine. Where they are refused the
 * test is skipped with one line saying why. Under CI=true it is skipped only when `unshare` is
 * missing or the kernel refuses it (a runner property); any other failure of the probe fails the
 * test, so a broken setup cannot hide as a skip.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { finishedInstance, liveInstance } from '../helpers/harness.js';

const BIN = new URL('../../dist/index.js', import.meta.url).pathname;
const EXTERNAL_LOG_ID = '6c2e3a4b5d7f4e8a0b1c2d3e4f5a6b73';
// A new namespace's loopback starts down; root inside it (-r) may bring it up.
const inNamespace = (command: string): string[] => ['-rn', 'sh', '-c', `ip link set lo up && exec ${command}`];

function probe(): string | undefined {
  const result = spawnSync('unshare', inNamespace('true'), { encoding: 'utf8' });
  if (result.status === 0) return undefined;
  const reason = result.error ? `${result.error.message}` : (result.stderr.trim().split('\n')[0] ?? `exit ${String(result.status)}`);
  const runnerProperty = /ENOENT|not permitted|Permission denied|No space left/i.test(reason);
  if (process.env.CI === 'true' && !runnerProperty) throw new Error(`unshare -rn failed for a reason other than the runner: ${reason}`);
  return reason;
}

const refused = probe();
if (refused) process.stderr.write(`offline.test.ts: skipped, this machine refuses unprivileged network namespaces (${refused})\n`);

describe.skipIf(refused !== undefined)('inside a loopback-only network namespace', () => {
  const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent' };

  it('a sandbox session lists, describes, reads resources and the prompt', async () => {
    const transport = new StdioClientTransport({
      command: 'unshare',
      args: inNamespace(`"${process.execPath}" "${BIN}" --sandbox`),
      env,
      stderr: 'ignore',
    });
    const client = new Client({ name: 'offline', version: '0' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      const described = await client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: liveInstance() } });
      expect(described.isError).toBeFalsy();
      const log = await client.readResource({ uri: `ice://instances/${finishedInstance()}/call-log` });
      expect(log.contents.length).toBe(1);
      const prompt = await client.getPrompt({ name: 'ice_diagnose_instance', arguments: { InstanceId: finishedInstance() } });
      expect(prompt.messages.length).toBeGreaterThan(0);
      // The one call log that is not on the emulator: its reserved name cannot resolve, here or anywhere.
      await expect(client.readResource({ uri: `ice://instances/${EXTERNAL_LOG_ID}/call-log` })).rejects.toThrow(/network error/);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('doctor --sandbox passes', () => {
    const result = spawnSync('unshare', inNamespace(`"${process.execPath}" "${BIN}" doctor --sandbox`), { env, encoding: 'utf8' });
    expect(result.stdout).toContain('All checks passed.');
    expect(result.status).toBe(0);
  }, 30_000);
});
