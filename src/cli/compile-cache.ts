/**
 * Node's compile cache (Node 22.1 and later; absent on Node 20, where this does nothing): the
 * compiled code of the bundle's chunks is kept on disk and reused by the next start, so a start
 * compiles only what changed. Node keys it by each file's content and its own version, and ignores
 * an entry that does not match. The directory is the user's own cache, not Node's default in the
 * shared temporary directory, where another local user could leave entries for this process to load.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off (Node's own switch).
 */
import nodeModule from 'node:module';

type Enable = (directory: string) => unknown;

/**
 * Where the cache goes: $XDG_CACHE_HOME, else .cache in the home directory; undefined without either.
 * (Plain strings rather than node:os and node:path: this runs before anything else is loaded.)
 */
export function compileCacheDir(env: Record<string, string | undefined>): string | undefined {
  const home = env.HOME || env.USERPROFILE;
  const base = env.XDG_CACHE_HOME || (home ? `${home}/.cache` : undefined);
  return base ? `${base}/ice-agent-mcp/compile-cache` : undefined;
}

/** Turns the cache on where Node has one; a directory that cannot be made only means no cache. */
export function enableCompileCache(env: Record<string, string | undefined> = process.env): void {
  const enable = (nodeModule as unknown as { enableCompileCache?: Enable }).enableCompileCache;
  const directory = compileCacheDir(env);
  if (!enable || !directory) return;
  try {
    enable(directory);
  } catch {
    // Node reports a failure in its return value; nothing here may stop the server from starting.
  }
}
