// Per-call cost: ice_describe_agent_instance over stdio next to the same signed call made directly
// and next to a bare SDK server making it; then stdio and Streamable HTTP under load, measured with
// the same client (the SDK's), interleaved, with each process's CPU time per call.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { concurrent, cpuMs, loadAverage, median, ownCpuMs, quantile, round, rpcParams, spread, stdioPeer } from './lib.mjs';

const OpenApi = createRequire(import.meta.url)('@alicloud/openapi-client');
const BARE = fileURLToPath(new URL('./bare-call-server.mjs', import.meta.url));

/** The signed RPC call the server makes, straight through the client library, in this process. */
export function directCaller(key, endpoint) {
  const client = new OpenApi.default(
    new OpenApi.Config({ accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, endpoint, protocol: 'HTTP' }),
  );
  return (action, query) => client.callApi(new OpenApi.Params(rpcParams(action)), new OpenApi.OpenApiRequest({ query }), {});
}

const checked = (reply) => {
  if (reply.error || reply.result.isError) throw new Error(JSON.stringify(reply).slice(0, 300));
  return reply;
};

export async function measureOverhead({ ours, env, endpoint, key, instanceId, calls = 1000, warmup = 200, block = 100 }) {
  const direct = directCaller(key, endpoint);
  const bare = stdioPeer([BARE], { ...env, ICE_ENDPOINT: endpoint });
  await Promise.all([ours.initialize(), bare.initialize()]);
  const callers = {
    direct: () => direct('DescribeAIAgentInstance', { InstanceId: instanceId }),
    ours: async () =>
      checked(await ours.request('tools/call', { name: 'ice_describe_agent_instance', arguments: { InstanceId: instanceId } })),
    bare: async () => checked(await bare.request('tools/call', { name: 'describe', arguments: { InstanceId: instanceId } })),
  };
  const names = Object.keys(callers);
  for (let i = 0; i < warmup; i++) for (const name of names) await callers[name]();
  const ms = Object.fromEntries(names.map((n) => [n, []]));
  const cpu0 = { ours: cpuMs(ours.child.pid), bare: cpuMs(bare.child.pid) };
  const loadBefore = loadAverage();
  for (let i = 0; i < calls; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]; // rotate who goes first
      const t = performance.now();
      await callers[name]();
      ms[name].push(performance.now() - t);
    }
  }
  const cpuPerCall = (name) => round((cpuMs((name === 'ours' ? ours : bare).child.pid) - cpu0[name]) / calls, 3);
  const blocks = (a, b) =>
    Array.from(
      { length: Math.floor(calls / block) },
      (_, j) => median(ms[a].slice(j * block, (j + 1) * block)) - median(ms[b].slice(j * block, (j + 1) * block)),
    );
  const serverCpuMsPerCall = { ours: cpuPerCall('ours'), bare: cpuPerCall('bare') };
  await bare.close();
  return {
    calls,
    warmupCalls: warmup,
    loadAverage: { before: loadBefore, after: loadAverage() },
    p50Ms: Object.fromEntries(names.map((n) => [n, round(median(ms[n]), 3)])),
    p95Ms: Object.fromEntries(names.map((n) => [n, round(quantile(ms[n], 0.95), 3)])),
    oursOverDirectMs: { p50: round(median(ms.ours) - median(ms.direct), 3), perBlockOf100: spread(blocks('ours', 'direct')), target: 1 },
    bareOverDirectMs: { p50: round(median(ms.bare) - median(ms.direct), 3), perBlockOf100: spread(blocks('bare', 'direct')) },
    serverCpuMsPerCall,
  };
}

/**
 * The SDK's HTTP client transport passes one AbortSignal to every fetch; Node's fetch adds an abort
 * listener to it per request and drops it only when that request is garbage-collected, so thousands
 * pile up and Node warns (MaxListenersExceededWarning). A signal of its own per request, following
 * the shared one, keeps the same cancelling without the pile, and the warning away without hiding it.
 */
const ownSignalFetch = (url, init = {}) => fetch(url, init.signal ? { ...init, signal: AbortSignal.any([init.signal]) } : init);

async function httpServer(args, env) {
  const peer = stdioPeer([...args, '--http', '--port', '0'], env);
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
  return { url, pid: peer.child.pid, stop: () => (peer.child.kill('SIGTERM'), new Promise((r) => peer.child.once('exit', r))) };
}

export async function measureTransports({ serverArgs, env, instanceId, inFlights = [8, 32], perBlock = 50, rounds = 4 }) {
  const http = await httpServer(serverArgs, env);
  const stdioTransport = new StdioClientTransport({ command: process.execPath, args: serverArgs, env, stderr: 'ignore' });
  const clients = { stdio: new Client({ name: 'bench', version: '1.0.0' }), http: new Client({ name: 'bench', version: '1.0.0' }) };
  await clients.stdio.connect(stdioTransport);
  await clients.http.connect(new StreamableHTTPClientTransport(new URL(http.url), { fetch: ownSignalFetch }));
  const pids = { stdio: stdioTransport.pid, http: http.pid };
  const call = (t) => async () => {
    const r = await clients[t].callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: instanceId } });
    if (r.isError) throw new Error('isError');
  };
  const rows = [];
  const loadBefore = loadAverage();
  for (const inFlight of inFlights) {
    for (const t of ['stdio', 'http']) await concurrent(call(t), inFlight, inFlight * 20); // warm-up
    const acc = Object.fromEntries(['stdio', 'http'].map((t) => [t, { latencies: [], errors: 0, ms: 0, serverCpu: 0, benchCpu: 0 }]));
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 ? ['http', 'stdio'] : ['stdio', 'http']) {
        const [s0, b0] = [cpuMs(pids[t]), ownCpuMs()];
        const res = await concurrent(call(t), inFlight, inFlight * perBlock);
        const a = acc[t];
        a.latencies.push(...res.latencies);
        a.errors += res.errors;
        a.ms += res.ms;
        a.serverCpu += cpuMs(pids[t]) - s0;
        a.benchCpu += ownCpuMs() - b0;
      }
    }
    for (const [transport, a] of Object.entries(acc)) {
      const n = a.latencies.length;
      rows.push({
        transport,
        inFlight,
        calls: n,
        perSecond: Math.round(n / (a.ms / 1000)),
        p50Ms: round(median(a.latencies)),
        p95Ms: round(quantile(a.latencies, 0.95)),
        serverCpuMsPerCall: round(a.serverCpu / n, 3),
        benchCpuMsPerCall: round(a.benchCpu / n, 3),
        errors: a.errors,
      });
    }
  }
  await Promise.all([clients.stdio.close(), clients.http.close()]);
  await http.stop();
  return { rows, loadAverage: { before: loadBefore, after: loadAverage() } };
}
