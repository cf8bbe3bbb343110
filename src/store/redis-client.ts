/**
 * The Redis connection: node-redis, imported only when ICE_MCP_REDIS_URL is set. Commands fail at
 * once while Redis is away (no offline queue: a redemption must not wait and then run late), the
 * client reconnects by itself, and every message it produces is stripped of the URL's credentials.
 */
import { StoreError } from './types.js';

/** The part of node-redis this server uses. */
interface RedisLike {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand<T>(args: readonly string[]): Promise<T>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  destroy(): void;
}

export interface RedisConnection {
  /** Runs one command; StoreError when Redis is unreachable, slow or answers an error. */
  run<T>(args: readonly string[]): Promise<T>;
  ready(): Promise<void>;
  close(): void;
  /** host:port, for messages. */
  target: string;
}

/** How long one command may take before it counts as failed (a hung Redis must not hang a call). */
export const COMMAND_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 3000;

/** The URL as it may appear in messages: scheme, host and port, never the user, password or query. */
export function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'redis (unparsable URL)';
  }
}

export function connectRedis(url: string, log: (line: string) => void): RedisConnection {
  const target = safeTarget(url);
  const secrets = credentialsOf(url);
  const scrub = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const fail = (what: string, error?: unknown): StoreError =>
    new StoreError(`Redis at ${target} ${what}${error instanceof Error ? ` (${scrub(error.message)})` : ''}`);

  let client: RedisLike | undefined;
  // Reported once per outage, whether the client noticed first or a command did.
  const wentDown = (error?: unknown): void => {
    if (!everReady || down) return;
    down = true;
    log(`ice-agent-mcp: ${fail('is unreachable', error).message}; token redemptions are refused until it is back\n`);
  };
  let everReady = false;
  let down = false;
  const opening = (async () => {
    const { createClient } = await import('redis');
    const c: RedisLike = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        // Before the first connection a failure stops start-up; afterwards keep trying, at most once a second.
        reconnectStrategy: (retries: number, cause: Error) => (everReady ? Math.min(50 * 2 ** retries, 1000) : cause),
      },
    });
    c.on('error', (error) => wentDown(error));
    c.on('ready', () => {
      if (down) log(`ice-agent-mcp: Redis at ${target} is reachable again\n`);
      down = false;
      everReady = true;
    });
    client = c;
    await c.connect();
  })();

  const ready = async (): Promise<void> => {
    try {
      await opening;
    } catch (error) {
      client?.destroy();
      throw fail('cannot be reached', error);
    }
  };

  const run = async <T>(args: readonly string[]): Promise<T> => {
    await ready();
    if (!client?.isReady) {
      wentDown();
      throw fail('is unreachable');
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(fail(`did not answer within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
    });
    try {
      return await Promise.race([client.sendCommand<T>(args), timeout]);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      // A command cut off by a lost connection is an outage, not a bad command.
      if (!client.isReady) {
        wentDown(error);
        throw fail('is unreachable', error);
      }
      throw fail('failed a command', error);
    } finally {
      clearTimeout(timer);
    }
  };

  return { run, ready, close: () => client?.destroy(), target };
}

function credentialsOf(url: string): string[] {
  try {
    const u = new URL(url);
    return [u.password, decodeURIComponent(u.password)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}
