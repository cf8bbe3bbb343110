/**
 * The one dependency builder: everything a server needs, built from the config. Shared by every
 * session of one process, so a token issued in one session is honoured in another.
 */
import { endpointFor, type Config } from '../config/config.js';
import { RecentInstances } from '../domain/recent.js';
import { createAuditSink, type AuditSink } from '../guard/audit.js';
import { ConfirmationTokens } from '../guard/token.js';
import { StoreError, memoryStores, type Stores } from '../store/index.js';
import { createIceClient } from '../ice/client.js';
import { createOpenApiCaller, type StaticCredentials } from '../ice/openapi-caller.js';
import type { RetryPolicy } from '../ice/retry.js';
import type { IceClient } from '../ice/types.js';
import { createCallLogFetcher, type CallLogFetcher } from '../resources/call-log.js';

export interface ServerDeps {
  config: Config;
  ice: IceClient;
  /** The recently seen instances of everyone without an identity of their own. */
  recent: RecentInstances;
  /** Those of one identity (an HTTP bearer token's digest). */
  recentFor(scope: string): RecentInstances;
  tokens: ConfirmationTokens;
  /** Memory, or Redis shared by replicas (see store/). */
  stores: Stores;
  audit: AuditSink;
  /** Diagnostics (stderr in the bin). */
  log: (line: string) => void;
  fetchCallLog: CallLogFetcher;
  /** How long a person has to answer a confirmation. */
  elicitTimeoutMs: number;
}

export interface BuildOptions {
  log: (line: string) => void;
  /** Explicit keys (sandbox, tests); otherwise the Alibaba Cloud default credentials chain. */
  credentials?: StaticCredentials;
  /** Overrides of the read retry policy (tests use a zero sleep). */
  retry?: Partial<RetryPolicy>;
  /** Opened by the caller (openStores, which can fail at start-up); this process's memory otherwise. */
  stores?: Stores;
}

export const ELICIT_TIMEOUT_MS = 10 * 60_000;

export function buildDeps(config: Config, options: BuildOptions): ServerDeps {
  const { log, credentials } = options;
  const stores = options.stores ?? memoryStores();
  const scopes = new Map<string, RecentInstances>();
  // An unreachable store is reported once by its connection; anything else is worth a line each time.
  const onStoreError = (error: unknown): void => {
    if (!(error instanceof StoreError)) log(`ice-agent-mcp: recently seen instances not stored: ${String(error)}\n`);
  };
  const recentFor = (scope: string): RecentInstances => {
    let recent = scopes.get(scope);
    // One per identity; identities come only from configured tokens, so the map stays small.
    if (!recent) scopes.set(scope, (recent = new RecentInstances(100, stores.recency, scope, onStoreError)));
    return recent;
  };
  const call = createOpenApiCaller({ protocol: config.protocol, timeoutMs: config.timeoutMs, ...(credentials ? { credentials } : {}) });
  return {
    config,
    ice: createIceClient({
      call,
      region: config.region,
      endpointFor: (regionId) => endpointFor(config, regionId),
      ...(options.retry ? { retry: options.retry } : {}),
    }),
    recent: recentFor('shared'),
    recentFor,
    tokens: new ConfirmationTokens(config.confirmKey, config.confirmTtlMs, Date.now, stores.used),
    stores,
    audit: createAuditSink(log, config.auditLog),
    log,
    fetchCallLog: createCallLogFetcher({
      protocol: config.protocol,
      endpoint: endpointFor(config, config.region),
      timeoutMs: config.timeoutMs,
    }),
    elicitTimeoutMs: ELICIT_TIMEOUT_MS,
  };
}
