import { request } from 'node:http';
import { expect, test } from 'vitest';
import { LIVE_ID, startFixture, structured, until } from './setup.js';

/** Resolves with the connection error code, or 'connected'. */
const tryConnect = (url: string): Promise<string> =>
  new Promise((resolve) => {
    const req = request(new URL('/healthz', url), { agent: false }, (res) => {
      res.resume();
      resolve('connected');
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.end();
  });

test('close() lets a call in flight finish, refuses new connections, then resolves', async () => {
  const fixture = await startFixture();
  const { handle, emu } = fixture;
  const client = await fixture.connect();
  emu.setLatency(300);

  const call = client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: LIVE_ID } }, undefined, { timeout: 3000 });
  await until(() => fixture.sent('DescribeAIAgentInstance') === 1);

  // The server's own record of answered calls: the in-flight one must be logged before close resolves.
  const answered = (): number => fixture.logs.join('').match(/http: POST \/mcp 200 /g)?.length ?? 0;
  const before = answered();
  const started = Date.now();
  const closing = handle.close().then(() => ({ answered: answered(), ms: Date.now() - started }));
  expect(await tryConnect(handle.url)).toBe('ECONNREFUSED');

  const result = await call;
  expect(structured(result).Instance).toMatchObject({ InstanceId: LIVE_ID });
  const closed = await closing;
  expect(closed.answered).toBe(before + 1);
  expect(closed.ms).toBeGreaterThanOrEqual(150);
  expect(handle.sessions()).toBe(0);
  expect(await tryConnect(handle.url)).toBe('ECONNREFUSED');

  await client.close();
  await emu.close();
});
