// The per-call baseline: a minimal SDK server (unbundled) with one tool that makes the same signed
// DescribeAIAgentInstance call as ice_describe_agent_instance, as a user would write it, with
// nothing of this project's (no validation beyond zod, no redaction, no retries).
import { createRequire } from 'node:module';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { rpcParams } from './lib.mjs';

const OpenApi = createRequire(import.meta.url)('@alicloud/openapi-client');
const client = new OpenApi.default(
  new OpenApi.Config({
    accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    endpoint: process.env.ICE_ENDPOINT,
    protocol: 'HTTP',
  }),
);
const params = new OpenApi.Params(rpcParams('DescribeAIAgentInstance'));

const server = new McpServer({ name: 'bare-call', version: '1.0.0' });
server.registerTool(
  'describe',
  { description: 'Describes an instance.', inputSchema: { InstanceId: z.string() } },
  async ({ InstanceId }) => {
    const { body } = await client.callApi(params, new OpenApi.OpenApiRequest({ query: { InstanceId } }), {});
    return { content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body };
  },
);
await server.connect(new StdioServerTransport());
