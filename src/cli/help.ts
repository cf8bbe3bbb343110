/** The --help text. Every flag here is checked against the parser by the docs test. */
import { VERSION } from '../config/version.js';

export const HELP = `ice-agent-mcp ${VERSION}: MCP server for Alibaba Cloud ICE AI agent instances

Usage:
  ice-agent-mcp [options]                 MCP server on stdio (the default)
  ice-agent-mcp emulator [--port N] [--seed FILE]
                                          run the ICE emulator alone (prints endpoint and demo keys)
  ice-agent-mcp doctor [options]          check configuration, credentials, endpoint, agents and RAM
                                          actions, one line each with a fix (exit 0 unless one failed);
                                          takes the options below, e.g. doctor --sandbox
  ice-agent-mcp --help | --version

Options:
  --region <id>                ICE_REGION, else ALIBABA_CLOUD_REGION_ID, else cn-shanghai
  --endpoint <host[:port]>     ICE_ENDPOINT, else ice.<region>.aliyuncs.com
  --protocol <https|http>      ICE_PROTOCOL, else https
  --timeout-ms <n>             ICE_TIMEOUT_MS, else 10000 (connect and read)
  --toolsets <list>            ICE_MCP_TOOLSETS: calls, agents, telephony or all (default calls,agents);
                               telephony places real, billed phone calls
  --read-only                  ICE_MCP_READ_ONLY=true: write tools are not offered
  --confirm <mode>             ICE_MCP_CONFIRM: auto (default), elicit, browser, token or none
  --confirm-timeout-ms <n>     ICE_MCP_CONFIRM_TIMEOUT_MS: how long a person has to decide, else 600000
  --confirm-ttl-ms <n>         ICE_MCP_CONFIRM_TTL_MS: confirmation token lifetime, else 300000
  --audit-log <file>           also append the write audit lines to this file
  --http                       serve Streamable HTTP at /mcp instead of stdio
    --host <addr>              default 127.0.0.1 (other addresses need ICE_MCP_HTTP_TOKEN)
    --port <n>                 default 3000
    --stateless                no sessions (no elicitation: writes need --confirm token or browser)
    --allowed-hosts <a,b>      extra Host/Origin names accepted (DNS-rebinding protection)
  --sandbox                    start the built-in emulator with demo data and use it (no account needed)

Credentials come from the Alibaba Cloud default chain (environment variables, OIDC, the aliyun CLI
profile, ~/.alibabacloud/credentials; the ECS instance role when ALIBABA_CLOUD_ECS_METADATA names it).
Secrets are never accepted as flags.
Other variables: ICE_AGENT_IDS (completion hints), ICE_MCP_SANDBOX=true (as --sandbox),
ICE_MCP_BROWSER (command that opens approval pages), ICE_MCP_CONFIRM_KEY (token key shared by replicas),
ICE_MCP_HTTP_TOKEN (bearer token for --http), ICE_MCP_HTTP_MAX_SESSIONS (default 100),
ICE_MCP_HTTP_SESSION_IDLE_MS (default 1800000), ICE_MCP_HTTP_SESSION_GRACE_MS (default 60000),
ICE_MCP_REDIS_URL (state shared by replicas: used tokens, recent instances, SSE events).
`;
