/**
 * The control API under /_emulator/: faults, latency, request log, instances. Loopback clients only,
 * and only with the Host/Origin rule of the MCP endpoint (src/http/guards.ts): a web page must not
 * plant data or read the request log (which holds unredacted tokens) by a cross-origin request or
 * through DNS rebinding.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostVerdict } from '../util/host-check.js';
import type { AgentInstance } from '../ice/types.js';
import type { FaultQueue } from './faults.js';
import { parseFault } from './faults.js';
import { isPlainObject } from './merge.js';
import type { RequestLog } from './request-log.js';
import type { InstanceStore } from './store.js';

export const ADMIN_PREFIX = '/_emulator/';
const MAX_BULK = 100_000;

export interface AdminDeps {
  endpoint: string;
  faults: FaultQueue;
  log: RequestLog;
  store: InstanceStore;
  setLatency: (ms: number) => void;
  latencyMs: () => number;
  /** The Host/Origin check for the address and port the emulator is bound to. */
  hostCheck: (host: string | undefined, origin: string | undefined) => HostVerdict;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Admin routes answer only clients on this machine. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

function parseJson(body: Buffer): unknown {
  try {
    return body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('The request body must be JSON.');
  }
}

export function handleAdminRequest(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, deps: AdminDeps): void {
  if (!isLoopback(req.socket.remoteAddress)) {
    reply(res, 403, { error: 'The emulator admin API only answers loopback clients.' });
    return;
  }
  if (!deps.hostCheck(req.headers.host, req.headers.origin).ok) {
    reply(res, 403, {
      error:
        'The emulator admin API answers only to a loopback Host with its own port, and to no other web Origin (DNS-rebinding protection).',
    });
    return;
  }
  try {
    const result = route(req.method ?? 'GET', url, body, deps);
    if (result === undefined) reply(res, 404, { error: `No admin route ${req.method ?? ''} ${url.pathname}.` });
    else reply(res, result.status, result.body);
  } catch (err) {
    reply(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}

type Routed = { status: number; body: unknown } | undefined;

function route(method: string, url: URL, body: Buffer, deps: AdminDeps): Routed {
  const path = url.pathname.slice(ADMIN_PREFIX.length);
  const ok = (value: unknown, status = 200): Routed => ({ status, body: value });
  switch (`${method} ${path}`) {
    case 'GET health':
      return ok({ status: 'ok', endpoint: deps.endpoint, instances: deps.store.size(), agents: deps.store.agentIds() });
    case 'GET faults':
      return ok({ faults: deps.faults.list() });
    case 'POST faults':
      deps.faults.add(parseFault(parseJson(body)));
      return ok({ faults: deps.faults.list() }, 201);
    case 'DELETE faults':
      deps.faults.clear();
      return ok({ faults: [] });
    case 'GET latency':
      return ok({ ms: deps.latencyMs() });
    case 'POST latency': {
      const input = parseJson(body);
      const ms = isPlainObject(input) ? input.ms : undefined;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error('Expected {"ms": N} with N >= 0.');
      deps.setLatency(ms);
      return ok({ ms });
    }
    case 'GET requests':
      return ok({ requests: deps.log.entries });
    case 'DELETE requests':
      deps.log.clear();
      return ok({ requests: [] });
    case 'GET instances': {
      const agent = url.searchParams.get('AIAgentId');
      return ok({ instances: deps.store.listInstances(agent ?? undefined) });
    }
    case 'POST instances':
      return ok({ InstanceIds: addInstances(parseJson(body), deps.store) }, 201);
  }
  const one = /^GET instances\/([^/]+)$/.exec(`${method} ${path}`);
  if (one?.[1] !== undefined) {
    const instance = deps.store.getInstance(decodeURIComponent(one[1]));
    return instance === undefined ? { status: 404, body: { error: 'No such instance.' } } : ok(instance);
  }
  return undefined;
}

/** Body: {"AIAgentId": "...", "count": N, "template"?: {...}}. */
function addInstances(input: unknown, store: InstanceStore): string[] {
  if (!isPlainObject(input) || typeof input.AIAgentId !== 'string' || input.AIAgentId === '') {
    throw new Error('Expected {"AIAgentId": "...", "count": N, "template"?: {...}}.');
  }
  const { count, template } = input;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BULK) {
    throw new Error(`"count" must be an integer from 1 to ${MAX_BULK}.`);
  }
  if (template !== undefined && !isPlainObject(template)) throw new Error('"template" must be an object.');
  return store.addGenerated(input.AIAgentId, count, template as Partial<AgentInstance> | undefined);
}
