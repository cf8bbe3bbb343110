// Start-up: spawn to the `initialize` result, and to the first tools/list answer, for this server and
// for a minimal one-tool SDK server both as users write it (unbundled) and bundled by this project's
// own build. Rounds are interleaved, the order rotating each round, after warm-up rounds that are
// not counted. One round is five spawns of ~0.05-0.2 s each, and on a shared 2-core machine a single
// spawn varies by a third: the full run takes 61 rounds, so that the ratio moves by about a percent
// between runs rather than five. Standalone: `node bench/startup.mjs [rounds]` (after npm run build).
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundle } from '../scripts/build.mjs';
import { STANDALONE_STARTUP, fmtSpread, loadAverage, median, quantile, round, spread, stdioPeer } from './lib.mjs';

const MINIMAL = fileURLToPath(new URL('./minimal-server.mjs', import.meta.url));
const MINIMAL_PROGRAM = 'bench/minimal-program.mjs';

/** The minimal server bundled the way dist/ is, into a temporary directory, with dist/index.js's way of starting. */
export async function bundleMinimal() {
  const dir = mkdtempSync(join(tmpdir(), 'ice-bench-minimal-'));
  await bundle({ program: MINIMAL_PROGRAM, outdir: dir });
  return join(dir, 'index.js');
}

/**
 * A code cache of the run's own (src/cli/code-cache.ts follows XDG_CACHE_HOME), for both bundled
 * servers alike: filled by the warm-up rounds, removed at the end.
 */
export function withCodeCache(env) {
  const dir = mkdtempSync(join(tmpdir(), 'ice-bench-code-cache-'));
  return { env: { ...env, XDG_CACHE_HOME: dir }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function once(args, env) {
  const peer = stdioPeer(args, env);
  await peer.initialize();
  const init = performance.now() - peer.started;
  const list = await peer.request('tools/list');
  if (!list.result?.tools?.length) throw new Error(`no tools from ${args[0]}`);
  const firstList = performance.now() - peer.started;
  await peer.close();
  return { init, firstList };
}

/** Per-round ratios a/b (paired within a round, with their quartiles) and the ratio of the medians. */
function ratio(a, b, key) {
  const perRound = a.map((x, i) => x[key] / b[i][key]);
  return {
    ofMedians: round(median(a.map((x) => x[key])) / median(b.map((x) => x[key])), 3),
    perRound: { ...spread(perRound), q1: round(quantile(perRound, 0.25), 3), q3: round(quantile(perRound, 0.75), 3) },
  };
}

/** Each cache entry under `dir` with its inode: an entry V8 refused is written again, a new inode. */
function cacheEntries(dir) {
  const found = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else found.set(path, statSync(path).ino);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

/**
 * Start-up of each server, `rounds` interleaved rounds after `warmup` ones. The bundled servers run
 * twice: with the code cache the warm-up rounds fill (what a user gets from the second start on), and
 * with it off (a first start, or no usable cache directory).
 */
export async function measureStartup({ ours, env: baseEnv, rounds = 61, warmup = 3 }) {
  const minimalBundled = await bundleMinimal();
  const cache = withCodeCache(baseEnv);
  const cold = { ...baseEnv, ICE_MCP_CODE_CACHE: 'off' };
  const variants = {
    ours: [ours, cache.env],
    minimal: [[MINIMAL], baseEnv],
    minimalBundled: [[minimalBundled], cache.env],
    oursCold: [ours, cold],
    minimalBundledCold: [[minimalBundled], cold],
  };
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const loadBefore = loadAverage();
  let afterWarmup;
  let entries;
  try {
    for (let round = -warmup; round < rounds; round++) {
      if (round === 0) afterWarmup = cacheEntries(cache.env.XDG_CACHE_HOME);
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + Math.max(round, 0)) % names.length];
        const t = await once(...variants[name]);
        if (round >= 0) times[name].push(t);
      }
    }
    entries = cacheEntries(cache.env.XDG_CACHE_HOME);
  } finally {
    rmSync(dirname(minimalBundled), { recursive: true, force: true });
    cache.remove();
  }
  const summary = (xs, key) =>
    spread(
      xs.map((x) => x[key]),
      1,
    );
  return {
    rounds,
    warmupRounds: warmup,
    loadAverage: { before: loadBefore, after: loadAverage() },
    initializeMs: Object.fromEntries(names.map((n) => [n, summary(times[n], 'init')])),
    firstToolsListMs: Object.fromEntries(names.map((n) => [n, summary(times[n], 'firstList')])),
    ratioToMinimal: { ...ratio(times.ours, times.minimal, 'init'), target: 0.6, stretch: 0.4 },
    ratioToMinimalBundled: { ...ratio(times.ours, times.minimalBundled, 'init'), target: 1.05 },
    firstToolsListRatioToMinimal: ratio(times.ours, times.minimal, 'firstList'),
    firstToolsListRatioToMinimalBundled: ratio(times.ours, times.minimalBundled, 'firstList'),
    withoutCodeCache: {
      ratioToMinimal: { ...ratio(times.oursCold, times.minimal, 'init'), target: 0.6, stretch: 0.4 },
      ratioToMinimalBundled: { ...ratio(times.oursCold, times.minimalBundledCold, 'init'), target: 1.05 },
    },
    // The cache as the measured rounds found it, and whether any of them had to write an entry again.
    codeCache: {
      entries: afterWarmup.size,
      writtenDuringRounds: [...entries].filter(([path, ino]) => afterWarmup.get(path) !== ino).length,
    },
  };
}

export function printStartup(s, log) {
  const i = s.initializeMs;
  const l = s.firstToolsListMs;
  log(`start-up (${s.rounds} rounds, load average ${s.loadAverage.before.join(' ')} -> ${s.loadAverage.after.join(' ')})`);
  log(`  to initialize     ice-agent-mcp ${fmtSpread(i.ours)} ms`);
  log(`                    minimal SDK server, unbundled ${fmtSpread(i.minimal)} ms; bundled like dist/ ${fmtSpread(i.minimalBundled)} ms`);
  const verdict = (r) =>
    `goal <= ${r.target}: ${r.ofMedians <= r.target ? 'met' : 'MISSED'}${r.stretch ? `; stretch <= ${r.stretch}: ${r.ofMedians <= r.stretch ? 'met' : 'missed'}` : ''}`;
  const ratios = (unbundled, bundled) => {
    for (const [label, r] of [
      ['vs unbundled', unbundled],
      ['vs bundled', bundled],
    ]) {
      log(
        `  ratio ${label.padEnd(12)} ${r.ofMedians} (per round ${fmtSpread(r.perRound)}, middle half ${r.perRound.q1}-${r.perRound.q3}), ${verdict(r)}`,
      );
    }
  };
  log('  with the code cache (every start after the first):');
  ratios(s.ratioToMinimal, s.ratioToMinimalBundled);
  log(
    `  to first tools/list  ice-agent-mcp ${fmtSpread(l.ours)} ms, unbundled ${fmtSpread(l.minimal)} ms, bundled ${fmtSpread(l.minimalBundled)} ms`,
  );
  log(
    `                    ratios ${s.firstToolsListRatioToMinimal.ofMedians} ${fmtSpread(s.firstToolsListRatioToMinimal.perRound)} and ${s.firstToolsListRatioToMinimalBundled.ofMedians} ${fmtSpread(s.firstToolsListRatioToMinimalBundled.perRound)}`,
  );
  const c = s.withoutCodeCache;
  log(`  code cache off (a first start): ice-agent-mcp ${fmtSpread(i.oursCold)} ms, bundled minimal ${fmtSpread(i.minimalBundledCold)} ms`);
  ratios(c.ratioToMinimal, c.ratioToMinimalBundled);
  log(
    `  code cache        ${s.codeCache.entries} entries after warm-up, ${s.codeCache.writtenDuringRounds} written again during the rounds`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ours, env } = STANDALONE_STARTUP;
  printStartup(await measureStartup({ ours, env, rounds: Number(process.argv[2] ?? 61) }), console.log);
}
