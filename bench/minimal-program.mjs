// The minimal server (minimal-server.mjs) as a program for this project's build: the same server,
// exported as `main` and telling the entry when the client has initialized, as src/cli/main.ts does.
// The start-up benchmark bundles it the way dist/ is built, so it starts the way dist/index.js does.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

export async function main(argv, env, io, hooks = {}) {
  const server = new McpServer({ name: 'minimal', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes its text.', inputSchema: { text: z.string() } }, ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.server.oninitialized = () => hooks.started?.();
  await server.connect(new StdioServerTransport());
}
