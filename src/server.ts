/** Builds the MCP server from its arguments. No environment, argv, transports or signals here. */
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Protocol, type RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Config } from './config.js';
import type { IceClient } from './ice/types.js';
import { redact, redactText } from './redact.js';
import { loadCatalog } from './tools/catalog.js';
import { ToolError, resolveRegion, type Args, type Tool, type ToolEnv } from './tools/define.js';
import { errorText } from './tools/errors.js';
import { canonicalJson, sha256Hex } from './tools/canonical.js';
import { IceError } from './ice/errors.js';
import { parseArguments } from './tools/arguments.js';
import { effectiveMode, guardedWrite, type Answer, type Asker } from './guard/confirm.js';
import { ConfirmationTokens } from './guard/token.js';
import { createAuditSink, type AuditSink } from './guard/audit.js';
import { RecentInstances } from './resources/recent.js';
import { registerResources, resourceLinksFor, type CallLogFetcher } from './resources/register.js';
import { VERSION } from './version.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ServerDeps {
  config: Config;
  ice: IceClient;
  /** Diagnostics and audit lines; stderr in the bin. */
  log?: (line: string) => void;
  audit?: AuditSink;
  /** Shared by every session of one process, so a token issued in one is honoured in another. */
  tokens?: ConfirmationTokens;
  recent?: RecentInstances;
  /** How long a person has to answer a confirmation. */
  elicitTimeoutMs?: number;
  fetchCallLog?: CallLogFetcher;
}

export const ELICIT_TIMEOUT_MS = 10 * 60_000;

const INSTRUCTIONS =
  'Controls Alibaba Cloud ICE AI agent instances (real-time voice agents). Reads are free. Writes (update, speech) are confirmed by a person: when a result says confirmation_required, show its preview to the person and only re-call with the ConfirmationToken if they approve. Secrets are redacted as "[redacted]".';

const CallToolRequest = z.object({
  method: z.literal('tools/call'),
  params: z.object({ name: z.string(), arguments: z.unknown().optional() }).passthrough(),
});

const CONFIRM_SCHEMA = {
  type: 'object' as const,
  properties: {
    confirm: { type: 'boolean' as const, title: 'Send this change', description: 'Check to send it now; leave unchecked to send nothing.' },
  },
  required: ['confirm'],
};

export function createServer(deps: ServerDeps): McpServer {
  const { config } = deps;
  const log = deps.log ?? ((line: string) => process.stderr.write(line));
  const env: ToolEnv = { ice: deps.ice, config, recent: deps.recent ?? new RecentInstances() };
  const guard = {
    env,
    tokens: deps.tokens ?? new ConfirmationTokens(config.confirmKey, config.confirmTtlMs),
    audit: deps.audit ?? createAuditSink(log, config.auditLog),
  };
  const server = new McpServer(
    { name: 'ice-agent-mcp', title: 'Alibaba Cloud ICE AI agents', version: VERSION },
    { capabilities: { tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} }, instructions: INSTRUCTIONS },
  );

  const askerFor = (extra: Extra): Asker => ({
    available: () => Boolean(server.server.getClientCapabilities()?.elicitation?.form),
    async ask(message): Promise<Answer> {
      const reply = await server.server.elicitInput(
        { mode: 'form', message, requestedSchema: CONFIRM_SCHEMA },
        // The signal ends the question when the client cancels the tool call, so a late "yes" sends nothing.
        { relatedRequestId: extra.requestId, timeout: deps.elicitTimeoutMs ?? ELICIT_TIMEOUT_MS, signal: extra.signal },
      );
      if (reply.action === 'accept') return reply.content?.confirm === true ? 'confirm' : 'decline';
      return reply.action === 'decline' ? 'decline' : 'cancel';
    },
  });

  const invoke = async (tool: Tool, args: Args, extra: Extra): Promise<CallToolResult> => {
    try {
      const prepare = (): string => {
        if (tool.kind === 'write' && config.readOnly) {
          throw new ToolError(
            `${tool.name} is not available: this server runs read-only (--read-only / ICE_MCP_READ_ONLY). Nothing was sent.`,
            'ReadOnly',
          );
        }
        const regionId = resolveRegion(config, args.RegionId);
        const problem = tool.check?.(args);
        if (problem) throw new ToolError(problem);
        return regionId;
      };
      const { structured, note } =
        tool.kind === 'read'
          ? { structured: await tool.run(args, env, prepare()), note: undefined }
          : await guardedWrite(tool, args, prepare, guard, askerFor(extra));
      const output = redact(config.sandbox ? { ...structured, sandbox: true } : structured);
      return {
        content: [
          { type: 'text', text: JSON.stringify(output) },
          ...(note ? [{ type: 'text' as const, text: redactText(note) }] : []),
          ...resourceLinksFor(output, config.region),
        ],
        structuredContent: output,
      };
    } catch (error) {
      if (!(error instanceof ToolError) && !(error instanceof IceError)) {
        log(`error in ${tool.name}: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
      }
      return { content: [{ type: 'text', text: errorText(error) }], isError: true };
    }
  };

  // The SDK's Server wraps tools/call handlers in a check against its own request schema, which answers
  // some odd but valid JSON (an argument named "constructor", say) with a JSON-RPC error instead of a
  // result. Arguments are validated here, against each tool's zod input, into tool results, so the
  // handler is installed at the protocol level.
  const handleCall = async (request: z.infer<typeof CallToolRequest>, extra: Extra): Promise<CallToolResult> => {
    const catalog = await loadCatalog();
    const tool = catalog.byName.get(request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool "${request.params.name}"; this server offers ${catalog.tools.map((t) => t.name).join(', ')}`,
      );
    }
    const raw = request.params.arguments;
    // Refused before validation, but with what was sent, so the audit line names the instance.
    if (tool.kind === 'write' && config.readOnly) return invoke(tool, typeof raw === 'object' && raw !== null ? (raw as Args) : {}, extra);
    const parsed = parseArguments(tool, raw);
    if (parsed.ok) return invoke(tool, parsed.args, extra);
    if (tool.kind === 'write') {
      // A write refused for its arguments is still an attempt, and the audit trail says so.
      const instanceId = (raw as { InstanceId?: unknown } | null | undefined)?.InstanceId;
      guard.audit({
        tool: tool.name,
        InstanceId: typeof instanceId === 'string' ? instanceId : '',
        RegionId: config.region,
        mode: effectiveMode(config.confirm, Boolean(server.server.getClientCapabilities()?.elicitation?.form)),
        outcome: 'refused',
        argsDigest: sha256Hex(canonicalJson(raw ?? {})),
      });
    }
    return { content: [{ type: 'text', text: redactText(`InvalidParameter: ${parsed.message}`) }], isError: true };
  };
  Protocol.prototype.setRequestHandler.call(server.server, CallToolRequest, handleCall as never);
  server.server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await loadCatalog()).listing(config.readOnly) }));

  registerResources(server, env, deps.fetchCallLog);
  return server;
}
