/**
 * How dist/index.js loads the server: its CommonJS chunks (dist/*.cjs) compiled by V8 with a code
 * cache of their own, so that a start reuses the previous start's compiled code instead of parsing
 * and compiling ~500 KB of JavaScript again.
 *
 * Node's own caches (the compile cache of Node 22.8+, or require's none at all on Node 20) keep only
 * what V8 compiled before a module ran, and V8 compiles most functions lazily, on their first call.
 * This cache is taken after the client's `initialized` (checkpoint()), when start-up has compiled
 * everything it needed, and a chunk first loaded later is taken when the process exits. A start with
 * a valid cache then compiles next to nothing. A process that never gets that far (--version, doctor,
 * a client that never initializes) saves nothing.
 *
 * - Keyed by the build (a hash of every chunk, written into the entry), Node's version and the CPU
 *   architecture, one directory each; and each chunk by its size and modification time. V8 refuses
 *   data made by another V8 or with other flags, or for a source of another length: the chunk is
 *   then compiled as usual and its entry rewritten. Nothing here can stop the server from starting.
 * - The cache holds code this process will run, so it lives only in the user's own cache directory
 *   ($XDG_CACHE_HOME, %LOCALAPPDATA% or ~/.cache: absolute, existing, owned by this user and not
 *   writable by others), in directories made 0700 and files 0600, written to a temporary name and
 *   renamed, so a reader sees whole entries only. Never Node's default in the shared temporary
 *   directory, nor anything relative to the working directory, nor a home directory that is missing.
 * - ICE_MCP_CODE_CACHE=off turns it off: the chunks are compiled as usual at every start.
 */
import nodeModule from 'node:module';

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');
type Url = typeof import('node:url');
type Vm = typeof import('node:vm');
type Env = Record<string, string | undefined>;

// Required here rather than through util/builtin.ts: the entry shares no module with the server.
const nodeRequire = nodeModule.createRequire(import.meta.url);
const fs = (): Fs => nodeRequire('node:fs') as Fs;

const ABSOLUTE = /^\/|^[A-Za-z]:[\\/]|^\\\\/;
const DAY_MS = 86_400_000;
/** A build's directory not written to for this long is removed when another one is made. */
const KEEP_UNUSED_MS = 30 * DAY_MS;

/**
 * Whether `dir` exists as a directory of this user's that nobody else can write to (no symbolic
 * link). On Windows, where there are no uids or mode bits: whether it exists as a directory.
 */
export type OwnDirectory = (dir: string) => boolean;

const ownDirectory: OwnDirectory = (dir) => {
  try {
    const stat = fs().lstatSync(dir);
    if (!stat.isDirectory()) return false;
    return process.getuid === undefined || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0);
  } catch {
    return false;
  }
};

/**
 * Where the cache goes: $XDG_CACHE_HOME, else %LOCALAPPDATA% (Windows), else .cache in the home
 * directory; each only when absolute and an existing directory of this user's. Undefined otherwise,
 * and when ICE_MCP_CODE_CACHE=off. (Plain strings rather than node:path: this runs before anything
 * else is loaded.)
 */
export function codeCacheDir(
  env: Env,
  own: OwnDirectory = ownDirectory,
  exists = (path: string) => fs().existsSync(path),
): string | undefined {
  if (env.ICE_MCP_CODE_CACHE === 'off') return undefined;
  const usable = (dir: string | undefined): dir is string => Boolean(dir && ABSOLUTE.test(dir) && own(dir));
  const home = env.HOME || env.USERPROFILE;
  // ~/.cache may be missing (it is then made, 0700); when it is there, it must pass the same test.
  const dotCache = `${home}/.cache`;
  const homeCache = usable(home) && (own(dotCache) || !exists(dotCache)) ? dotCache : undefined;
  const base = [env.XDG_CACHE_HOME, env.LOCALAPPDATA].find(usable) ?? homeCache;
  return base ? `${base}/ice-agent-mcp/code-cache` : undefined;
}

export interface Program<T> {
  /** The exports of the program's entry chunk. */
  exports: T;
  /** Start-up is done: takes the cache of every chunk loaded so far that has none, and of later ones at exit. */
  checkpoint: () => void;
}

interface Chunk {
  script: import('node:vm').Script;
  entry: string | undefined;
  /** Whether the cache needs this chunk's data: none was there, or V8 refused it. */
  missing: boolean;
}

/** The parameters of a chunk's function; the last stands for `import.meta.url` (scripts/build.mjs). */
const HEAD = '(function (exports, require, module, __filename, __dirname, __ice_import_meta_url) {';

/**
 * Loads the program whose entry chunk is `entry` (a file URL or path of a `.cjs` file), with the code
 * cache under `cacheDir` (none when undefined). A chunk's `require('./x.cjs')` loads x.cjs from the
 * same directory the same way; anything else is Node's require.
 */
export function loadProgram<T>(entry: string, options: { buildId: string; cacheDir: string | undefined }): Program<T> {
  const { readFileSync, openSync, fstatSync, closeSync } = fs();
  const vm = nodeRequire('node:vm') as Vm;
  const { dirname, basename, join } = nodeRequire('node:path') as Path;
  const { fileURLToPath, pathToFileURL } = nodeRequire('node:url') as Url;
  const file = entry.startsWith('file:') ? fileURLToPath(entry) : entry;
  const dir = dirname(file);
  const runtimeDir = options.cacheDir && join(options.cacheDir, `${options.buildId}-${process.version}-${process.arch}`);
  const modules = new Map<string, { exports: unknown }>();
  const chunks: Chunk[] = [];
  const own = (spec: string): boolean => spec.startsWith('./') && spec.endsWith('.cjs') && !spec.includes('..');

  const load = (name: string): unknown => {
    const known = modules.get(name);
    if (known) return known.exports;
    const path = join(dir, name);
    const fd = openSync(path, 'r');
    let source: string;
    let stamp: string;
    try {
      const stat = fstatSync(fd);
      stamp = `${stat.size}-${Math.trunc(stat.mtimeMs)}`;
      source = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    const cacheEntry = runtimeDir && join(runtimeDir, `${name.replaceAll('/', '+')}-${stamp}`);
    const cachedData = cacheEntry ? readOwnFile(cacheEntry) : undefined;
    const script = new vm.Script(`${HEAD}${source}\n})`, { filename: path, ...(cachedData ? { cachedData } : {}) });
    chunks.push({ script, entry: cacheEntry, missing: !cachedData || script.cachedDataRejected === true });
    // A module of Node's own, in require.cache like any loaded file (and seen there by tools).
    const module = new nodeModule.Module(path) as NodeJS.Module;
    module.filename = path;
    modules.set(name, module);
    nodeRequire.cache[path] = module;
    const url = pathToFileURL(path).href;
    try {
      (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, requireFrom, module, path, dir, url);
    } catch (error) {
      // As Node does: a chunk that threw is not left half loaded for the next require.
      modules.delete(name);
      delete nodeRequire.cache[path];
      throw error;
    }
    module.loaded = true;
    return module.exports;
  };
  const requireFrom = Object.assign((spec: string) => (own(spec) ? load(spec.slice(2)) : nodeRequire(spec)), {
    resolve: nodeRequire.resolve,
    cache: nodeRequire.cache,
  });

  // Only a process that got as far as the checkpoint saves anything: data taken from a run of
  // --version or doctor would be accepted by every later start, and hold little of what it compiles.
  let started = false;
  let saved = 0;
  const save = (): void => {
    for (; started && saved < chunks.length; saved++) {
      const chunk = chunks[saved]!;
      if (chunk.missing && chunk.entry) writeEntry(runtimeDir!, chunk.entry, () => chunk.script.createCachedData());
    }
  };
  if (runtimeDir) process.once('exit', save);
  const checkpoint = (): void => {
    started = true;
    setImmediate(save);
  };
  return { exports: load(basename(file)) as T, checkpoint };
}

/** A cache entry's bytes when it is a regular file of this user's that nobody else can write to. */
function readOwnFile(path: string): Buffer | undefined {
  const { openSync, fstatSync, readFileSync, closeSync, constants } = fs();
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    const mine = process.getuid === undefined || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0);
    return stat.isFile() && mine && stat.size > 0 ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Writes one entry whole (a temporary file, then a rename); any failure only means no entry. */
function writeEntry(runtimeDir: string, path: string, data: () => Buffer): void {
  const { mkdirSync, writeFileSync, renameSync, rmSync } = fs();
  const { dirname } = nodeRequire('node:path') as Path;
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const made = mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
    const parent = dirname(runtimeDir);
    if (!ownDirectory(parent) || !ownDirectory(runtimeDir)) return;
    if (made !== undefined) removeUnused(parent, runtimeDir);
    writeFileSync(temporary, data(), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the cache is an optimisation.
    }
  }
}

/** Removes the directories of other builds or Node versions that have not been written to for a month. */
function removeUnused(parent: string, current: string): void {
  const { readdirSync, statSync, rmSync } = fs();
  const { join } = nodeRequire('node:path') as Path;
  const now = Date.now();
  for (const name of readdirSync(parent)) {
    const path = join(parent, name);
    if (path === current) continue;
    try {
      if (now - statSync(path).mtimeMs > KEEP_UNUSED_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process may be removing it too.
    }
  }
}
