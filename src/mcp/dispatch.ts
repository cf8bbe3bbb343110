/**
 * tools/call. This is the one place the server reaches below the SDK's public surface, and why:
 * SDK 1.32's Server wraps tools/call handlers in a check against its own request schema, which
 * answers some odd but valid JSON (an argument named "constructor", say) with a JSON-RPC error
 * instead of a tool result. Arguments are validated here instead, against each operation's zod
 * input, into tool results, so the handler is installed at the Protocol level.
 */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from '../domain/context.js';
import type { Args, Operation, ReadOperation, WriteOperation } from '../domain/operation.js';
import { resolveRegion } from '../domain/region.js';
import { IceError } from '../errors/ice-error.js';
import { failureLogLine } from '../errors/log-line.js';
import { Refusal } from '../errors/refusal.js';
import { effectiveMode } from '../guard/decide.js';
import { guardWrite } from '../guard/enforce.js';
import { auditRefusal } from '../guard/trail.js';
import { redactText } from '../redact.js';
import { parseArguments } from './arguments.js';
import { loadCatalog } from './catalog.js';
import type { ServerDeps } from './deps.js';
import { elicitingAsker, type Extra } from './elicitation.js';
import { errorResult, successResult } from './result.js';

const CallToolRequest = z.object({
  method: z.literal('tools/call'),
  params: z.object({ name: z.string(), arguments: z.unknown().optional() }).passthrough(),
});

export function installToolCall(server: McpServer, deps: ServerDeps, ctx: Context): void {
  const { config } = deps;

  const finish = (structured: Record<string, unknown>, note?: string): CallToolResult =>
    successResult(config.sandbox ? { ...structured, sandbox: true } : structured, note, config.region);

  const failed = (op: Operation, error: unknown): CallToolResult => {
    if (error instanceof IceError) deps.log(failureLogLine(op.name, error));
    else if (!(error instanceof Refusal)) {
      deps.log(`error in ${op.name}: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
    }
    return errorResult(error);
  };

  const read = async (op: ReadOperation, args: Args): Promise<CallToolResult> => {
    const regionId = resolveRegion(config, args.RegionId);
    const send = (params: Record<string, unknown>) => ctx.ice.call(op.action, params, op.kind, regionId);
    return finish(await op.run(args, { ...ctx, regionId, send }));
  };

  const write = async (op: WriteOperation, raw: unknown, extra: Extra): Promise<CallToolResult> => {
    const asker = elicitingAsker(server.server, extra, deps.elicitTimeoutMs);
    const refused = (): void =>
      auditRefusal(deps.audit, { tool: op.name, raw, region: config.region, mode: effectiveMode(config.confirm, asker.available) });
    if (config.readOnly) {
      refused();
      throw new Refusal(
        `${op.name} is not available: this server runs read-only (--read-only / ICE_MCP_READ_ONLY). Nothing was sent.`,
        'ReadOnly',
      );
    }
    const parsed = parseArguments(op, raw);
    if (!parsed.ok) {
      refused();
      throw new Refusal(parsed.message);
    }
    let regionId: string;
    try {
      regionId = resolveRegion(config, parsed.args.RegionId);
    } catch (error) {
      refused();
      throw error;
    }
    const { structured, note } = await guardWrite(op, parsed.args, regionId, { ctx, tokens: deps.tokens, audit: deps.audit }, asker);
    return finish(structured, note);
  };

  const handle = async (request: z.infer<typeof CallToolRequest>, extra: Extra): Promise<CallToolResult> => {
    const catalog = await loadCatalog();
    const op = catalog.byName.get(request.params.name);
    if (!op) {
      const names = catalog.operations.map((o) => o.name).join(', ');
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}"; this server offers ${names}`);
    }
    try {
      if (op.kind === 'write') return await write(op, request.params.arguments, extra);
      const parsed = parseArguments(op, request.params.arguments);
      if (!parsed.ok) throw new Refusal(parsed.message);
      return await read(op, parsed.args);
    } catch (error) {
      return failed(op, error);
    }
  };
  Protocol.prototype.setRequestHandler.call(server.server, CallToolRequest, handle as never);
}
