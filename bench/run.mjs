// `npm run bench`: every comparison measured side by side, interleaved, in one run, with the load
// average and the spread printed next to each ratio. Prints a report and writes bench/results.json
// (bench/results.local.json with --quick, a smoke run). Everything runs on loopback.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEmulator, DEMO_KEYS } from '../dist/emulator/index.cjs';
import { directCaller, measureOverhead, measureTransports } from './calls.mjs';
import { fmtSpread, loadAverage, stdioPeer } from './lib.mjs';
import { measureAllPages, measureMemory } from './paging-memory.mjs';
import { measureSizes } from './sizes.mjs';
import { hasValgrind, measureInstructions, printInstructions } from './instructions.mjs';
import { measureStartup, printStartup } from './startup.mjs';

const quick = process.argv.includes('--quick');
const n = (full, small) => (quick ? small : full);
const log = (line) => process.stdout.write(`${line}\n`);

const BIN = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const key = DEMO_KEYS[0];
const emu = await startEmulator({ maxRecordedRequests: 1000 });
const instanceId = '39f8e0bc005e4f309379701645f4a1c2';
const env = {
  PATH: process.env.PATH,
  HOME: '/nonexistent',
  ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
};
const serverArgs = [BIN, '--endpoint', emu.endpoint, '--protocol', 'http', '--confirm', 'token'];
const describeCall = { name: 'ice_describe_agent_instance', arguments: { InstanceId: instanceId } };
const results = { loadAverageAtStart: loadAverage() };

results.startup = await measureStartup({ ours: serverArgs, env, rounds: n(61, 5), warmup: n(3, 1) });
printStartup(results.startup, log);
if (hasValgrind()) {
  results.startupInstructions = await measureInstructions({ ours: serverArgs, env, runs: n(5, 1) });
  printInstructions(results.startupInstructions, log);
} else {
  results.startupInstructions = { skipped: 'valgrind is not installed' };
  log('start-up in instructions: skipped, valgrind is not installed (apt-get install valgrind)');
}

const server = stdioPeer(serverArgs, env);
results.overhead = await measureOverhead({
  ours: server,
  env,
  endpoint: emu.endpoint,
  key,
  instanceId,
  calls: n(1000, 100),
  warmup: n(200, 20),
});
{
  const o = results.overhead;
  log(
    `call overhead (${o.calls} calls each, interleaved, load average ${o.loadAverage.before.join(' ')} -> ${o.loadAverage.after.join(' ')})`,
  );
  log(`  p50               direct signed call ${o.p50Ms.direct} ms, bare SDK server ${o.p50Ms.bare} ms, ice-agent-mcp ${o.p50Ms.ours} ms`);
  log(
    `  ice-agent-mcp     +${o.oursOverDirectMs.p50} ms over direct (per block of 100 ${fmtSpread(o.oursOverDirectMs.perBlockOf100)}), goal <= +1 ms: ${o.oursOverDirectMs.p50 <= 1 ? 'met' : 'MISSED'}`,
  );
  log(`  bare SDK server   +${o.bareOverDirectMs.p50} ms over direct (per block of 100 ${fmtSpread(o.bareOverDirectMs.perBlockOf100)})`);
  log(`  server CPU/call   ice-agent-mcp ${o.serverCpuMsPerCall.ours} ms, bare SDK server ${o.serverCpuMsPerCall.bare} ms`);
}

results.transports = await measureTransports({ serverArgs, env, instanceId, perBlock: n(50, 5), rounds: n(4, 2) });
log(
  `stdio vs Streamable HTTP (SDK client for both, interleaved, load average ${results.transports.loadAverage.before.join(' ')} -> ${results.transports.loadAverage.after.join(' ')})`,
);
for (const r of results.transports.rows) {
  log(
    `  ${r.transport.padEnd(5)} ${String(r.inFlight).padStart(2)} in flight  ${r.perSecond} calls/s, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms; CPU/call server ${r.serverCpuMsPerCall} ms, bench (client + emulator) ${r.benchCpuMsPerCall} ms; errors ${r.errors}`,
  );
}

results.allPages = await measureAllPages({ peer: server, emu, direct: directCaller(key, emu.endpoint), rounds: n(3, 1) });
{
  const a = results.allPages;
  log(`AllPages            10,000 instances: ${a.allPagesMs} ms vs ${a.sequentialMs} ms page after page: ratio ${a.ratio} (goal <= 0.25)`);
}

results.sizes = await measureSizes({ peer: server, emu, quick });
results.sizes.toolsListBytes = (await server.request('tools/list')).bytes;
{
  const s = results.sizes;
  log(`cost of size        (bytes: whole message = text block + structuredContent + framing)`);
  for (const d of s.describe) {
    log(
      `  describe, ${d.config.padEnd(6)}  ${fmtSpread(d.ms)} ms; ${d.messageBytes} B = text ${d.textBytes} B + structured ${d.structuredBytes} B + framing`,
    );
  }
  log(
    `  marginal cost     ${s.marginalMsPerMb.from10KbTo100Kb} ms/MB (10 KB -> 100 KB), ${s.marginalMsPerMb.from100KbTo1Mb} ms/MB (100 KB -> 1 MB); bytes per config byte ${s.bytesPerConfigByte.join(', ')}`,
  );
  for (const [view, l] of Object.entries(s.list100))
    log(
      `  list 100, ${view.padEnd(7)} ${fmtSpread(l.ms)} ms; ${l.messageBytes} B (text ${l.textBytes} B, structured ${l.structuredBytes} B)`,
    );
  log(`  largest message   ${s.largestMessageBytes} B (the SDK client's limit: ${s.clientLimitBytes} B); tools/list ${s.toolsListBytes} B`);
}
await server.close();

results.memory = await measureMemory({ serverArgs, env, describeCall, calls: n(5000, 500) });
{
  const m = results.memory;
  log(
    `memory              RSS ${m.rssAfterWarmupMb} MB after warm-up, ${m.rssHalfwayMb} MB half-way, ${m.rssAfterCallsMb} MB after ${m.calls} more calls: ${m.growthMb >= 0 ? '+' : ''}${m.growthMb} MB (goal <= 20), errors ${m.errors}`,
  );
  const h = m.liveHeapMb;
  log(
    `                    live heap after a full GC (a second server, the same calls) ${h.afterWarmup} / ${h.halfway} / ${h.afterCalls} MB: ${m.liveHeapGrowthMb >= 0 ? '+' : ''}${m.liveHeapGrowthMb} MB; external ${m.externalMb.afterWarmup} -> ${m.externalMb.afterCalls} MB`,
  );
}

// ---- replicas: three vs one, sharing Redis (bench/replicas.mjs) ------------------------------------
{
  const { measureReplicas } = await import('./replicas.mjs');
  results.replicas = await measureReplicas({ bin: BIN, emuEndpoint: emu.endpoint, env, instanceId, log, quick });
}

await emu.close();
results.machine = {
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  date: new Date().toISOString(),
  loadAverageAtEnd: loadAverage(),
  quick,
};
const out = new URL(quick ? './results.local.json' : './results.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
log(
  `\nwrote ${out.pathname.split('/').slice(-2).join('/')} (${results.machine.cpu}, ${results.machine.cores} cores, node ${results.machine.node})`,
);
