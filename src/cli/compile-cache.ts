/**
 * Node's compile cache (Node 22.8 and later; absent before, where this does nothing): the compiled
 * code of the server's chunks is kept on disk and reused by the next start, so a start compiles only
 * what changed. Node keys it by each file's content and its own version, and ignores an entry that
 * does not match. The directory is the user's own cache, never Node's default in the shared
 * temporary directory nor anything relative to the working directory, where another local user could
 * leave entries for this process to load; and it goes only under a directory that exists and
 * belongs to this user (Node would create a missing home directory). NODE_DISABLE_COMPILE_CACHE=1
 * turns it off (Node's own switch).
 */
import nodeModule from 'node:module';

type Enable = (directory: string) => unknown;
type Env = Record<string, string | undefined>;

const ABSOLUTE = /^\/|^[A-Za-z]:[\\/]|^\\\\/;

/** Whether `dir` exists as a directory of this user's (on Windows, where there are no uids: exists). */
export type OwnDirectory = (dir: string) => boolean;

const ownDirectory: OwnDirectory = (dir) => {
  try {
    // Required here rather than through util/builtin.ts: the entry shares no module with the server.
    const { statSync } = nodeModule.createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
    const stat = statSync(dir);
    return stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid());
  } catch {
    return false;
  }
};

/**
 * Where the cache goes: $XDG_CACHE_HOME, else %LOCALAPPDATA% (Windows), else .cache in the home
 * directory; each only when absolute and an existing directory of this user's. Undefined otherwise.
 * (Plain strings rather than node:path: this runs before anything else is loaded.)
 */
export function compileCacheDir(env: Env, own: OwnDirectory = ownDirectory): string | undefined {
  const usable = (dir: string | undefined): dir is string => Boolean(dir && ABSOLUTE.test(dir) && own(dir));
  const home = env.HOME || env.USERPROFILE;
  const base = [env.XDG_CACHE_HOME, env.LOCALAPPDATA].find(usable) ?? (usable(home) ? `${home}/.cache` : undefined);
  return base ? `${base}/ice-agent-mcp/compile-cache` : undefined;
}

/** Turns the cache on where Node has one; a directory that cannot be made only means no cache. */
export function enableCompileCache(env: Env = process.env): void {
  const enable = (nodeModule as unknown as { enableCompileCache?: Enable }).enableCompileCache;
  if (!enable) return;
  const directory = compileCacheDir(env);
  if (!directory) return;
  try {
    enable(directory);
  } catch {
    // Node reports a failure in its return value; nothing here may stop the server from starting.
  }
}
