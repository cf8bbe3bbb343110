/**
 * tools/call, installed below the SDK's public surface (as is connect.ts's request route; nowhere
 * else), and why: SDK 1.32's Server wraps tools/call handlers in a check against its own request schema,
 * which answers some odd but valid JSON (an argument named "constructor", say) with a JSON-RPC error
 * instead of a tool result. Arguments are validated by dispatch.ts instead, against each operation's
 * zod input, into tool results, so the handler is installed at the Protocol level.
 */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Context } from '../domain/context.js';
import { lazy } from '../util/lazy.js';
import type { ServerDeps } from './deps.js';
import type { ToolCallHandler } from './dispatch.js';

const CallToolRequest = z.object({
  method: z.literal('tools/call'),
  params: z.object({ name: z.string(), arguments: z.unknown().optional() }).passthrough(),
});

/** Installs tools/call. Its implementation (dispatch.ts: the guard, redaction, results) loads on the first call. */
export function installToolCall(server: McpServer, deps: ServerDeps, ctx: Context): void {
  const handler = lazy(async () => (await import('./dispatch.js')).toolCallHandler(server, deps, ctx));
  const handle: ToolCallHandler = async (request, extra) => (await handler())(request, extra);
  Protocol.prototype.setRequestHandler.call(server.server, CallToolRequest, handle as never);
}
