// Throughput of three stateless replicas sharing Redis vs one, behind the same round-robin proxy on
// loopback, in one run: describe calls (reads) and token-confirmed speeches (a preview and a
// redemption, which claims the token in Redis). Skipped with a line when redis-server is missing.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { round } from './lib.mjs';

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'ice-mcp-bench-redis-'));
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((r) => probe.close(r));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--loglevel', 'warning']);
  while (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG')
    await new Promise((r) => setTimeout(r, 20));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => (child.kill(), await once(child, 'exit'), rmSync(dir, { recursive: true, force: true })),
  };
}

async function startReplica(bin, args, env) {
  const child = spawn(process.execPath, [bin, ...args, '--http', '--port', '0', '--stateless'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    child.stderr.on('data', (c) => {
      stderr += c;
      const m = /Streamable HTTP on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`replica exited (${code}): ${stderr}`)));
  });
  return { port, stop: async () => (child.kill(), await once(child, 'exit')) };
}

async function startProxy(ports) {
  let next = 0;
  const server = createServer((req, res) => {
    const port = ports[next++ % ports.length];
    const up = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${port}` } },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/mcp`, stop: () => (server.closeAllConnections(), new Promise((r) => server.close(r))) };
}

/** `lanes` clients each make calls one after another until `total` are done; calls per second. */
async function throughput(url, lanes, total, call) {
  const clients = await Promise.all(
    Array.from({ length: lanes }, async () => {
      const client = new Client({ name: 'bench', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      return client;
    }),
  );
  let left = total;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (left-- > 0) if (!(await call(client))) errors++;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  return { perSecond: round(total / seconds, 1), errors };
}

export async function measureReplicas({ bin, emuEndpoint, env, instanceId, log, quick }) {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    log('replicas          skipped: redis-server is not installed');
    return { skipped: 'redis-server is not installed' };
  }
  const redis = await startRedis();
  const replicaEnv = { ...env, ICE_MCP_REDIS_URL: redis.url, ICE_MCP_CONFIRM_KEY: 'bench-shared-key-0123456789abcdef' };
  const args = ['--endpoint', emuEndpoint, '--protocol', 'http', '--confirm', 'token'];
  const replicas = await Promise.all([1, 2, 3].map(() => startReplica(bin, args, replicaEnv)));
  const read = async (client) =>
    !(await client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: instanceId } })).isError;
  const write = async (client) => {
    const a = { InstanceId: instanceId, Text: 'bench' };
    const first = await client.callTool({ name: 'ice_send_agent_speech', arguments: a });
    const token = first.structuredContent?.confirmationToken;
    const second = await client.callTool({ name: 'ice_send_agent_speech', arguments: { ...a, ConfirmationToken: token } });
    return second.structuredContent?.status === 'executed';
  };
  const rows = {};
  for (const [name, call, total] of [
    ['reads', read, quick ? 300 : 3000],
    ['writes', write, quick ? 100 : 1000],
  ]) {
    const one = await startProxy([replicas[0].port]);
    const three = await startProxy(replicas.map((r) => r.port));
    await throughput(three.url, 8, 100, call); // warm every replica
    // Interleaved halves, so drift on the machine hits both sides alike.
    const a1 = await throughput(one.url, 16, total / 2, call);
    const b1 = await throughput(three.url, 16, total / 2, call);
    const a2 = await throughput(one.url, 16, total / 2, call);
    const b2 = await throughput(three.url, 16, total / 2, call);
    await Promise.all([one.stop(), three.stop()]);
    const oneRate = (a1.perSecond + a2.perSecond) / 2;
    const threeRate = (b1.perSecond + b2.perSecond) / 2;
    rows[name] = {
      oneReplicaPerSecond: round(oneRate, 1),
      threeReplicasPerSecond: round(threeRate, 1),
      ratio: round(threeRate / oneRate, 2),
      errors: a1.errors + a2.errors + b1.errors + b2.errors,
    };
    log(
      `replicas ${name.padEnd(8)} 1 vs 3 stateless replicas (Redis): ${rows[name].oneReplicaPerSecond} vs ${rows[name].threeReplicasPerSecond} calls/s, ratio ${rows[name].ratio}, errors ${rows[name].errors}`,
    );
  }
  await Promise.all(replicas.map((r) => r.stop()));
  await redis.stop();
  return rows;
}
