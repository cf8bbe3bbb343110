// The MCP Bundle manifest (manifest_version 0.3, see @anthropic-ai/mcpb's schemas). The host (Claude
// Desktop) asks for user_config when the bundle is installed, stores the sensitive values itself,
// and substitutes ${user_config.*} and ${__dirname} (the unpacked bundle) into mcp_config.
export const WEBSITE_URL = 'https://github.com/your-github-owner/ice-agent-mcp';

export function manifest({ version, description, tools }) {
  return {
    manifest_version: '0.3',
    name: 'ice-agent-mcp',
    display_name: 'Alibaba Cloud ICE AI agents',
    version,
    description,
    icon: 'icon.png',
    long_description:
      'List, read, reconfigure and make speak the live calls of Alibaba Cloud Intelligent Media Services (ICE) real-time voice agents. Every write is previewed and confirmed by a person; secrets never reach the model. Turn on the sandbox to try it without an account.',
    author: { name: 'ice-agent-mcp contributors', url: WEBSITE_URL },
    repository: { type: 'git', url: `${WEBSITE_URL}.git` },
    homepage: WEBSITE_URL,
    documentation: `${WEBSITE_URL}#readme`,
    support: `${WEBSITE_URL}/issues`,
    license: 'MIT',
    keywords: ['alibaba-cloud', 'ice', 'intelligent-media-services', 'voice-agent', 'mcp'],
    server: {
      type: 'node',
      entry_point: 'dist/index.js',
      mcp_config: {
        command: 'node',
        args: ['${__dirname}/dist/index.js', '--region', '${user_config.region}', '--confirm', '${user_config.confirm}'],
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: '${user_config.access_key_id}',
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: '${user_config.access_key_secret}',
          ICE_AGENT_IDS: '${user_config.agent_ids}',
          ICE_MCP_SANDBOX: '${user_config.sandbox}',
        },
      },
    },
    tools,
    prompts_generated: true,
    compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: '>=20.0.0' } },
    user_config: {
      access_key_id: {
        type: 'string',
        title: 'AccessKey ID',
        description:
          'AccessKey ID of a RAM user with the ice: actions this server uses (see the README for a policy). Leave empty with the sandbox on.',
        sensitive: true,
        required: false,
      },
      access_key_secret: {
        type: 'string',
        title: 'AccessKey secret',
        description: 'The secret of that AccessKey. Stored by the app, passed to the server in its environment, never on its command line.',
        sensitive: true,
        required: false,
      },
      region: {
        type: 'string',
        title: 'Region',
        description: 'ICE region, e.g. cn-shanghai, cn-beijing, ap-southeast-1.',
        default: 'cn-shanghai',
      },
      confirm: {
        type: 'string',
        title: 'Confirmation mode',
        description: 'How writes are approved: auto (the default), elicit, token or none (no approval: unattended use only).',
        default: 'auto',
      },
      agent_ids: {
        type: 'string',
        title: 'AIAgentIds',
        description: 'Your agent ids, comma-separated: offered as completions and checked by ice-agent-mcp doctor.',
        default: '',
        required: false,
      },
      sandbox: {
        type: 'boolean',
        title: 'Sandbox',
        description: 'Use the built-in emulator with demo data instead of Alibaba Cloud (no account needed).',
        default: false,
      },
    },
  };
}
