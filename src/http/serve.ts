/**
 * Streamable HTTP: a plain node:http server with /mcp (guarded, see guards.ts), /healthz and nothing
 * else, an access log on stderr, and a graceful close.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpOptions } from '../config/config.js';
import { VERSION } from '../config/version.js';
import type { ServerDeps } from '../mcp/deps.js';
import { redactText } from '../redact/redact.js';
import { RPC, header, sendJson, sendRpcError } from './exchange.js';
import { requestsInProgress } from './drain.js';
import { WWW_AUTHENTICATE, bearerCheck, hostCheck } from './guards.js';
import { createMcpEndpoint, type SessionClock } from './mcp-endpoint.js';

export interface HttpServerHandle {
  /** http://host:port/mcp, reachable from this machine. */
  url: string;
  port: number;
  /** Stops accepting, lets requests in progress finish (bounded), closes every session, then resolves. */
  close(): Promise<void>;
  sessions(): number;
  /** Ends the sessions past their time now (tests, with an injected session clock). */
  sweepSessions(): void;
}

/** How long close() waits for requests in progress before cutting them off. */
export const CLOSE_GRACE_MS = 10_000;

/**
 * Idle keep-alive connections are closed by the side whose timer fires first; if that is the server
 * while a client sends on the same socket, the client gets a reset. So the server waits longer than
 * the usual idle timeouts of load balancers and proxies (60 s for AWS ALB and nginx), and clients
 * that read the Keep-Alive header (undici, Node's agent) close earlier on their side. The header
 * timeout must exceed it, or Node can end a reused socket while waiting for its next request.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;

const WILDCARD_URL_HOST: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '[::1]' };

/** The host part of a URL for a bind address: wildcards become the loopback they also listen on. */
function urlHost(host: string): string {
  return WILDCARD_URL_HOST[host] ?? (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
}

/** The request's path without its query; '' when the target cannot be parsed (it then gets a 404). */
function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

/** Serves /mcp over HTTP; access and error lines go to `deps.log`. */
export async function serveHttp(options: HttpOptions, deps: ServerDeps, clock?: SessionClock): Promise<HttpServerHandle> {
  const log = deps.log;
  const mcp = createMcpEndpoint(options, deps, clock);
  const token = options.tokens.length === 0 ? undefined : bearerCheck(options.tokens);
  let checkHost: ReturnType<typeof hostCheck> = () => ({ ok: false, message: 'Forbidden: not listening yet' });
  let stopping = false;

  // Requests being answered, except GET /mcp streams: those stay open for the session's lifetime.
  const inFlight = requestsInProgress();

  const route = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      // No Host check or token: probes often use a pod IP as Host, and nothing here is secret.
      // 503 whenever a new client would be turned away, so a load balancer sends it elsewhere.
      const { open, busy, max, canOpen } = mcp.numbers();
      const status = stopping ? 'stopping' : canOpen ? 'ok' : 'full';
      const numbers = options.stateless ? { stateless: true } : { sessions: open, busySessions: busy, maxSessions: max };
      sendJson(res, status === 'ok' ? 200 : 503, { status, version: VERSION, ...numbers, store: deps.stores.describe });
      return;
    }
    if (path !== '/mcp') {
      sendJson(res, 404, { error: 'Not found: the MCP endpoint is /mcp' });
      return;
    }
    const hostVerdict = checkHost(header(req, 'host'), header(req, 'origin'));
    if (!hostVerdict.ok) {
      sendRpcError(res, 403, RPC.serverError, hostVerdict.message);
      return;
    }
    const auth = token?.(header(req, 'authorization')) ?? 'ok';
    if (auth !== 'ok') {
      const challenge = auth === 'missing' ? WWW_AUTHENTICATE : `${WWW_AUTHENTICATE}, error="invalid_token"`;
      const message = `Unauthorized: ${auth === 'missing' ? 'send' : 'the server did not accept'} Authorization: Bearer <token>`;
      sendRpcError(res, 401, RPC.serverError, message, { 'www-authenticate': challenge });
      return;
    }
    if (stopping) res.setHeader('connection', 'close');
    await mcp.handle(req, res);
  };

  const server = createHttpServer({ connectionsCheckingInterval: options.connectionsCheckingIntervalMs }, (req, res) => {
    const started = performance.now();
    const path = pathOf(req.url);
    const logged = path.length > 200 ? `${path.slice(0, 200)}...` : path;
    if (!(path === '/mcp' && req.method === 'GET')) inFlight.add(res);
    res.once('close', () => {
      const status = res.headersSent ? res.statusCode : 0;
      log(`ice-agent-mcp http: ${req.method ?? '?'} ${logged} ${status} ${Math.round(performance.now() - started)}ms\n`);
    });
    route(req, res, path).catch((error: unknown) => {
      log(`ice-agent-mcp http: internal error: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
      sendRpcError(res, 500, RPC.serverError, 'Internal server error');
    });
  });

  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Slow clients cannot hold connections for long (Node's default for a whole request is 300 s), nor
  // open them without end; an event stream is a response, which neither limit touches. With a header
  // timeout larger than the request timeout, Node 20 did not end a slow body at the request timeout
  // (tried), so the header timeout is kept no larger.
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, options.requestTimeoutMs);
  server.requestTimeout = options.requestTimeoutMs;
  server.maxConnections = options.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  checkHost = hostCheck({ boundHost: options.host, port, allowedHosts: options.allowedHosts });
  const url = `http://${urlHost(options.host)}:${port}/mcp`;
  const mode = options.stateless
    ? 'stateless'
    : `sessions: at most ${options.maxSessions}, idle timeout ${Math.round(options.sessionIdleMs / 1000)} s`;
  const auth = options.tokens.length > 0 ? 'bearer token required' : 'no token, loopback only';
  log(`ice-agent-mcp: Streamable HTTP on ${url} (${mode}; ${auth}; shared state: ${deps.stores.describe})\n`);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    stopping = true;
    mcp.stopAccepting();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await inFlight.drained(CLOSE_GRACE_MS);
    await mcp.closeAll();
    server.closeAllConnections();
    await stopped;
  };

  return { url, port, close: () => (closing ??= close()), sessions: () => mcp.numbers().open, sweepSessions: () => mcp.sweep() };
}
