/**
 * The /mcp endpoint once a request has passed the Host/Origin and token checks: reads the body and
 * hands the request to the right MCP server, one per session (stateful) or one per POST (stateless).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { HttpOptions } from '../config/config.js';
import type { ServerDeps } from '../mcp/deps.js';
import { connect } from '../mcp/connect.js';
import { createServer } from '../mcp/server.js';
import { RPC, header, readJsonBody, sendRpcError } from './exchange.js';
import { countCalls } from './in-flight.js';
import { ownerOf } from './owner.js';
import { SessionTable, type CloseReason, type SessionOptions } from './sessions.js';

/** For tests: the session table's clock, and sweeps only when asked (sweepEveryMs 0). */
export type SessionClock = Pick<SessionOptions, 'now' | 'sweepEveryMs'>;

export interface SessionNumbers {
  open: number;
  busy: number;
  max: number;
  /** Whether a new client would get a session (or a stateless call be served) now. */
  canOpen: boolean;
}

export interface McpEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  numbers(): SessionNumbers;
  /** From now on new sessions (and stateless calls) get 503; open sessions keep working. */
  stopAccepting(): void;
  closeAll(): Promise<void>;
  /** Ends the sessions past their time now (tests drive expiry with an injected clock). */
  sweep(): void;
}

/** The `retry` field of SSE streams: how long a client whose stream was cut waits before resuming. */
export const SSE_RETRY_MS = 1000;

const initializes = (body: unknown): boolean =>
  Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : isInitializeRequest(body);

const CLOSED: Record<CloseReason, (o: HttpOptions) => string> = {
  idle: (o) => `closed a session idle for ${o.sessionIdleMs} ms`,
  unused: (o) => `closed a session that only initialized, after ${o.sessionGraceMs} ms`,
  evicted: (o) => `closed the least recently used idle session to make room (at most ${o.maxSessions})`,
};

/** Every server built here shares `deps`: a token issued while answering one request is honoured in the next. */
export function createMcpEndpoint(options: HttpOptions, deps: ServerDeps, clock: SessionClock = {}): McpEndpoint {
  const { log } = deps;
  const table = new SessionTable(
    { max: options.maxSessions, idleMs: options.sessionIdleMs, graceMs: options.sessionGraceMs },
    { ...clock, onClosed: (reason, open) => log(`ice-agent-mcp http: ${CLOSED[reason](options)} (${open} open)\n`) },
  );
  const perRequest = new Set<McpServer>();
  let accepting = true;
  // With configured tokens each is an identity with its own recently seen instances.
  const serverFor = (owner: string): McpServer =>
    createServer(options.tokens.length > 0 ? { ...deps, recent: deps.recentFor(owner) } : deps);

  const shuttingDown = (res: ServerResponse): void =>
    sendRpcError(res, 503, RPC.serverError, 'Service unavailable: the server is shutting down', { connection: 'close' });

  const body = async (req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> => {
    const result = await readJsonBody(req, options.maxBodyBytes);
    if (result.ok) return result;
    sendRpcError(res, result.status, result.status === 413 ? RPC.serverError : RPC.parseError, result.message, { connection: 'close' });
    return undefined;
  };

  const stateless = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      sendRpcError(res, 405, RPC.serverError, 'Method not allowed: this server is stateless, send each message as a POST', {
        allow: 'POST',
      });
      return;
    }
    const parsed = await body(req, res);
    if (!parsed) return;
    if (!accepting) return shuttingDown(res);
    // No event store: a stateless stream cannot be resumed, no replica keeps the request it belongs to.
    const server = serverFor(ownerOf(header(req, 'authorization')));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    perRequest.add(server);
    res.once('close', () => {
      perRequest.delete(server);
      void server.close().catch(() => {});
    });
    await connect(server, transport);
    await transport.handleRequest(req, res, parsed.value);
  };

  const open = async (req: IncomingMessage, res: ServerResponse, value: unknown, owner: string): Promise<void> => {
    if (!accepting) return shuttingDown(res);
    if (!table.makeRoom()) {
      const message = `Service unavailable: all ${options.maxSessions} sessions have a call in progress; retry shortly`;
      sendRpcError(res, 503, RPC.serverError, message, { 'retry-after': '5' });
      return;
    }
    // The id is chosen here so the session is counted before the initialize call completes.
    const id = randomUUID();
    const server = serverFor(owner);
    const events = deps.stores.events(id);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => id, eventStore: events, retryInterval: SSE_RETRY_MS });
    transport.onclose = () => table.forget(id);
    table.add(id, { server, transport, owner, dispose: () => events.dispose() });
    await connect(server, transport);
    countCalls(transport, { started: (method) => table.callStarted(id, method), ended: () => table.callEnded(id) });
    await transport.handleRequest(req, res, value);
    // A refused initialize (wrong Accept header, bad protocol version...) leaves no session behind.
    if (transport.sessionId === undefined) await table.close(id);
  };

  const stateful = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      sendRpcError(res, 405, RPC.serverError, 'Method not allowed', { allow: 'GET, POST, DELETE' });
      return;
    }
    const parsed = req.method === 'POST' ? await body(req, res) : { value: undefined };
    if (!parsed) return;
    const owner = ownerOf(header(req, 'authorization'));
    const id = header(req, 'mcp-session-id');
    if (id === undefined) {
      if (req.method === 'POST' && initializes(parsed.value)) return open(req, res, parsed.value, owner);
      sendRpcError(res, 400, RPC.serverError, 'Bad Request: no Mcp-Session-Id header; start a session with an initialize request');
      return;
    }
    // Another token's session is answered exactly like an unknown one: its existence is not revealed.
    const session = table.get(id, owner);
    if (!session) {
      sendRpcError(res, 404, RPC.sessionNotFound, 'Session not found: it expired or was closed; initialize a new one');
      return;
    }
    table.touch(id);
    await session.transport.handleRequest(req, res, parsed.value);
  };

  return {
    handle: options.stateless ? stateless : stateful,
    numbers: () => ({
      open: table.size,
      busy: table.busy,
      max: options.maxSessions,
      canOpen: accepting && (options.stateless || table.canOpen()),
    }),
    stopAccepting: () => {
      accepting = false;
    },
    sweep: () => table.sweep(),
    closeAll: async () => {
      await table.closeAll();
      await Promise.all([...perRequest].map((server) => server.close().catch(() => {})));
    },
  };
}
