/**
 * How dist/index.js loads the server: its CommonJS chunks (dist/*.cjs) compiled by V8 with a code
 * cache of their own, so that a start reuses the previous start's compiled code instead of parsing
 * and compiling ~500 KB of JavaScript again.
 *
 * Node's own caches (the compile cache of Node 22.8+, or none at all for require on Node 20) keep
 * only what V8 compiled before a module ran, and V8 compiles most functions lazily, on their first
 * call. This cache is taken at the checkpoint (the first client has initialized), when start-up has
 * compiled everything it needed; a chunk first loaded later is taken when the process exits. A start
 * with a valid cache then compiles next to nothing. A process that never gets that far (--version,
 * doctor, a client that never initializes) saves nothing.
 *
 * - One directory per build (a hash of every chunk, written into the entry), Node version,
 *   architecture, set of Node options (V8 refuses data made under other flags) and Node binary (see
 *   buildDir). An entry holds the chunk's source it was made for, compared byte for byte before use,
 *   and V8's data twice, compared too: V8 checks only a header and would crash on damaged data, and
 *   loading a hash (node:zlib, node:crypto, node:v8) costs 1.5-2.5 ms of a ~60 ms start, where two
 *   comparisons cost ~0.05 ms. A mismatch, or data V8 refuses, means compiling as usual and writing
 *   it again.
 * - The cache holds code this process will run, so it lives only in the user's own cache directory
 *   ($XDG_CACHE_HOME, %LOCALAPPDATA% or ~/.cache: absolute, local, existing, owned by this user and
 *   not writable by others), and every directory from there down and every entry must pass the same
 *   test (no symbolic links, no FIFOs: entries are opened without following or blocking). Made 0700
 *   and 0600, written to a temporary name and renamed, so a reader sees whole entries only. Never
 *   Node's default in the shared temporary directory, nor anything relative to the working
 *   directory, nor a missing home. On Windows, which has no uid or mode bits, the directory's ACLs
 *   (a user profile's, by default) are what protect it.
 * - ICE_MCP_CODE_CACHE=off (or false, 0, no) turns it off. Nothing here may stop the server from
 *   starting: a directory or entry that cannot be used means compiling.
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
const path = (): Path => nodeRequire('node:path') as Path;

/** Absolute and local: on Windows a drive path (not a share), elsewhere a path from the root (not `//host`). */
const absolute = (dir: string, platform: string): boolean =>
  platform === 'win32' ? /^[A-Za-z]:[\\/]/.test(dir) : /^\/(?![\\/])/.test(dir);
/** The values of ICE_MCP_CODE_CACHE that turn it off (src/config/config.ts checks the variable). */
export const OFF = ['off', 'false', '0', 'no'];
const DAY_MS = 86_400_000;
/** A build's directory not used for this long is removed when another one is made. */
const KEEP_UNUSED_MS = 30 * DAY_MS;
/** An entry: MAGIC, the source's and the data's lengths (uint32 LE), the source, the data twice. */
const MAGIC = Buffer.from('ice-agent-mcp code cache 1\n');
const HEADER = MAGIC.length + 8;
/** V8's data for the biggest chunk is ~0.4 MB: an entry claiming more than this is not read. */
const MAX_DATA = 64 * 2 ** 20;

/** Whether a file's owner and mode are this user's alone (always, on Windows). */
const mine = (stat: { uid: number; mode: number }): boolean =>
  process.getuid === undefined || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0);

/**
 * Whether `dir` exists as a directory of this user's that nobody else can write to, and is not a
 * symbolic link. On Windows: whether it exists as a directory.
 */
export type OwnDirectory = (dir: string) => boolean;

const ownDirectory: OwnDirectory = (dir) => {
  try {
    const stat = fs().lstatSync(dir);
    return stat.isDirectory() && mine(stat);
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
  { own = ownDirectory, exists = (p: string) => fs().existsSync(p), platform = process.platform as string } = {},
): string | undefined {
  if (OFF.includes(env.ICE_MCP_CODE_CACHE?.toLowerCase() ?? '')) return undefined;
  const usable = (dir: string | undefined): dir is string => Boolean(dir && absolute(dir, platform) && own(dir));
  const home = env.HOME || env.USERPROFILE;
  // ~/.cache may be missing (it is then made, 0700); when it is there, it must pass the same test.
  const dotCache = `${home}/.cache`;
  const homeCache = usable(home) && (own(dotCache) || !exists(dotCache)) ? dotCache : undefined;
  const base = [env.XDG_CACHE_HOME, env.LOCALAPPDATA].find(usable) ?? homeCache;
  return base ? `${base}/ice-agent-mcp/code-cache` : undefined;
}

/**
 * The directory of this build, Node and set of options under `cacheDir`. Its last part is a short
 * digest (FNV-1a over a few dozen characters: no module to load) of process.execArgv, NODE_OPTIONS
 * and the Node binary's size, modification time and inode: two builds of one Node version (a
 * distribution's and the official one, or two machines sharing a home) have one V8 version, and V8
 * would take, and could crash on, data the other made.
 */
export function buildDir(cacheDir: string, buildId: string, env: Env = process.env): string | undefined {
  let binary: string;
  try {
    const stat = fs().statSync(process.execPath);
    binary = `${stat.size}:${Math.trunc(stat.mtimeMs)}:${stat.ino}`;
  } catch {
    // No stamp, no telling this binary from another build of the same version: no cache.
    return undefined;
  }
  const key = [...process.execArgv, env.NODE_OPTIONS ?? '', binary].join('\0');
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return path().join(cacheDir, `${buildId}-${process.version}-${process.arch}-${(hash >>> 0).toString(16).padStart(8, '0')}`);
}

/**
 * Whether every directory from the cache's base down to `dir` that exists passes ownDirectory, and
 * whether they all exist.
 */
function chainState(cacheDir: string, dir: string): 'usable' | 'missing' | 'refused' {
  const { dirname } = path();
  // The base was checked by codeCacheDir; below it: ice-agent-mcp, code-cache and the build's own.
  const levels = [dirname(cacheDir), cacheDir, dir];
  let missing = false;
  for (const level of levels) {
    if (ownDirectory(level)) continue;
    if (fs().existsSync(level)) return 'refused';
    missing = true;
  }
  return missing ? 'missing' : 'usable';
}

export interface Program<T> {
  /** The exports of the program's entry chunk. */
  exports: T;
  /** Start-up is done: takes the cache of every chunk loaded so far that has none, and of later ones at exit. */
  checkpoint: () => void;
}

interface Chunk {
  script: import('node:vm').Script;
  /** Where this chunk's data goes, with the source it is for: only when the cache lacks it (none was there, it was for another source, or V8 refused it). */
  missing: { entry: string; source: Buffer } | undefined;
}

/**
 * The function each chunk is wrapped in, on a line of its own (so positions in the chunk's first
 * line stay right); the last parameter stands for `import.meta.url` (scripts/build.mjs). Strict, as
 * the ES modules the chunks were made from.
 */
const HEAD = '(function (exports, require, module, __filename, __dirname, __ice_import_meta_url) {"use strict";\n';

/**
 * Loads the program whose entry chunk is `entry` (a file URL or path of a `.cjs` file), with the code
 * cache in `cacheDir` (none when undefined). A chunk's `require('./x.cjs')` loads x.cjs next to that
 * chunk the same way; anything else is Node's require.
 */
export function loadProgram<T>(entry: string, options: { buildId: string; cacheDir: string | undefined }): Program<T> {
  const { readFileSync } = fs();
  const vm = nodeRequire('node:vm') as Vm;
  const { dirname, join, sep } = path();
  const { fileURLToPath, pathToFileURL } = nodeRequire('node:url') as Url;
  const file = entry.startsWith('file:') ? fileURLToPath(entry) : entry;
  const root = dirname(file);
  // Every chunk lives under here (a root of '/' already ends with the separator).
  const prefix = root.endsWith(sep) ? root : root + sep;
  const dir = options.cacheDir === undefined ? undefined : buildDir(options.cacheDir, options.buildId);
  const chain = dir === undefined ? 'refused' : chainState(options.cacheDir!, dir);
  const chunks: Chunk[] = [];

  const load = (path: string): unknown => {
    // require.cache is the one registry: a chunk loaded once is that module for every require.
    const known = nodeRequire.cache[path];
    if (known) return known.exports;
    const source = readFileSync(path);
    const entryPath = chain === 'refused' ? undefined : join(dir!, path.slice(prefix.length).replaceAll(/[\\/]/g, '+'));
    const cachedData = chain === 'usable' && entryPath ? readEntry(entryPath, source) : undefined;
    const script = new vm.Script(HEAD + source.toString() + '\n})', {
      filename: path,
      lineOffset: -1,
      ...(cachedData ? { cachedData } : {}),
    });
    const missing = entryPath !== undefined && (!cachedData || script.cachedDataRejected === true);
    chunks.push({ script, missing: missing ? { entry: entryPath, source } : undefined });
    // A module of Node's own, in require.cache like any loaded file (and seen there by tools).
    const module = new nodeModule.Module(path) as NodeJS.Module;
    module.filename = path;
    nodeRequire.cache[path] = module;
    const here = dirname(path);
    // Node's require as this chunk would have it; a chunk of this build (a .cjs file under the
    // entry's directory) is loaded here instead, so that each has one instance.
    const nodeRequireHere = nodeModule.createRequire(path);
    const requireHere = Object.assign(
      (spec: string) => {
        const relative = spec.startsWith('./') || spec.startsWith('../');
        const chunk = relative && spec.endsWith('.cjs') ? join(here, spec) : undefined;
        return chunk?.startsWith(prefix) ? load(chunk) : nodeRequireHere(spec);
      },
      { resolve: nodeRequireHere.resolve, cache: nodeRequireHere.cache },
    );
    try {
      (script.runInThisContext() as (...args: unknown[]) => void).call(
        module.exports,
        module.exports,
        requireHere,
        module,
        path,
        here,
        pathToFileURL(path).href,
      );
    } catch (error) {
      // As Node does: a chunk that threw is not left half loaded for the next require.
      delete nodeRequire.cache[path];
      throw error;
    }
    module.loaded = true;
    return module.exports;
  };

  // Only a process that got as far as the checkpoint saves anything: data taken from a run of
  // --version or doctor would be accepted by every later start, and hold little of what it compiles.
  let started = false;
  let saved = 0;
  const save = (): void => {
    if (!started || dir === undefined || chain === 'refused') return;
    for (; saved < chunks.length; saved++) {
      const { script, missing } = chunks[saved]!;
      if (missing) writeEntry(options.cacheDir!, dir, missing.entry, missing.source, () => script.createCachedData());
      chunks[saved] = { script, missing: undefined };
    }
  };
  if (dir !== undefined) process.once('exit', save);
  const checkpoint = (): void => {
    if (started) return;
    started = true;
    setImmediate(() => {
      save();
      // In use: the clean-up of other builds goes by this directory's time.
      if (dir !== undefined && chain === 'usable') touch(dir);
    });
  };
  return { exports: load(file) as T, checkpoint };
}

/**
 * V8's data from the entry at `path`, when it is a regular file of this user's alone, whole, made for
 * exactly `source`, and its two copies of the data agree.
 */
function readEntry(path: string, source: Buffer): Buffer | undefined {
  const { openSync, fstatSync, readSync, closeSync, constants } = fs();
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || !mine(stat) || stat.size < HEADER) return undefined;
    // The header first: an entry of any other size than it says (a huge one, say) is never read.
    const header = Buffer.alloc(HEADER);
    if (readSync(fd, header, 0, HEADER, 0) !== HEADER || !header.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const dataLength = header.readUInt32LE(MAGIC.length + 4);
    const dataAt = HEADER + source.length;
    const consistent = dataLength > 0 && dataLength <= MAX_DATA && stat.size === dataAt + 2 * dataLength;
    if (header.readUInt32LE(MAGIC.length) !== source.length || !consistent) return undefined;
    const bytes = Buffer.allocUnsafe(stat.size - HEADER);
    if (readSync(fd, bytes, 0, bytes.length, HEADER) !== bytes.length || !bytes.subarray(0, source.length).equals(source)) return undefined;
    const data = bytes.subarray(source.length, source.length + dataLength);
    return data.equals(bytes.subarray(source.length + dataLength)) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes one entry whole (a temporary file, then a rename) after making and checking the directories
 * from the cache's base down; any failure only means no entry.
 */
function writeEntry(cacheDir: string, dir: string, path: string, source: Buffer, data: () => Buffer): void {
  const { mkdirSync, writeFileSync, renameSync, rmSync } = fs();
  const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const made = mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (chainState(cacheDir, dir) !== 'usable') return;
    if (made !== undefined) removeUnused(cacheDir, dir);
    const v8 = data();
    const header = Buffer.alloc(8);
    header.writeUInt32LE(source.length, 0);
    header.writeUInt32LE(v8.length, 4);
    writeFileSync(temporary, Buffer.concat([MAGIC, header, source, v8, v8]), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    // EEXIST: the name is somebody else's (another process with this pid, in another container).
    if ((error as { code?: unknown }).code === 'EEXIST') return;
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the cache is an optimisation.
    }
  }
}

/** Marks `dir` as used now. */
function touch(dir: string): void {
  try {
    const now = new Date();
    fs().utimesSync(dir, now, now);
  } catch {
    // Clean-up may then take it for unused after a month, which costs one start of compiling.
  }
}

/**
 * Removes, when a build's directory is made: other builds' (or Node versions') directories unused
 * for a month, and temporary files more than a day old that a killed process left in any of them.
 */
function removeUnused(cacheDir: string, current: string): void {
  const { readdirSync, statSync, rmSync } = fs();
  const { join } = path();
  const now = Date.now();
  for (const name of readdirSync(cacheDir)) {
    const dir = join(cacheDir, name);
    try {
      if (dir !== current && now - statSync(dir).mtimeMs > KEEP_UNUSED_MS) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      for (const file of readdirSync(dir)) {
        const leftover = join(dir, file);
        if (file.endsWith('.tmp') && now - statSync(leftover).mtimeMs > DAY_MS) rmSync(leftover, { force: true });
      }
    } catch {
      // Another process may be removing it too.
    }
  }
}
