// Start-up in instructions, the measure a noisy machine cannot move much: each server runs under
// valgrind's callgrind from spawn to its initialize answer (bench/exit-after-initialize.mjs ends it
// there), this server and the minimal SDK server bundled the way dist/ is. Wall-clock start-up moves
// by a third from one spawn to the next on a shared 2-core machine; these counts move by about 1%.
// Needs valgrind (skipped with one line without it). Standalone: `node bench/instructions.mjs [runs]`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STANDALONE_STARTUP, median, round, spread } from './lib.mjs';
import { bundleMinimal } from './startup.mjs';

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

/** Runs both servers `runs` times, alternating, two at a time (one per core). */
export async function measureInstructions({ ours, env, runs = 5 }) {
  const minimal = await bundleMinimal();
  const counts = { ours: [], minimalBundled: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const [a, b] = await Promise.all([count(ours, env), count([minimal], env)]);
      counts.ours.push(a);
      counts.minimalBundled.push(b);
    }
  } finally {
    rmSync(dirname(minimal), { recursive: true, force: true });
  }
  return {
    runs,
    millionInstructions: { ours: spread(counts.ours, 1), minimalBundled: spread(counts.minimalBundled, 1) },
    ratioToMinimalBundled: round(median(counts.ours) / median(counts.minimalBundled), 3),
    ratioOfMinimums: round(Math.min(...counts.ours) / Math.min(...counts.minimalBundled), 3),
  };
}

export function printInstructions(r, log) {
  const m = r.millionInstructions;
  log(`start-up in instructions (callgrind, spawn to the initialize answer, ${r.runs} run${r.runs === 1 ? '' : 's'} each)`);
  log(
    `  ice-agent-mcp ${m.ours.min} / ${m.ours.median} / ${m.ours.max} M; minimal SDK server bundled like dist/ ${m.minimalBundled.min} / ${m.minimalBundled.median} / ${m.minimalBundled.max} M`,
  );
  log(`  ratio ${r.ratioToMinimalBundled} of the medians, ${r.ratioOfMinimums} of the minimums`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!hasValgrind()) {
    console.log('start-up in instructions: skipped, valgrind is not installed (apt-get install valgrind)');
  } else {
    const { ours, env } = STANDALONE_STARTUP;
    printInstructions(await measureInstructions({ ours, env, runs: Number(process.argv[2] ?? 5) }), console.log);
  }
}
