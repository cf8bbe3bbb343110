// Start-up only: `node bench/startup.mjs [runs]`, interleaved medians (a quick check while tuning).
import { performance } from 'node:perf_hooks';
import { median, round, stdioPeer } from './lib.mjs';

const BIN = process.env.BIN ?? new URL('../dist/index.js', import.meta.url).pathname;
const MINIMAL = new URL('./minimal-server.mjs', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 15);
async function once(args) {
  const peer = stdioPeer(args);
  await peer.initialize();
  const ms = performance.now() - peer.started;
  await peer.close();
  return ms;
}
const ours = [];
const minimal = [];
await once([BIN]);
await once([MINIMAL]);
for (let i = 0; i < runs; i++) {
  ours.push(await once([BIN]));
  minimal.push(await once([MINIMAL]));
}
console.log(`ice-agent-mcp ${round(median(ours))} ms, minimal ${round(median(minimal))} ms, ratio ${round(median(ours) / median(minimal), 3)}`);
