/** What the HTTP layer answers by itself: auth, Host/Origin, body limits, health, unknown paths. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { VERSION } from '../../src/config/version.js';
import { INIT, MCP_HEADERS, TOKEN, raw, startFixture, type Fixture } from './setup.js';

const MAX_BODY = 2048;
let fixture: Fixture;
let url: string;
let port: number;
const AUTH = { authorization: `Bearer ${TOKEN}` };
const initBody = JSON.stringify(INIT);

beforeAll(async () => {
  fixture = await startFixture(['--allowed-hosts', 'proxy.example'], { tokens: [TOKEN], maxBodyBytes: MAX_BODY });
  url = fixture.handle.url;
  port = fixture.handle.port;
});
afterAll(() => fixture.close());

describe('bearer token', () => {
  test('missing token: 401 with a Bearer challenge', async () => {
    const res = await raw(url, { headers: MCP_HEADERS, body: initBody });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ice-agent-mcp"');
    expect(res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
  });

  test('wrong token: 401 with invalid_token, and the token is not echoed', async () => {
    const res = await raw(url, { headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}x` }, body: initBody });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ice-agent-mcp", error="invalid_token"');
    expect(res.text).not.toContain(TOKEN);
  });

  test('right token: the initialize goes through', async () => {
    const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH }, body: initBody });
    expect(res.status).toBe(200);
    expect(res.headers['mcp-session-id']).toEqual(expect.any(String));
  });
});

describe('DNS-rebinding protection', () => {
  test('a foreign Host gets 403 before the token is even looked at', async () => {
    const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH, host: `evil.example:${port}` }, body: initBody });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ error: { message: expect.stringContaining('DNS-rebinding') } });
  });

  test('a loopback Host on another port gets 403', async () => {
    const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH, host: `localhost:${port + 1}` }, body: initBody });
    expect(res.status).toBe(403);
  });

  test('a foreign Origin gets 403', async () => {
    const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH, origin: 'http://evil.example' }, body: initBody });
    expect(res.status).toBe(403);
  });

  test('localhost, [::1], a same-host Origin and an allowed name are accepted', async () => {
    const variants: Record<string, string>[] = [
      { host: `localhost:${port}` },
      { host: `[::1]:${port}` },
      { origin: `http://localhost:${port}` },
      { host: 'proxy.example' },
    ];
    for (const headers of variants) {
      const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH, ...headers }, body: initBody });
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });
});

describe('request bodies', () => {
  test('a body over the cap gets 413 with a JSON-RPC error', async () => {
    const body = JSON.stringify({ ...INIT, padding: 'x'.repeat(MAX_BODY * 2) });
    const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH }, body });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { message: expect.stringContaining(`${MAX_BODY} bytes`) } });
  });

  test('a chunked body (no Content-Length) over the cap gets 413 too', async () => {
    const body = JSON.stringify({ ...INIT, padding: 'x'.repeat(MAX_BODY * 2) });
    const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH, 'transfer-encoding': 'chunked' }, body });
    expect(res.status).toBe(413);
  });

  test('invalid JSON gets 400 with a parse error', async () => {
    const res = await raw(url, { headers: { ...MCP_HEADERS, ...AUTH }, body: '{"jsonrpc": "2.0", ' });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: -32700 } });
  });
});

describe('other paths', () => {
  test('GET /healthz: status, version and session count, no token needed', async () => {
    const res = await raw(url, { method: 'GET', path: '/healthz' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      version: VERSION,
      sessions: fixture.handle.sessions(),
      busySessions: 0,
      maxSessions: 100,
      store: 'memory',
    });
  });

  test('anything else is 404', async () => {
    const res = await raw(url, { method: 'GET', path: '/mcp/extra', headers: AUTH });
    expect(res.status).toBe(404);
    expect((await raw(url, { method: 'GET', path: '/' })).status).toBe(404);
  });

  test('the access log has method, path and status, and never headers or bodies', () => {
    const log = fixture.logs.join('');
    expect(log).toMatch(/http: POST \/mcp 401 \d+ms/);
    expect(log).toMatch(/http: POST \/mcp 403 \d+ms/);
    expect(log).toMatch(/http: POST \/mcp 413 \d+ms/);
    expect(log).toMatch(/http: GET \/healthz 200 \d+ms/);
    for (const secret of [TOKEN, 'evil.example', 'padding', 'clientInfo']) expect(log).not.toContain(secret);
  });
});
