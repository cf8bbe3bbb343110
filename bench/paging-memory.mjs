// AllPages against one-page-after-another, and memory over many calls on one connection.
import { performance } from 'node:perf_hooks';
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

// Warm-up runs until V8 has sized its heap for this load: RSS climbs for the first ~5,000 calls and
// then holds. Growth after that is what a leak would show; RSS is also read half-way to tell a
// plateau from a climb.
export async function measureMemory({ serverArgs, env, describeCall, calls }) {
  const peer = stdioPeer(serverArgs, env);
  await peer.initialize();
  const call = async () => {
    const reply = await peer.request('tools/call', describeCall);
    if (reply.result?.isError) throw new Error('isError');
  };
  await concurrent(call, 8, calls);
  const warm = rssMb(peer.child.pid);
  const first = await concurrent(call, 8, calls);
  const half = rssMb(peer.child.pid);
  const second = await concurrent(call, 8, calls);
  const after = rssMb(peer.child.pid);
  await peer.close();
  return {
    rssAfterWarmupMb: round(warm, 1),
    rssHalfwayMb: round(half, 1),
    rssAfterCallsMb: round(after, 1),
    growthMb: round(after - warm, 1),
    target: 20,
    calls: 2 * calls,
    errors: first.errors + second.errors,
  };
}
