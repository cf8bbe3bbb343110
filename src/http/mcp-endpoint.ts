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
import { createServer } from '../mcp/server.js';
import { RPC, header, readJsonBody, sendRpcError } from './exchange.js';
import { SessionTable, type IdleTimer } from './sessions.js';

export interface McpEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Open sessions (always 0 when stateless). */
  sessions(): number;
  /** From now on new sessions (and stateless calls) get 503; open sessions keep working. */
  stopAccepting(): void;
  closeAll(): Promise<void>;
}

const initializes = (body: unknown): boolean =>
  Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : isInitializeRequest(body);

/**
 * Every server built here shares `deps`: a token issued while answering one request is honoured in the
 * next. `idleTimer` is for tests: it replaces the real timer that ends idle sessions.
 */
export function createMcpEndpoint(options: HttpOptions, deps: ServerDeps, idleTimer?: IdleTimer): McpEndpoint {
  const { log } = deps;
  const table = new SessionTable(
    { max: options.maxSessions, idleMs: options.sessionIdleMs },
    (open) => log(`ice-agent-mcp http: closed a session idle for ${options.sessionIdleMs} ms (${open} open)\n`),
    idleTimer,
  );
  const perRequest = new Set<McpServer>();
  let accepting = true;

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
    const server = createServer(deps);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    perRequest.add(server);
    res.once('close', () => {
      perRequest.delete(server);
      void server.close().catch(() => {});
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, parsed.value);
  };

  const open = async (req: IncomingMessage, res: ServerResponse, value: unknown): Promise<void> => {
    if (!accepting) return shuttingDown(res);
    if (table.full()) {
      sendRpcError(
        res,
        503,
        RPC.serverError,
        `Service unavailable: ${options.maxSessions} sessions are open, the most this server allows; close an unused session or retry later`,
        {
          'retry-after': '5',
        },
      );
      return;
    }
    // The id is chosen here so the session can be counted before the initialize call completes.
    const id = randomUUID();
    const server = createServer(deps);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => id });
    transport.onclose = () => table.forget(id);
    await server.connect(transport);
    table.add(id, { server, transport });
    const done = table.begin(id);
    res.once('close', done);
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
    const id = header(req, 'mcp-session-id');
    if (id === undefined) {
      if (req.method === 'POST' && initializes(parsed.value)) return open(req, res, parsed.value);
      sendRpcError(res, 400, RPC.serverError, 'Bad Request: no Mcp-Session-Id header; start a session with an initialize request');
      return;
    }
    const session = table.get(id);
    if (!session) {
      sendRpcError(res, 404, RPC.sessionNotFound, 'Session not found: it expired or was closed; initialize a new one');
      return;
    }
    if (req.method === 'GET') table.touch(id);
    else res.once('close', table.begin(id));
    await session.transport.handleRequest(req, res, parsed.value);
  };

  return {
    handle: options.stateless ? stateless : stateful,
    sessions: () => table.size,
    stopAccepting: () => {
      accepting = false;
    },
    closeAll: async () => {
      await table.closeAll();
      await Promise.all([...perRequest].map((server) => server.close().catch(() => {})));
    },
  };
}
