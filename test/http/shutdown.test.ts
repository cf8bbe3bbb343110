import { request } from 'node:http';
import { expect, test } from 'vitest';
import { holdFirst } from '../helpers/ice.js';
import { LIVE_ID, startFixture, structured } from './setup.js';

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
  // The call waits before the cloud until released, so it is surely in flight while close() runs.
  const held = holdFirst('DescribeAIAgentInstance');
  const fixture = await startFixture([], {}, { wrapCall: held.wrap });
  const { handle, emu } = fixture;
  const client = await fixture.connect();

  const call = client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: LIVE_ID } });
  await held.entered;

  // The server's own record of answered calls: the in-flight one must be logged before close resolves.
  const answered = (): number => fixture.logs.join('').match(/http: POST \/mcp 200 /g)?.length ?? 0;
  const before = answered();
  let resolved = false;
  const closing = handle.close().then(() => {
    resolved = true;
    return answered();
  });
  expect(await tryConnect(handle.url)).toBe('ECONNREFUSED');
  expect(resolved).toBe(false);

  held.release();
  const result = await call;
  expect(structured(result).Instance).toMatchObject({ InstanceId: LIVE_ID });
  expect(await closing).toBe(before + 1);
  expect(handle.sessions()).toBe(0);
  expect(await tryConnect(handle.url)).toBe('ECONNREFUSED');

  await client.close();
  await emu.close();
});
