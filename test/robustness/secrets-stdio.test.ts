/**
 * A scripted session over stdio in sandbox mode that touches everything that can carry a secret:
 * every instance, list detail, resource, prompt, preview, audit line and error. Every byte the
 * process writes, stdout and stderr, is scanned for every secret of the demo seed and the demo keys.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { DEMO_KEYS } from '../../src/emulator/index.js';
import { allSecrets, demoInstances, liveInstance } from '../helpers/harness.js';

const BIN = new URL('../../dist/index.js', import.meta.url).pathname;

it('no secret appears anywhere in stdout or stderr of a full sandbox session', async () => {
  const child = spawn(process.execPath, [BIN, '--sandbox', '--confirm', 'token'], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));

  let id = 0;
  const pending = new Map<number, (message: Record<string, unknown>) => void>();
  let buffer = '';
  child.stdout.on('data', (c: Buffer) => {
    buffer += c;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, nl)) as { id: number };
      buffer = buffer.slice(nl + 1);
      pending.get(message.id)?.(message);
    }
  });
  const request = (method: string, params: unknown = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      pending.set(++id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  const call = async (name: string, args: Record<string, unknown>) =>
    (await request('tools/call', { name, arguments: args })).result as { structuredContent?: Record<string, unknown>; isError?: boolean };

  await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'scan', version: '0' } });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await request('tools/list');
  for (const agent of new Set(demoInstances().map((i) => i.AIAgentId))) {
    await call('ice_list_agent_instances', { AIAgentId: agent, Detail: 'full', AllPages: true });
    await call('ice_list_agent_instances', { AIAgentId: agent });
    await request('resources/read', { uri: `ice://agents/${agent}/instances` });
  }
  for (const { InstanceId } of demoInstances()) {
    await call('ice_describe_agent_instance', { InstanceId });
    await request('resources/read', { uri: `ice://instances/${InstanceId}` });
    await request('resources/read', { uri: `ice://instances/${InstanceId}/call-log` });
    await request('prompts/get', { name: 'ice_diagnose_instance', arguments: { InstanceId } });
  }
  await request('resources/list');
  // writes: a preview that replaces secret-bearing UserData, its execution, a refused token, a speech
  const update = { InstanceId: liveInstance(), UserData: '{"note":"rotated"}' };
  const preview = await call('ice_update_agent_instance', update);
  expect(preview.structuredContent?.status).toBe('confirmation_required');
  const executed = await call('ice_update_agent_instance', { ...update, ConfirmationToken: preview.structuredContent?.confirmationToken });
  expect(executed.structuredContent?.status).toBe('executed');
  await call('ice_update_agent_instance', { ...update, ConfirmationToken: 'v1.forged' });
  await call('ice_send_agent_speech', { InstanceId: liveInstance(), Text: 'Checking in.' });
  await call('ice_describe_agent_instance', { InstanceId: 'missing-instance' });
  child.stdin.end();
  await once(child, 'exit');

  const everything = stdout + stderr;
  expect(everything).toContain('[redacted]'); // secrets were there to be redacted
  expect(stderr).toContain('SANDBOX');
  expect(stderr).toContain('"outcome":"executed"');
  expect(everything).toContain('"sandbox":true');
  const secrets = [...allSecrets(), ...DEMO_KEYS.map((k) => k.accessKeyId)];
  expect(secrets.length).toBeGreaterThan(20);
  for (const secret of secrets) expect(everything, secret).not.toContain(secret);
});
