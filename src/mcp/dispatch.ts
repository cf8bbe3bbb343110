/**
 * What tools/call does (installed by tool-call.ts, loaded on the first call): finds the operation,
 * validates its arguments into a tool result, and runs a read or puts a write through the guard.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from '../domain/context.js';
import type { Args, Operation, ReadOperation, WriteOperation } from '../domain/operation.js';
import { resolveRegion } from '../domain/region.js';
import { IceError } from '../errors/ice-error.js';
import { failureLogLine } from '../errors/log-line.js';
import { Refusal } from '../errors/refusal.js';
import { modeOf } from '../guard/decide.js';
import { guardWrite, type People } from '../guard/enforce.js';
import { auditRefusal, type Caller } from '../guard/trail.js';
import { redactText } from '../redact/redact.js';
import { parseArguments } from './arguments.js';
import { loadCatalog } from './catalog.js';
import type { ServerDeps } from './deps.js';
import { browse } from './browser.js';
import { canElicit, elicit, type Extra } from './elicitation.js';
import { errorResult, successResult } from './result.js';

/** A tools/call request as tool-call.ts lets it through: a name, and arguments still to validate. */
export interface ToolCall {
  method: 'tools/call';
  params: { name: string; arguments?: unknown };
}
export type ToolCallHandler = (request: ToolCall, extra: Extra) => Promise<CallToolResult>;

/** A tool of a toolset this server was not started with: named, with how to enable it. */
function toolsetRefusal(op: Operation, offered: readonly string[]): Refusal {
  const wanted = [...offered, op.toolset].join(',');
  return new Refusal(
    `${op.name} is not available: it belongs to the "${op.toolset}" toolset, which this server does not offer. Start the server with --toolsets ${wanted} (or ICE_MCP_TOOLSETS=${wanted}) to enable it. Nothing was sent.`,
    'ToolsetDisabled',
  );
}

export function toolCallHandler(server: McpServer, deps: ServerDeps, ctx: Context): ToolCallHandler {
  const { config } = deps;

  const withSandbox = (structured: Record<string, unknown>): Record<string, unknown> =>
    config.sandbox ? { ...structured, sandbox: true } : structured;

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
    return successResult(withSandbox(await op.run(args, { ...ctx, regionId, send })), config.region);
  };

  const peopleFor = (extra: Extra): People => {
    const browser = deps.browser;
    return {
      canElicit: canElicit(server.server),
      canBrowse: browser.available && (config.confirm === 'browser' || browser.auto),
      ask: (via) => (via === 'elicit' ? elicit(server.server, extra, deps.elicitTimeoutMs) : browse(browser, extra, deps.elicitTimeoutMs)),
    };
  };
  const callerOf = (extra: Extra): Caller => {
    const client = server.server.getClientVersion();
    return {
      ...(client ? { client: `${client.name}/${client.version}` } : {}),
      ...(extra.sessionId ? { session: extra.sessionId } : {}),
    };
  };

  const write = async (op: WriteOperation, raw: unknown, extra: Extra): Promise<CallToolResult> => {
    const people = peopleFor(extra);
    const caller = callerOf(extra);
    const refused = (): void =>
      auditRefusal(deps.audit, {
        tool: op.name,
        raw,
        region: config.region,
        mode: modeOf({ configured: config.confirm, canElicit: people.canElicit, canBrowse: people.canBrowse }),
        caller,
        key: config.confirmKey,
      });
    if (!config.toolsets.includes(op.toolset)) {
      refused();
      throw toolsetRefusal(op, config.toolsets);
    }
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
    const done = await guardWrite(op, parsed.args, regionId, { ctx, tokens: deps.tokens, audit: deps.audit, caller }, people);
    return successResult(withSandbox(done.structured), config.region, { preview: done.preview, previewText: done.previewText });
  };

  return async (request, extra) => {
    const catalog = await loadCatalog();
    const op = catalog.byName.get(request.params.name);
    if (!op) {
      const names = catalog
        .offered(config.toolsets, config.readOnly)
        .map((o) => o.name)
        .join(', ');
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}"; this server offers ${names}`);
    }
    try {
      if (op.kind === 'write') return await write(op, request.params.arguments, extra);
      if (!config.toolsets.includes(op.toolset)) throw toolsetRefusal(op, config.toolsets);
      const parsed = parseArguments(op, request.params.arguments);
      if (!parsed.ok) throw new Refusal(parsed.message);
      return await read(op, parsed.args);
    } catch (error) {
      return failed(op, error);
    }
  };
}
