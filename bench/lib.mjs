// Small helpers shared by the benchmarks: statistics, a raw stdio JSON-RPC driver, /proc readings.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The RPC parameters of every ICE call, as src/ice/openapi-caller.ts sends them. */
export const rpcParams = (action) => ({
  action,
  version: '2020-11-09',
  protocol: 'HTTPS',
  pathname: '/',
  method: 'POST',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'json',
});

/**
 * What the standalone start-up benchmarks run: the built server, and a clean environment, as in
 * bench/run.mjs (variables such as NODE_EXTRA_CA_CERTS make every Node process slower to start, and
 * would hide the difference between the servers).
 */
export const STANDALONE_STARTUP = {
  ours: [fileURLToPath(new URL('../dist/index.js', import.meta.url)), '--endpoint', '127.0.0.1:9', '--protocol', 'http'],
  env: { PATH: process.env.PATH, HOME: '/nonexistent', ALIBABA_CLOUD_ACCESS_KEY_ID: 'bench', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'bench' },
};

export const median = (xs) => quantile(xs, 0.5);
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
/** min, median and max, rounded: printed with every figure so a noisy run shows as one. */
export const spread = (xs, digits = 3) => ({
  min: round(Math.min(...xs), digits),
  median: round(median(xs), digits),
  max: round(Math.max(...xs), digits),
});
export const fmtSpread = (s) => `[min ${s.min}, median ${s.median}, max ${s.max}]`;
export const loadAverage = () => os.loadavg().map((x) => round(x, 2));

/** RSS of a process in MB, from /proc (Linux). */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux, whatever the kernel's own HZ
/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (10 ms steps). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime and stime are fields 14 and 15
}
/** CPU time of this process so far, in ms. */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export const INIT = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'bench', version: '1.0.0' },
};

/**
 * Spawns a stdio MCP server and speaks newline-delimited JSON-RPC to it directly, so that client-side
 * overhead is the same for every server measured. `request` resolves with the message and its size.
 */
export function stdioPeer(args, env = process.env) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = new Map();
  let buffer = '';
  let nextId = 1;
  child.stderr.resume();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const message = JSON.parse(line);
      const resolve = waiting.get(message.id);
      if (resolve) {
        waiting.delete(message.id);
        Object.defineProperty(message, 'bytes', { value: Buffer.byteLength(line) + 1 });
        resolve(message);
      }
    }
  });
  const request = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  return {
    child,
    started,
    request,
    notify: (method, params = {}) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`),
    async initialize() {
      const result = await request('initialize', INIT);
      this.notify('notifications/initialized');
      return result;
    },
    close() {
      child.stdin.end();
      return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

/** Runs `fn` `total` times with `inFlight` calls at a time; latencies, errors and the elapsed time. */
export async function concurrent(fn, inFlight, total) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) {
        const t = performance.now();
        try {
          await fn();
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, errors, ms: performance.now() - start };
}
