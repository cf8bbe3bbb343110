/**
 * Three replicas of the built server sharing one real Redis, behind a round-robin proxy: tokens work
 * once across replicas and restarts, a Redis outage sends nothing, idle sessions never lock a client
 * out, and a stream cut during an approval resumes on the replica that holds the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { liveInstance } from '../helpers/harness.js';
import { startProxy, type Proxy } from '../helpers/proxy.js';
import { requireRedis, startRedis, type TestRedis } from '../helpers/redis.js';
import { connect, startReplicas, type Replica } from '../helpers/replicas.js';
import { INIT, MCP_HEADERS, raw } from '../http/setup.js';

const run = requireRedis('test/store/replicas.test.ts');
const SPEECH = 'ice_send_agent_speech';
const textOf = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
const status = (r: CallToolResult): unknown => (r.structuredContent as { status?: unknown } | undefined)?.status;

let redis: TestRedis;
let emu: Emulator;
beforeAll(async () => {
  if (!run) return;
  [redis, emu] = await Promise.all([startRedis(), startEmulator()]);
});
afterAll(async () => {
  await emu?.close();
  await redis?.close();
});

const spoken = (text: string): number =>
  emu.requests.filter((r) => r.action === 'SendAIAgentSpeech' && JSON.stringify(r).includes(text)).length;

/** One call on a fresh client, as a one-shot CLI client would make it. */
async function once(url: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const client = await connect(url);
  try {
    return (await client.callTool({ name: SPEECH, arguments: args })) as CallToolResult;
  } finally {
    await client.close();
  }
}

async function preview(url: string, text: string): Promise<{ args: Record<string, unknown>; token: string }> {
  const args = { InstanceId: liveInstance(), Text: text };
  const result = await once(url, args);
  expect(status(result)).toBe('confirmation_required');
  return { args, token: String((result.structuredContent as { confirmationToken: string }).confirmationToken) };
}

for (const mode of ['stateless', 'stateful'] as const) {
  describe.skipIf(!run)(`three ${mode} replicas with token confirmation`, () => {
    let replicas: Replica[];
    let proxy: Proxy;
    const options = () => ({
      endpoint: emu.endpoint,
      flags: ['--confirm', 'token', ...(mode === 'stateless' ? ['--stateless'] : [])],
      env: { ICE_MCP_REDIS_URL: redis.url },
    });
    beforeAll(async () => {
      replicas = await startReplicas(3, options());
      proxy = await startProxy(replicas.map((r) => r.port));
    });
    afterAll(async () => {
      await proxy?.close();
      await Promise.all((replicas ?? []).map((r) => r.stop()));
    });

    it('a token issued by A and redeemed on B is refused on C, and after restarting all three', async () => {
      const [a, b, c] = replicas as [Replica, Replica, Replica];
      const text = `${mode}: issued on A`;
      const { args, token } = await preview(a.url, text);
      expect(status(await once(b.url, { ...args, ConfirmationToken: token }))).toBe('executed');
      const onC = await once(c.url, { ...args, ConfirmationToken: token });
      expect(onC.isError).toBe(true);
      expect(textOf(onC)).toMatch(/already used/);

      await Promise.all(replicas.map((r) => r.stop()));
      replicas = await startReplicas(3, options());
      proxy.setBackends(replicas.map((r) => r.port));
      for (const r of replicas) expect(textOf(await once(r.url, { ...args, ConfirmationToken: token }))).toMatch(/already used/);
      expect(spoken(text)).toBe(1);
    });

    it('20 concurrent redeems of one token across the replicas execute exactly once', async () => {
      const text = `${mode}: twenty at once`;
      const { args, token } = await preview(proxy.url, text);
      const results = await Promise.all(Array.from({ length: 20 }, () => once(proxy.url, { ...args, ConfirmationToken: token })));
      expect(results.filter((r) => status(r) === 'executed')).toHaveLength(1);
      expect(results.filter((r) => r.isError && /already used/.test(textOf(r)))).toHaveLength(19);
      expect(spoken(text)).toBe(1);
    });

    if (mode === 'stateless') {
      it('with Redis stopped no write goes out, reads and previews work; after its restart the token works once', async () => {
        const text = 'redis outage';
        const { args, token } = await preview(proxy.url, text);
        await redis.stop();
        try {
          for (let i = 0; i < 3; i++) {
            const refused = await once(proxy.url, { ...args, ConfirmationToken: token });
            expect(refused.isError).toBe(true);
            expect(textOf(refused)).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ (is unreachable|did not answer)/);
          }
          const client = await connect(proxy.url);
          const read = (await client.callTool({
            name: 'ice_describe_agent_instance',
            arguments: { InstanceId: liveInstance() },
          })) as CallToolResult;
          await client.close();
          expect(read.isError).toBeFalsy();
          expect(status(await once(proxy.url, { ...args, Text: 'previewed while Redis is down' }))).toBe('confirmation_required');
          expect(spoken(text)).toBe(0);
        } finally {
          await redis.start();
        }
        // The replicas reconnect by themselves; until each has, it refuses as above (and sends nothing).
        const redeem = async (): Promise<CallToolResult> => {
          let result = await once(proxy.url, { ...args, ConfirmationToken: token });
          while (result.isError && /Redis/.test(textOf(result))) {
            await new Promise((r) => setTimeout(r, 100));
            result = await once(proxy.url, { ...args, ConfirmationToken: token });
          }
          return result;
        };
        expect(status(await redeem())).toBe('executed');
        for (let i = 0; i < 3; i++) expect(textOf(await redeem())).toMatch(/already used/);
        expect(spoken(text)).toBe(1);
        const logs = replicas.map((r) => r.stderr()).join('');
        expect(logs).toMatch(/is unreachable.*; token redemptions are refused until it is back/);
        expect(logs).toContain('is reachable again');
      });
    }
  });
}

describe.skipIf(!run)('three stateful replicas with elicitation and a small session cap', () => {
  let replicas: Replica[];
  let proxy: Proxy;
  beforeAll(async () => {
    replicas = await startReplicas(3, {
      endpoint: emu.endpoint,
      flags: ['--confirm', 'elicit'],
      env: { ICE_MCP_REDIS_URL: redis.url, ICE_MCP_HTTP_MAX_SESSIONS: '40' },
    });
    proxy = await startProxy(replicas.map((r) => r.port));
  });
  afterAll(async () => {
    await proxy?.close();
    await Promise.all((replicas ?? []).map((r) => r.stop()));
  });

  it('150 idle sessions do not lock out a new client, and /healthz tells the truth', async () => {
    for (let i = 0; i < 150; i++) {
      const res = await raw(proxy.url, { headers: MCP_HEADERS, body: JSON.stringify(INIT) });
      expect(res.status).toBe(200);
    }
    const client: Client = await connect(proxy.url);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    for (const r of replicas) {
      const health = await raw(r.url, { method: 'GET', path: '/healthz' });
      expect(health.status).toBe(200);
      expect(health.json()).toMatchObject({
        status: 'ok',
        sessions: 40,
        busySessions: 0,
        maxSessions: 40,
        store: expect.stringMatching(/^redis at /),
      });
    }
    expect(replicas.map((r) => r.stderr()).join('')).toContain('closed the least recently used idle session to make room (at most 40)');
  });

  it('a stream cut while an approval is pending resumes with Last-Event-ID (events in Redis); the write goes through once', async () => {
    const text = 'resumed across a cut';
    const client = await connect(proxy.url, { elicitation: { form: {} } });
    let asked = 0;
    client.setRequestHandler(ElicitRequestSchema, () => {
      asked++;
      return { action: 'accept', content: { confirm: true } };
    });
    const cut = proxy.cutBefore('elicitation/create');
    const call = client.callTool({ name: SPEECH, arguments: { InstanceId: liveInstance(), Text: text } });
    await cut;
    expect(status((await call) as CallToolResult)).toBe('executed');
    expect(asked).toBe(1);
    expect(spoken(text)).toBe(1);
    await client.close();
  });
});

describe('start-up without a reachable Redis', () => {
  it('stops with one clear line naming Redis (never its password) and exit code 1', async () => {
    const { spawnSync } = await import('node:child_process');
    const { freePort } = await import('../helpers/redis.js');
    const port = await freePort();
    const result = spawnSync(process.execPath, [new URL('../../dist/index.js', import.meta.url).pathname, '--http', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ICE_MCP_REDIS_URL: `redis://default:hunter2-secret@127.0.0.1:${port}` },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^ice-agent-mcp: failed to start: Redis at redis://127\\.0\\.0\\.1:${port} cannot be reached`)),
    ]);
    expect(result.stderr).not.toContain('hunter2');
  });
});
