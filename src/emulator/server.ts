/** The emulator's HTTP server: routes requests, owns the shared state, closes cleanly. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostCheck } from '../util/host-check.js';
import { ADMIN_PREFIX, handleAdminRequest, type AdminDeps } from './admin.js';
import { handleApiRequest, type ApiDeps } from './api-handler.js';
import { FaultQueue } from './faults.js';
import { DEMO_KEYS } from './keys.js';
import { NonceCache } from './nonce-cache.js';
import { Directory } from './directory.js';
import type { OperationContext } from './operation-context.js';
import { RequestLog } from './request-log.js';
import { DEMO_SEED_PATH, loadSeed } from './seed.js';
import { InstanceStore } from './store.js';
import type { Emulator, StartEmulatorOptions } from './types.js';

const MAX_BODY_BYTES = 1024 * 1024;
const CALL_LOG_PATH = /^\/call-logs\/([^/]+)\.json$/;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function plainJson(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Call logs are download URLs: plain GETs, no signature, like a pre-signed object URL. */
function serveCallLog(req: IncomingMessage, res: ServerResponse, instanceId: string, store: InstanceStore): void {
  const instance = store.get(instanceId);
  if (req.method !== 'GET' && req.method !== 'HEAD') plainJson(res, 405, JSON.stringify({ error: 'Call logs are read with GET.' }));
  else if (instance?.callLog === undefined) plainJson(res, 404, JSON.stringify({ error: 'No call log for this instance.' }));
  else plainJson(res, 200, JSON.stringify(instance.callLog));
}

/** Starts the emulator on loopback (a free port unless `port` is given) with the demo seed and keys. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const keys = options.keys ?? DEMO_KEYS;
  const store = new InstanceStore(now);
  const seed = loadSeed(options.seed ?? DEMO_SEED_PATH);
  store.loadSeed(seed);
  const directory = new Directory();
  directory.load(seed);
  const faults = new FaultQueue();
  const log = new RequestLog(options.maxRecordedRequests);
  const timers = new Set<NodeJS.Timeout>();
  let latencyMs = 0;
  let closed = false;

  const ctx: OperationContext = { store, directory, now, baseUrl: '', listIncludesInstanceId: options.listIncludesInstanceId ?? false };
  const schedule = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) fn();
    }, ms);
    timers.add(timer);
  };
  const setLatency = (ms: number): void => {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('Latency must be a non-negative number of milliseconds.');
    latencyMs = ms;
  };
  const apiDeps: ApiDeps = { keys, now, nonces: new NonceCache(), faults, log, ctx, latencyMs: () => latencyMs, schedule };
  const adminDeps: AdminDeps = {
    endpoint: '',
    faults,
    log,
    store,
    setLatency,
    latencyMs: () => latencyMs,
    // Until the port is known nothing is answered; listen() below sets the real rule.
    hostCheck: () => ({ ok: false, message: 'Forbidden: the emulator is starting.' }),
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    readBody(req).then(
      (body) => {
        if (body === undefined) plainJson(res, 413, JSON.stringify({ error: 'Request body larger than 1 MiB.' }));
        else if (url.pathname.startsWith(ADMIN_PREFIX)) handleAdminRequest(req, res, url, body, adminDeps);
        else {
          const callLog = CALL_LOG_PATH.exec(url.pathname);
          if (callLog?.[1] !== undefined) serveCallLog(req, res, decodeURIComponent(callLog[1]), store);
          else handleApiRequest(req, res, url, body, apiDeps);
        }
      },
      () => req.socket.destroy(),
    );
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const endpoint = `${hostPart}:${port}`;
  ctx.baseUrl = `http://${endpoint}`;
  adminDeps.endpoint = endpoint;
  adminDeps.hostCheck = hostCheck({ boundHost: host, port, allowedHosts: [] });

  return {
    endpoint,
    baseUrl: ctx.baseUrl,
    keys,
    requests: log.entries,
    clearRequests: () => log.clear(),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    setLatency,
    addInstances: (aiAgentId, count, template) => store.addGenerated(aiAgentId, count, template),
    store,
    dialogues: (sessionId) => directory.dialogues(sessionId),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) {
          resolve();
          return;
        }
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Keep-alive sockets and hanging requests would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
