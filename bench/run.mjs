// `npm run bench`: every comparison measured side by side, interleaved, in one run; medians over
// several runs. Prints a table and writes bench/results.json. Everything runs on loopback.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startEmulator, DEMO_KEYS } from '../dist/emulator/index.js';
import { median, quantile, round, rssMb, stdioPeer } from './lib.mjs';

const require = createRequire(import.meta.url);
const OpenApi = require('@alicloud/openapi-client');
const quick = process.argv.includes('--quick'); // fewer iterations, for a smoke run
const n = (full, small) => (quick ? small : full);

const BIN = new URL('../dist/index.js', import.meta.url).pathname;
const MINIMAL = new URL('./minimal-server.mjs', import.meta.url).pathname;
const key = DEMO_KEYS[0];
const emu = await startEmulator({ maxRecordedRequests: 1000 });
const seedInstance = '39f8e0bc005e4f309379701645f4a1c2';
const env = {
  PATH: process.env.PATH,
  HOME: '/nonexistent',
  ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
};
const serverArgs = [BIN, '--endpoint', emu.endpoint, '--protocol', 'http', '--confirm', 'token'];
const results = {};
const log = (line) => process.stdout.write(`${line}\n`);
const describeCall = { name: 'ice_describe_agent_instance', arguments: { InstanceId: seedInstance } };

// ---- 1. start-up: spawn to initialize result ------------------------------------------------------
// The tool table loads on first use, so the time to a first tools/list answer is reported too.
async function startupTimes(args) {
  const peer = stdioPeer(args, env);
  await peer.initialize();
  const init = performance.now() - peer.started;
  await peer.request('tools/list');
  const list = performance.now() - peer.started;
  await peer.close();
  return { init, list };
}
{
  const ours = [];
  const minimal = [];
  await startupTimes(serverArgs); // warm the file cache for both
  await startupTimes([MINIMAL]);
  for (let i = 0; i < n(21, 3); i++) {
    ours.push(await startupTimes(serverArgs));
    minimal.push(await startupTimes([MINIMAL]));
  }
  const m = (xs, key) => median(xs.map((x) => x[key]));
  results.startup = {
    oursMs: round(m(ours, 'init')),
    minimalMs: round(m(minimal, 'init')),
    ratio: round(m(ours, 'init') / m(minimal, 'init'), 3),
    target: 1.1,
    firstToolsListOursMs: round(m(ours, 'list')),
    firstToolsListMinimalMs: round(m(minimal, 'list')),
    runs: ours.length,
  };
  log(
    `start-up          ice-agent-mcp ${results.startup.oursMs} ms vs minimal SDK server ${results.startup.minimalMs} ms: ratio ${results.startup.ratio} (target <= 1.10)`,
  );
  log(
    `                  to the first tools/list answer: ${results.startup.firstToolsListOursMs} ms vs ${results.startup.firstToolsListMinimalMs} ms`,
  );
}

// ---- 2. call overhead: MCP over stdio vs a direct signed call ------------------------------------
const direct = new OpenApi.default(
  new OpenApi.Config({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    endpoint: emu.endpoint,
    protocol: 'HTTP',
    readTimeout: 10000,
    connectTimeout: 10000,
  }),
);
/** The same signed RPC call the server makes, straight through the client library. */
const directCall = (action, query) =>
  direct.callApi(
    new OpenApi.Params({
      action,
      version: '2020-11-09',
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new OpenApi.OpenApiRequest({ query }),
    {},
  );
const directDescribe = () => directCall('DescribeAIAgentInstance', { InstanceId: seedInstance });
const server = stdioPeer(serverArgs, env);
await server.initialize();
const mcpDescribe = async () => {
  const reply = await server.request('tools/call', describeCall);
  if (reply.error || reply.result.isError) throw new Error(JSON.stringify(reply).slice(0, 300));
  return reply;
};
{
  for (let i = 0; i < 200; i++) {
    await mcpDescribe();
    await directDescribe();
  }
  const mcp = [];
  const raw = [];
  for (let i = 0; i < n(1000, 100); i++) {
    let t = performance.now();
    await mcpDescribe();
    mcp.push(performance.now() - t);
    t = performance.now();
    await directDescribe();
    raw.push(performance.now() - t);
  }
  results.overhead = {
    mcpP50Ms: round(median(mcp), 3),
    directP50Ms: round(median(raw), 3),
    differenceMs: round(median(mcp) - median(raw), 3),
    target: 1,
    calls: mcp.length,
  };
  log(
    `call overhead     describe via MCP stdio p50 ${results.overhead.mcpP50Ms} ms vs direct ${results.overhead.directP50Ms} ms: +${results.overhead.differenceMs} ms (target <= 1 ms)`,
  );
}

// ---- 3. concurrency ----------------------------------------------------------------------------
async function concurrent(call, inFlight, total) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) {
        const t = performance.now();
        try {
          await call();
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    inFlight,
    calls: total,
    perSecond: Math.round(total / seconds),
    p50Ms: round(median(latencies)),
    p95Ms: round(quantile(latencies, 0.95)),
    errors,
  };
}
async function startHttpServer() {
  const peer = stdioPeer([BIN, '--endpoint', emu.endpoint, '--protocol', 'http', '--http', '--port', '0'], env);
  peer.child.stderr.removeAllListeners('data');
  const url = await new Promise((resolve, reject) => {
    let text = '';
    peer.child.stderr.on('data', (chunk) => {
      text += chunk;
      const m = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(text);
      if (m) resolve(m[0]);
    });
    peer.child.once('exit', () => reject(new Error(`the HTTP server exited: ${text}`)));
  });
  peer.child.stderr.resume();
  return { url, stop: () => (peer.child.kill('SIGTERM'), new Promise((r) => peer.child.once('exit', r))) };
}
{
  results.concurrency = [];
  const http = await startHttpServer();
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
  const httpDescribe = async () => {
    const r = await client.callTool(describeCall);
    if (r.isError) throw new Error('isError');
  };
  for (const inFlight of [8, 32]) {
    const total = n(inFlight * 100, inFlight * 10);
    for (const [transport, call] of [
      ['stdio', mcpDescribe],
      ['http', httpDescribe],
    ]) {
      const row = { transport, ...(await concurrent(call, inFlight, total)) };
      results.concurrency.push(row);
      log(
        `concurrency       ${transport.padEnd(5)} ${String(inFlight).padStart(2)} in flight: ${row.perSecond} calls/s, p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms, errors ${row.errors}`,
      );
    }
  }
  await client.close();
  await http.stop();
}

// ---- 4. AllPages: 100 pages of 100, 20 ms added latency -------------------------------------------
{
  const agent = 'bench-allpages-agent';
  emu.addInstances(agent, 10_000);
  emu.setLatency(20);
  const sequential = async () => {
    for (let page = 1; page <= 100; page++) {
      const { body } = await directCall('ListAIAgentInstance', { AIAgentId: agent, PageSize: '100', PageNumber: String(page) });
      if (body.Instances.length < 100) break;
    }
  };
  const allPages = async () => {
    const reply = await server.request('tools/call', { name: 'ice_list_agent_instances', arguments: { AIAgentId: agent, AllPages: true } });
    if (reply.result.structuredContent.Count !== 10_000) throw new Error('AllPages did not return 10,000 instances');
  };
  const seq = [];
  const all = [];
  for (let i = 0; i < n(3, 1); i++) {
    let t = performance.now();
    await sequential();
    seq.push(performance.now() - t);
    t = performance.now();
    await allPages();
    all.push(performance.now() - t);
  }
  emu.setLatency(0);
  results.allPages = {
    allPagesMs: round(median(all)),
    sequentialMs: round(median(seq)),
    ratio: round(median(all) / median(seq), 3),
    target: 0.25,
    instances: 10_000,
  };
  log(
    `AllPages          10,000 instances: ${results.allPages.allPagesMs} ms vs ${results.allPages.sequentialMs} ms one page after another: ratio ${results.allPages.ratio} (target <= 0.25)`,
  );
}

// ---- 5. sizes ---------------------------------------------------------------------------------
{
  const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
  const tools = await server.request('tools/list');
  const list = async (Detail) =>
    (
      await server.request('tools/call', {
        name: 'ice_list_agent_instances',
        arguments: { AIAgentId: 'bench-allpages-agent', PageSize: 100, Detail },
      })
    ).result;
  results.sizes = {
    toolsListBytes: bytes(tools.result),
    toolsListTarget: 8192,
    list100SummaryBytes: bytes(await list('summary')),
    list100FullBytes: bytes(await list('full')),
  };
  log(
    `sizes             tools/list ${results.sizes.toolsListBytes} B (target <= 8192); 100-instance list: summary ${results.sizes.list100SummaryBytes} B, full ${results.sizes.list100FullBytes} B`,
  );
}

// ---- 6. memory over 10,000 calls on one connection ------------------------------------------------
// Warm-up runs until V8 has sized its heap for this load: RSS climbs for the first ~5,000 calls and
// then holds (read every 2,500 calls while tuning: 115, 144, 136, 148, 145, 152, 138, 142, 143 MB...).
// Growth after that is what a leak would show; RSS is also read half-way to tell a plateau from a climb.
{
  const peer = stdioPeer(serverArgs, env);
  await peer.initialize();
  const call = async () => {
    const reply = await peer.request('tools/call', describeCall);
    if (reply.result?.isError) throw new Error('isError');
  };
  await concurrent(call, 8, n(5_000, 500));
  const warm = rssMb(peer.child.pid);
  const first = await concurrent(call, 8, n(5_000, 500));
  const half = rssMb(peer.child.pid);
  const second = await concurrent(call, 8, n(5_000, 500));
  const after = rssMb(peer.child.pid);
  await peer.close();
  const calls = first.calls + second.calls;
  results.memory = {
    rssAfterWarmupMb: round(warm, 1),
    rssHalfwayMb: round(half, 1),
    rssAfterCallsMb: round(after, 1),
    growthMb: round(after - warm, 1),
    target: 20,
    calls,
    errors: first.errors + second.errors,
  };
  log(
    `memory            RSS ${results.memory.rssAfterWarmupMb} MB after warm-up, ${results.memory.rssHalfwayMb} MB half-way, ${results.memory.rssAfterCallsMb} MB after ${calls} calls: +${results.memory.growthMb} MB (target <= 20), errors ${results.memory.errors}`,
  );
}

// ---- replicas: three vs one, sharing Redis (bench/replicas.mjs) ------------------------------------
{
  const { measureReplicas } = await import('./replicas.mjs');
  results.replicas = await measureReplicas({ bin: BIN, emuEndpoint: emu.endpoint, env, instanceId: seedInstance, log, quick });
}

await server.close();
await emu.close();
results.machine = {
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  date: new Date().toISOString(),
  quick,
};
const out = new URL(quick ? './results.local.json' : './results.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
log(
  `\nwrote ${out.pathname.split('/').slice(-2).join('/')} (${results.machine.cpu}, ${results.machine.cores} cores, node ${results.machine.node})`,
);
