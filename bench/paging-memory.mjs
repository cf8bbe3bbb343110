// AllPages against one-page-after-another, and memory over many calls on one connection.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { concurrent, median, round, rssMb, stdioPeer } from './lib.mjs';

/** 100 pages of 100 with 20 ms added per request: AllPages against fetching page after page. */
export async function measureAllPages({ peer, emu, direct, rounds }) {
  const agent = 'bench-allpages-agent';
  emu.addInstances(agent, 10_000);
  emu.setLatency(20);
  const sequential = async () => {
    for (let page = 1; page <= 100; page++) {
      const { body } = await direct('ListAIAgentInstance', { AIAgentId: agent, PageSize: '100', PageNumber: String(page) });
      if (body.Instances.length < 100) break;
    }
  };
  const allPages = async () => {
    const reply = await peer.request('tools/call', { name: 'ice_list_agent_instances', arguments: { AIAgentId: agent, AllPages: true } });
    if (reply.result.structuredContent.Count !== 10_000) throw new Error('AllPages did not return 10,000 instances');
  };
  const seq = [];
  const all = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await sequential();
    seq.push(performance.now() - t);
    t = performance.now();
    await allPages();
    all.push(performance.now() - t);
  }
  emu.setLatency(0);
  return {
    allPagesMs: round(median(all)),
    sequentialMs: round(median(seq)),
    ratio: round(median(all) / median(seq), 3),
    target: 0.25,
    instances: 10_000,
    rounds,
  };
}

const HEAP_PROBE = fileURLToPath(new URL('./heap-probe.mjs', import.meta.url));

/** What the server still holds after a full collection (bench/heap-probe.mjs answers SIGUSR2). */
function heapReader(child) {
  let err = '';
  const waiting = [];
  child.stderr.on('data', (chunk) => {
    err += chunk;
    for (let m = /heap-probe (.*)\n/.exec(err); m; m = /heap-probe (.*)\n/.exec(err)) {
      err = err.slice(m.index + m[0].length);
      waiting.shift()?.(JSON.parse(m[1]));
    }
  });
  return () => new Promise((resolve) => (waiting.push(resolve), child.kill('SIGUSR2')));
}

// Warm-up runs until V8 has sized its heap for this load: RSS climbs for the first ~5,000 calls and
// then holds. Growth after that is what a leak would show; RSS is also read half-way to tell a
// plateau from a climb. RSS follows GC timing and load, so a second server, run the same way, reports
// its live heap after a full collection at the same points: a leak shows there whatever the collector
// did. (The collections it forces would move the first one's RSS, hence two servers.)
export async function measureMemory({ serverArgs, env, describeCall, calls }) {
  const run = async (args, read) => {
    const peer = stdioPeer(args, env);
    const reader = read(peer.child);
    await peer.initialize();
    const call = async () => {
      const reply = await peer.request('tools/call', describeCall);
      if (reply.result?.isError) throw new Error('isError');
    };
    await concurrent(call, 8, calls);
    const warm = await reader();
    const first = await concurrent(call, 8, calls);
    const half = await reader();
    const second = await concurrent(call, 8, calls);
    const after = await reader();
    await peer.close();
    return { warm, half, after, errors: first.errors + second.errors };
  };
  const rss = await run(serverArgs, (child) => async () => rssMb(child.pid));
  const heap = await run(['--expose-gc', `--import=${HEAP_PROBE}`, ...serverArgs], heapReader);
  return {
    rssAfterWarmupMb: round(rss.warm, 1),
    rssHalfwayMb: round(rss.half, 1),
    rssAfterCallsMb: round(rss.after, 1),
    growthMb: round(rss.after - rss.warm, 1),
    target: 20,
    liveHeapMb: { afterWarmup: heap.warm.heapUsedMb, halfway: heap.half.heapUsedMb, afterCalls: heap.after.heapUsedMb },
    liveHeapGrowthMb: round(heap.after.heapUsedMb - heap.warm.heapUsedMb, 1),
    externalMb: { afterWarmup: heap.warm.externalMb, afterCalls: heap.after.externalMb },
    calls: 2 * calls,
    errors: rss.errors + heap.errors,
  };
}
