// Start-up only, for quick checks while tuning: `node bench/startup.mjs [runs]` (npm run bench has it all).
import { performance } from 'node:perf_hooks';
import { median, round, stdioPeer } from './lib.mjs';

const BIN = new URL('../dist/index.js', import.meta.url).pathname;
const MINIMAL = new URL('./minimal-server.mjs', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 15);
const ours = [];
const minimal = [];
for (let i = -1; i < runs; i++) {
  for (const [args, into] of [
    [[BIN], ours],
    [[MINIMAL], minimal],
  ]) {
    const peer = stdioPeer(args);
    await peer.initialize();
    if (i >= 0) into.push(performance.now() - peer.started); // run -1 warms the file cache
    await peer.close();
  }
}
console.log(
  `ice-agent-mcp ${round(median(ours))} ms, minimal ${round(median(minimal))} ms, ratio ${round(median(ours) / median(minimal), 3)}`,
);
