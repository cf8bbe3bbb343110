/** Builds the MCP server from its dependencies. No environment, argv, transports or signals here. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from '../domain/context.js';
import { registerResources } from '../resources/register.js';
import { loadCatalog } from './catalog.js';
import type { ServerDeps } from './deps.js';
import { installToolCall } from './dispatch.js';
import { SERVER_INFO } from './server-info.js';

const INSTRUCTIONS =
  'Controls Alibaba Cloud ICE AI agent instances (real-time voice agents). Reads are free. Writes (update, speech) are confirmed by a person: when a result says confirmation_required, show its preview to the person and only re-call with the ConfirmationToken if they approve. Secrets are redacted as "[redacted]".';

export function createServer(deps: ServerDeps): McpServer {
  const { config } = deps;
  const ctx: Context = { ice: deps.ice, config, recent: deps.recent };
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} },
    instructions: INSTRUCTIONS,
  });
  installToolCall(server, deps, ctx);
  server.server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await loadCatalog()).listing(config.readOnly) }));
  registerResources(server, ctx, deps.fetchCallLog);
  return server;
}
