/** The Streamable HTTP options (--http and its flags and variables). */
import { isLoopback } from '../util/net.js';
import { ConfigError, DEFAULTS, maxConnectionsFor, type HttpOptions } from './types.js';
import { integer } from './values.js';

export function httpOptions(
  values: { host?: string; port?: string; stateless?: boolean; 'allowed-hosts'?: string },
  env: Record<string, string | undefined>,
): HttpOptions {
  const host = values.host ?? DEFAULTS.httpHost;
  const port = integer('--port', values.port ?? String(DEFAULTS.httpPort), 0, 65_535);
  // Several tokens (comma-separated) give each client or team its own identity: sessions and the
  // recently seen instances belong to the token that opened or saw them.
  const tokens = (env.ICE_MCP_HTTP_TOKEN ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!isLoopback(host) && tokens.length === 0) {
    throw new ConfigError(`--host ${host} is reachable from other machines: set ICE_MCP_HTTP_TOKEN (a bearer token) or bind 127.0.0.1`);
  }
  if (tokens.some((t) => t.length < 16)) throw new ConfigError('ICE_MCP_HTTP_TOKEN: each token must be at least 16 characters');
  const allowedHosts = (values['allowed-hosts'] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const maxSessions = integer('ICE_MCP_HTTP_MAX_SESSIONS', env.ICE_MCP_HTTP_MAX_SESSIONS ?? String(DEFAULTS.maxSessions), 1, 100_000);
  return {
    host,
    port,
    stateless: values.stateless ?? false,
    allowedHosts,
    tokens,
    maxSessions,
    sessionIdleMs: integer(
      'ICE_MCP_HTTP_SESSION_IDLE_MS',
      env.ICE_MCP_HTTP_SESSION_IDLE_MS ?? String(DEFAULTS.sessionIdleMs),
      1_000,
      86_400_000,
    ),
    sessionGraceMs: integer(
      'ICE_MCP_HTTP_SESSION_GRACE_MS',
      env.ICE_MCP_HTTP_SESSION_GRACE_MS ?? String(DEFAULTS.sessionGraceMs),
      1_000,
      86_400_000,
    ),
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    requestTimeoutMs: DEFAULTS.requestTimeoutMs,
    connectionsCheckingIntervalMs: DEFAULTS.connectionsCheckingIntervalMs,
    maxConnections: maxConnectionsFor(maxSessions),
  };
}
