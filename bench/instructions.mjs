// Start-up in instructions, the measure a noisy machine cannot move much: each server runs under
// valgrind's callgrind from spawn to its initialize answer (bench/exit-after-initialize.mjs ends it
// there), this server and the minimal SDK server bundled the way dist/ is, with the code cache filled
// and with it off. Wall-clock start-up moves by a third from one spawn to the next on a shared 2-core
// machine; these counts move by about 1%.
// Needs valgrind (skipped with one line without it). Standalone: `node bench/instructions.mjs [runs]`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STANDALONE_STARTUP, median, round, spread, stdioPeer } from './lib.mjs';
import { bundleMinimal, withCodeCache } from './startup.mjs';

const HOOK = fileURLToPath(new URL('./exit-after-initialize.mjs', import.meta.url));
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 'count-initialize',
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } },
};

export const hasValgrind = () => spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;

/** Instructions one start-up executes, in millions. */
async function count(args, env) {
  const dir = mkdtempSync(join(tmpdir(), 'ice-bench-callgrind-'));
  try {
    const child = spawn(
      'valgrind',
      ['--tool=callgrind', `--callgrind-out-file=${dir}/out`, process.execPath, '--single-threaded', `--import=${HOOK}`, ...args],
      { env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', () => {}); // it may be gone before its stdin is closed
    child.stdin.end(`${JSON.stringify(INITIALIZE)}\n`);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    const out = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const total = /^summary: (\d+)/m.exec(out)?.[1];
    if (code !== 0 || total === undefined) throw new Error(`callgrind run of ${args[0]} failed (exit ${code}): ${stderr.slice(-500)}`);
    return Number(total) / 1e6;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One ordinary session (initialize, initialized, tools/list), which fills the code cache; with the
 * Node options the counted runs have, since the cache keeps a directory per set of options (and V8
 * refuses data made under other flags). The hook ends only a counting run.
 */
async function session(args, env) {
  const peer = stdioPeer(['--single-threaded', `--import=${HOOK}`, ...args], env);
  await peer.initialize();
  await peer.request('tools/list');
  await peer.close();
}

/**
 * Runs both servers `runs` times, alternating, two at a time (one per core): with the code cache a
 * session of each has filled, and with none (a first start).
 */
export async function measureInstructions({ ours, env, runs = 5 }) {
  const minimal = await bundleMinimal();
  const cache = withCodeCache(env);
  const cold = { ...env, ICE_MCP_CODE_CACHE: 'off' };
  const counts = { ours: [], minimalBundled: [], oursCold: [], minimalBundledCold: [] };
  try {
    await Promise.all([session(ours, cache.env), session([minimal], cache.env)]);
    for (let i = 0; i < runs; i++) {
      const [a, b] = await Promise.all([count(ours, cache.env), count([minimal], cache.env)]);
      const [c, d] = await Promise.all([count(ours, cold), count([minimal], cold)]);
      counts.ours.push(a);
      counts.minimalBundled.push(b);
      counts.oursCold.push(c);
      counts.minimalBundledCold.push(d);
    }
  } finally {
    rmSync(dirname(minimal), { recursive: true, force: true });
    cache.remove();
  }
  const millions = Object.fromEntries(Object.entries(counts).map(([k, xs]) => [k, spread(xs, 1)]));
  return {
    runs,
    millionInstructions: millions,
    ratioToMinimalBundled: round(median(counts.ours) / median(counts.minimalBundled), 3),
    ratioOfMinimums: round(Math.min(...counts.ours) / Math.min(...counts.minimalBundled), 3),
    withoutCodeCache: {
      ratioToMinimalBundled: round(median(counts.oursCold) / median(counts.minimalBundledCold), 3),
      ratioOfMinimums: round(Math.min(...counts.oursCold) / Math.min(...counts.minimalBundledCold), 3),
    },
  };
}

export function printInstructions(r, log) {
  const m = r.millionInstructions;
  const line = (a, b) =>
    `ice-agent-mcp ${a.min} / ${a.median} / ${a.max} M; minimal SDK server bundled like dist/ ${b.min} / ${b.median} / ${b.max} M`;
  log(`start-up in instructions (callgrind, spawn to the initialize answer, ${r.runs} run${r.runs === 1 ? '' : 's'} each)`);
  log(`  code cache on   ${line(m.ours, m.minimalBundled)}`);
  log(`                  ratio ${r.ratioToMinimalBundled} of the medians, ${r.ratioOfMinimums} of the minimums`);
  log(`  code cache off  ${line(m.oursCold, m.minimalBundledCold)}`);
  log(
    `                  ratio ${r.withoutCodeCache.ratioToMinimalBundled} of the medians, ${r.withoutCodeCache.ratioOfMinimums} of the minimums`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!hasValgrind()) {
    console.log('start-up in instructions: skipped, valgrind is not installed (apt-get install valgrind)');
  } else {
    const { ours, env } = STANDALONE_STARTUP;
    printInstructions(await measureInstructions({ ours, env, runs: Number(process.argv[2] ?? 5) }), console.log);
  }
}
