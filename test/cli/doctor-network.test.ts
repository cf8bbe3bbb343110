/** The doctor's DNS and TLS checks, on loopback names and addresses only. */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDns, checkTls, splitEndpoint } from '../../src/cli/doctor-network.js';

describe('splitEndpoint', () => {
  it.each([
    ['ice.cn-shanghai.aliyuncs.com', 'https', { host: 'ice.cn-shanghai.aliyuncs.com', port: 443 }],
    ['127.0.0.1:4000', 'http', { host: '127.0.0.1', port: 4000 }],
    ['localhost', 'http', { host: 'localhost', port: 80 }],
    ['[::1]:8443', 'https', { host: '::1', port: 8443 }],
  ] as const)('%s over %s', (endpoint, protocol, expected) => {
    expect(splitEndpoint(endpoint, protocol)).toEqual(expected);
  });
});

describe('checkDns', () => {
  it('skips an IP literal and resolves localhost', async () => {
    expect(await checkDns('127.0.0.1', 1000)).toMatchObject({ status: 'skip' });
    expect((await checkDns('localhost', 1000)).status).toBe('ok');
  });

  it('a name that does not resolve is a failure with a fix', async () => {
    const lookup = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    expect(await checkDns('ice.nowhere.invalid', 1000, lookup)).toMatchObject({
      status: 'fail',
      text: 'ice.nowhere.invalid does not resolve (ENOTFOUND)',
      fix: expect.stringContaining('--endpoint'),
    });
  });
});

describe('checkTls', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // Accepts and closes at once: a TCP listener that never speaks TLS.
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('skips plain http and says so', async () => {
    expect(await checkTls('127.0.0.1', port, 'http', 1000)).toMatchObject({ status: 'skip', text: expect.stringContaining('plain http') });
  });

  it('a listener that does not complete a handshake is a failure', async () => {
    const check = await checkTls('127.0.0.1', port, 'https', 2000);
    expect(check).toMatchObject({ status: 'fail', text: expect.stringContaining(`no valid TLS connection to 127.0.0.1:${port}`) });
  });
});
