/**
 * The one dependency builder: everything a server needs, built from the config. Shared by every
 * session of one process, so a token issued in one session is honoured in another.
 */
import { endpointFor, type Config } from '../config/config.js';
import { RecentInstances } from '../domain/recent.js';
import { createAuditSink, type AuditSink } from '../guard/audit.js';
import { ConfirmationTokens } from '../guard/token.js';
import { createIceClient } from '../ice/client.js';
import { createCredential, type CredentialLike } from '../ice/credentials.js';
import { createOpenApiCaller, type StaticCredentials } from '../ice/openapi-caller.js';
import type { RetryPolicy } from '../ice/retry.js';
import type { IceClient } from '../ice/types.js';
import { createCallLogFetcher, type CallLogFetcher } from '../resources/call-log.js';

export interface ServerDeps {
  config: Config;
  ice: IceClient;
  /** What the ICE client signs with (the start-up line and the doctor ask it where it came from). */
  credential: CredentialLike;
  recent: RecentInstances;
  tokens: ConfirmationTokens;
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
}

export const ELICIT_TIMEOUT_MS = 10 * 60_000;

export function buildDeps(config: Config, options: BuildOptions): ServerDeps {
  const { log, credentials } = options;
  const credential = createCredential(credentials);
  const call = createOpenApiCaller({ protocol: config.protocol, timeoutMs: config.timeoutMs, credential });
  return {
    config,
    credential,
    ice: createIceClient({
      call,
      region: config.region,
      endpointFor: (regionId) => endpointFor(config, regionId),
      ...(options.retry ? { retry: options.retry } : {}),
    }),
    recent: new RecentInstances(),
    tokens: new ConfirmationTokens(config.confirmKey, config.confirmTtlMs),
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
