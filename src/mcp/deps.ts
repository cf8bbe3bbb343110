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
import type { CredentialLike } from '../ice/credentials.js';
import type { SignedCall, StaticCredentials } from '../ice/openapi-caller.js';
import type { RetryPolicy } from '../ice/retry.js';
import type { IceClient } from '../ice/types.js';
import type { CallLogPolicy } from '../resources/call-log.js';
import type { CallLogFetcher } from '../resources/call-log-types.js';
import { addKnownSecrets } from '../redact/memory.js';
import { browserOpener } from '../approval/open.js';
import { lazy } from '../util/lazy.js';
import type { ApprovalPages } from '../approval/pages.js';
import type { BrowserApproval } from './browser.js';

export interface ServerDeps {
  config: Config;
  ice: IceClient;
  /** What the ICE client signs with (the start-up line and the doctor ask it where it came from). */
  credential: CredentialLike;
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
  browser: BrowserApproval;
  /** Called when a client of a server made with these deps has initialized (the bin's code cache). */
  onInitialized?: () => void;
}

export interface BuildOptions {
  log: (line: string) => void;
  /** Explicit keys (sandbox, tests); otherwise the Alibaba Cloud default credentials chain. */
  credentials?: StaticCredentials;
  /** Overrides of the read retry policy (tests use a zero sleep). */
  retry?: Partial<RetryPolicy>;
  /** Which transport serves this process; `auto` opens approval pages only on stdio. Default stdio. */
  transport?: 'stdio' | 'http';
  /** A desktop session where a browser window can reach the person (see approval/open.ts). Default false. */
  desktop?: boolean;
  /** Opened by the caller (openStores, which can fail at start-up); this process's memory otherwise. */
  stores?: Stores;
}

const PROGRESS_EVERY_MS = 15_000;

/** In the sandbox the demo instances count as seen: resources/list and completions offer them from the start. */
function seeded(recent: RecentInstances, config: Config): RecentInstances {
  for (const i of [...(config.sandboxDemo?.instances ?? [])].reverse()) {
    recent.noteInstance({
      InstanceId: i.InstanceId,
      AIAgentId: i.AIAgentId,
      Status: i.Status,
      GmtCreate: i.GmtCreate,
      RegionId: config.region,
    });
  }
  return recent;
}

export function buildDeps(config: Config, options: BuildOptions): ServerDeps {
  const { log, credentials } = options;
  // The keys this process holds are scrubbed from every output, wherever they turn up.
  if (credentials) addKnownSecrets([credentials.accessKeySecret, credentials.securityToken]);
  const { credential, call } = lazySigning(config, credentials);
  const stores = options.stores ?? memoryStores();
  const scopes = new Map<string, RecentInstances>();
  // An unreachable store is reported once by its connection; anything else is worth a line each time.
  const onStoreError = (error: unknown): void => {
    if (!(error instanceof StoreError)) log(`ice-agent-mcp: recently seen instances not stored: ${String(error)}\n`);
  };
  const recentFor = (scope: string): RecentInstances => {
    let recent = scopes.get(scope);
    // One per identity; identities come only from configured tokens, so the map stays small.
    if (!recent) scopes.set(scope, (recent = seeded(new RecentInstances(100, stores.recency, scope, onStoreError), config)));
    return recent;
  };
  return {
    config,
    credential,
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
    fetchCallLog: lazyCallLogs({ protocol: config.protocol, endpoint: endpointFor(config, config.region), timeoutMs: config.timeoutMs }),
    elicitTimeoutMs: config.confirmTimeoutMs,
    browser: {
      available: Boolean(config.browserCommand) || (options.desktop ?? false),
      auto: (options.transport ?? 'stdio') === 'stdio',
      open: browserOpener(config.browserCommand),
      pages: lazyPages(),
      progressEveryMs: PROGRESS_EVERY_MS,
    },
  };
}

/**
 * The credential and the signed caller, loaded with the first call or the start-up credentials line
 * (after the handshake), whichever comes first: the Alibaba Cloud libraries were already loaded on
 * first use, and now so is the code that wraps them.
 */
function lazySigning(config: Config, keys: StaticCredentials | undefined): { credential: CredentialLike; call: SignedCall } {
  const load = lazy(async () => {
    const [{ createCredential }, { createOpenApiCaller }] = await Promise.all([
      import('../ice/credentials.js'),
      import('../ice/openapi-caller.js'),
    ]);
    const credential = createCredential(keys);
    return { credential, call: createOpenApiCaller({ protocol: config.protocol, timeoutMs: config.timeoutMs, credential }) };
  });
  return {
    credential: { getCredential: async () => (await load()).credential.getCredential() },
    call: async (...args) => (await load()).call(...args),
  };
}

/** The call-log fetcher, loaded on first use: its HTTPS client would load TLS and crypto at start-up. */
function lazyCallLogs(policy: CallLogPolicy): CallLogFetcher {
  const fetcher = lazy(async () => (await import('../resources/call-log.js')).createCallLogFetcher(policy));
  return async (url) => (await fetcher())(url);
}

/** The approval page server, loaded and started on first use (most sessions never need it). */
const lazyPages = (): (() => Promise<ApprovalPages>) => lazy(async () => (await import('../approval/pages.js')).createApprovalPages());
