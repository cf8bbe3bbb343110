/** What the server says about itself in initialize: name, title, version, home page and an icon. */
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../config/version.js';

/** The project's home; the same owner as package.json `mcpName` and server.json (test/registry.test.ts). */
export const WEBSITE_URL = 'https://github.com/your-github-owner/ice-agent-mcp';

// A speech bubble holding a sound wave: a voice agent. Inline, so no client has to fetch anything.
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#ff6a00"/>' +
  '<path d="M14 16h36a4 4 0 0 1 4 4v20a4 4 0 0 1-4 4H30l-10 8v-8h-6a4 4 0 0 1-4-4V20a4 4 0 0 1 4-4z" fill="#fff"/>' +
  '<path d="M22 30v0M27 25v10M32 21v18M37 25v10M42 30v0" stroke="#ff6a00" stroke-width="3" stroke-linecap="round"/></svg>';

export const SERVER_INFO: Implementation = {
  name: 'ice-agent-mcp',
  title: 'Alibaba Cloud ICE AI agents',
  version: VERSION,
  websiteUrl: WEBSITE_URL,
  icons: [{ src: `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString('base64')}`, mimeType: 'image/svg+xml', sizes: ['any'] }],
};
