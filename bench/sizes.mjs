// The cost of size: describe of instances carrying 10 KB, 100 KB and 1 MB of configuration, and a
// 100-instance list in both views. Latency and bytes, with the bytes split into the text block and
// structuredContent (a large result is whole once, in structuredContent; its text copy is cut to 64 KiB).
import { performance } from 'node:perf_hooks';
import { median, round, spread } from './lib.mjs';

/** An AgentConfig of about `bytes` of JSON: a knowledge list of short entries, as a prompt might carry. */
function configOf(bytes) {
  const entry = (i) => ({ Id: `k${i}`, Text: `Entry ${i}: opening hours, prices and the refund policy, in plain words.` });
  const per = JSON.stringify(entry(1000)).length + 1;
  return { TtsConfig: { VoiceId: 'longxiaochun_v2' }, Knowledge: Array.from({ length: Math.ceil(bytes / per) }, (_, i) => entry(i)) };
}

async function timed(peer, params, calls) {
  for (let i = 0; i < 3; i++) await peer.request('tools/call', params); // warm-up
  const ms = [];
  let reply;
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    reply = await peer.request('tools/call', params);
    ms.push(performance.now() - t);
  }
  if (reply.error || reply.result.isError) throw new Error(JSON.stringify(reply).slice(0, 300));
  const text = reply.result.content.filter((c) => c.type === 'text').reduce((n, c) => n + Buffer.byteLength(c.text), 0);
  return {
    ms: spread(ms, 2),
    messageBytes: reply.bytes,
    textBytes: text,
    structuredBytes: Buffer.byteLength(JSON.stringify(reply.result.structuredContent)),
  };
}

export async function measureSizes({ peer, emu, quick }) {
  const describes = [];
  for (const [label, bytes, calls] of [
    ['10 KB', 10_000, quick ? 5 : 40],
    ['100 KB', 100_000, quick ? 5 : 30],
    ['1 MB', 1_000_000, quick ? 3 : 15],
  ]) {
    const config = configOf(bytes);
    const [id] = emu.addInstances(`bench-size-${bytes}`, 1, { AgentConfig: config });
    const row = await timed(peer, { name: 'ice_describe_agent_instance', arguments: { InstanceId: id } }, calls);
    describes.push({ config: label, configBytes: JSON.stringify(config).length, calls, ...row });
  }
  emu.addInstances('bench-list-agent', 100);
  const list = {};
  for (const Detail of ['summary', 'full']) {
    list[Detail] = await timed(
      peer,
      { name: 'ice_list_agent_instances', arguments: { AIAgentId: 'bench-list-agent', PageSize: 100, Detail } },
      quick ? 5 : 30,
    );
  }
  const [small, mid, large] = describes;
  const perMb = (a, b) => round((b.ms.median - a.ms.median) / ((b.configBytes - a.configBytes) / 1e6), 2);
  return {
    describe: describes,
    // Linear growth: the marginal cost per MB is the same between 10 KB and 100 KB as between 100 KB and 1 MB.
    marginalMsPerMb: { from10KbTo100Kb: perMb(small, mid), from100KbTo1Mb: perMb(mid, large) },
    bytesPerConfigByte: describes.map((d) => round(d.messageBytes / d.configBytes, 2)),
    list100: list,
    largestMessageBytes: Math.max(...describes.map((d) => d.messageBytes), list.full.messageBytes),
    clientLimitBytes: 10 * 2 ** 20,
  };
}
