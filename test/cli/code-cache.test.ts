/**
 * The built server's code cache (src/cli/code-cache.ts), through the real bin: where it goes, that a
 * second start uses it as written, that an entry V8 or this process must refuse (garbage, damaged
 * data, another source, another Node, a link, a FIFO, somebody else's file or directory) is passed
 * over and, where the directory is sound, written again, and that old builds' directories go.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  lstatSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDir, codeCacheDir } from '../../src/cli/code-cache.js';
import { otherNode } from '../helpers/other-node.js';
import { connect, startReplica } from '../helpers/replicas.js';
import { cleanEnv, runBin } from './run-bin.js';

const OWN = new Set([
  '/home/ops',
  '/home/ops/.cache',
  '/var/cache/ops',
  'C:\\Users\\ops\\AppData\\Local',
  'C:\\Users\\ops',
  '\\\\host\\share',
]);
const own = (dir: string): boolean => OWN.has(dir);
const exists = (dir: string): boolean => OWN.has(dir) || dir === '/home/shared/.cache';
const DIST = new URL('../../dist/', import.meta.url).pathname;

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});
function newHome(): string {
  // The real path: the loader reports paths as Node resolves them (macOS's /var is a link).
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'ice-code-cache-')));
  homes.push(home);
  return home;
}

const SERVE = ['--endpoint', '127.0.0.1:9', '--protocol', 'http'];
const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'x', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'y' };

/** One session: the handshake, then stdin closed once the credentials line is out; it must have answered. */
async function session(home: string, extra: Record<string, string> = {}, node?: string, bin?: string): Promise<string> {
  const run = await runBin(SERVE, cleanEnv({ HOME: home, ...KEYS, ...extra }), /ice-agent-mcp: credentials/i, node, bin);
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout.split('\n')[0]!)).toMatchObject({ id: 1, result: { serverInfo: { name: 'ice-agent-mcp' } } });
  return run.stderr;
}

interface Entry {
  ino: number;
  size: number;
  mode: number;
}
/** The entries of the one build directory under `cacheDir`: name -> inode, size and mode. */
function entries(cacheDir: string): { dir: string; files: Map<string, Entry> } {
  const builds = readdirSync(cacheDir);
  expect(builds).toHaveLength(1);
  const dir = join(cacheDir, builds[0]!);
  const files = new Map(
    readdirSync(dir).map((name) => {
      const stat = statSync(join(dir, name));
      return [name, { ino: stat.ino, size: stat.size, mode: stat.mode & 0o777 }];
    }),
  );
  return { dir, files };
}
/** The entry of the start-up chunk (the biggest), by name. */
const biggest = (files: Map<string, Entry>): string => [...files].sort((a, b) => b[1].size - a[1].size)[0]![0];

/** A filled cache in a new home: the cache directory, the build's directory and its start-up entry. */
async function filled(): Promise<{ home: string; cacheDir: string; dir: string; chunk: string; files: Map<string, Entry> }> {
  const home = newHome();
  const cacheDir = codeCacheDir({ HOME: home })!;
  await session(home);
  const { dir, files } = entries(cacheDir);
  return { home, cacheDir, dir, chunk: biggest(files), files };
}

describe('the code cache', () => {
  it("goes to the user's own cache directory: absolute, local, existing and theirs (or a missing ~/.cache), never made up; off on request", () => {
    const dir = (env: Record<string, string>, platform = 'linux'): string | undefined => codeCacheDir(env, { own, exists, platform });
    expect(dir({ HOME: '/home/ops' })).toBe('/home/ops/.cache/ice-agent-mcp/code-cache');
    expect(dir({ HOME: '/home/ops', XDG_CACHE_HOME: '/var/cache/ops' })).toBe('/var/cache/ops/ice-agent-mcp/code-cache');
    // Relative (the working directory, which a client chooses), missing, or somebody else's: skipped.
    expect(dir({ HOME: '/home/ops', XDG_CACHE_HOME: 'cache' })).toBe('/home/ops/.cache/ice-agent-mcp/code-cache');
    expect(dir({ HOME: '/home/ops', XDG_CACHE_HOME: '/tmp/shared' })).toBe('/home/ops/.cache/ice-agent-mcp/code-cache');
    expect(dir({ HOME: '/nonexistent' })).toBeUndefined();
    expect(dir({ HOME: 'home/ops' })).toBeUndefined();
    expect(dir({})).toBeUndefined();
    // A home whose .cache is there but not the user's alone.
    OWN.add('/home/shared');
    expect(dir({ HOME: '/home/shared' })).toBeUndefined();
    OWN.delete('/home/shared');
    for (const off of ['off', 'OFF', 'false', '0', 'no']) expect(dir({ HOME: '/home/ops', ICE_MCP_CODE_CACHE: off })).toBeUndefined();
    expect(dir({ HOME: '/home/ops', ICE_MCP_CODE_CACHE: 'on' })).toBe('/home/ops/.cache/ice-agent-mcp/code-cache');
    const windows = { USERPROFILE: 'C:\\Users\\ops', LOCALAPPDATA: 'C:\\Users\\ops\\AppData\\Local' };
    expect(dir(windows, 'win32')).toBe('C:\\Users\\ops\\AppData\\Local/ice-agent-mcp/code-cache');
    // A drive path means nothing elsewhere (there it is relative to the working directory).
    expect(dir(windows, 'linux')).toBeUndefined();
    // A network share is nobody's own cache, whichever way it is written.
    for (const share of ['\\\\host\\share', '//host/share', '/\\host\\share']) {
      OWN.add(share);
      expect(dir({ LOCALAPPDATA: share }, 'win32')).toBeUndefined();
      expect(dir({ XDG_CACHE_HOME: share }, 'linux')).toBeUndefined();
      OWN.delete(share);
    }
    // The real check: a directory others can write to is not the user's own.
    const home = newHome();
    expect(codeCacheDir({ HOME: home })).toBe(`${home}/.cache/ice-agent-mcp/code-cache`);
    chmodSync(home, 0o777);
    expect(codeCacheDir({ HOME: home })).toBeUndefined();
    chmodSync(home, 0o700);
    mkdirSync(join(home, '.cache'), { mode: 0o770 });
    chmodSync(join(home, '.cache'), 0o770);
    expect(codeCacheDir({ HOME: home })).toBeUndefined();
  });

  it("keys a build's directory by the build, Node, the architecture, the Node options and the Node binary", () => {
    const plain = buildDir('/c', 'b1', {});
    expect(plain).toMatch(new RegExp(`^/c/b1-${process.version.replaceAll('.', '\\.')}-${process.arch}-[0-9a-f]{8}$`));
    expect(buildDir('/c', 'b1', {})).toBe(plain);
    const options = buildDir('/c', 'b1', { NODE_OPTIONS: '--max-old-space-size=200' });
    expect(options).not.toBe(plain);
    expect(buildDir('/c', 'b1', { NODE_OPTIONS: '--max-old-space-size=300' })).not.toBe(options);
    expect(buildDir('/c', 'b2', {})).not.toBe(plain);
  });

  it('is filled by a first start (directories 0700, entries 0600) and used as it is by the next', async () => {
    const { home, cacheDir, dir, files } = await filled();
    expect(dir).toMatch(new RegExp(`/[0-9a-f]{16}-${process.version.replaceAll('.', '\\.')}-${process.arch}-[0-9a-f]{8}$`));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    // The entry chunk, the start-up chunk, and the chunks loaded after the handshake (credentials).
    expect([...files.keys()]).toContain('main.cjs');
    expect(files.size).toBeGreaterThanOrEqual(4);
    for (const [name, file] of files) expect(file.mode, name).toBe(0o600);
    // An entry holds the chunk's source and V8's data twice.
    const chunk = biggest(files);
    expect(files.get(chunk)!.size).toBeGreaterThan(statSync(join(DIST, chunk)).size + 200_000);

    // Used, not rewritten: every entry matched and V8 took it (a refused one would be written again).
    await session(home);
    expect(entries(cacheDir).files).toEqual(files);
  });

  it('passes over an entry that is garbage, damaged past its header, or for another source, and writes it again', async () => {
    const { home, cacheDir, dir, chunk } = await filled();
    const path = join(dir, chunk);
    const rewrittenAfter = async (damage: (bytes: Buffer) => Buffer): Promise<void> => {
      const damaged = damage(readFileSync(path));
      writeFileSync(path, damaged);
      await session(home);
      const now = readFileSync(path);
      expect(now.equals(damaged)).toBe(false);
      expect(now.length).toBeGreaterThan(200_000);
    };
    await rewrittenAfter((bytes) => Buffer.alloc(bytes.length, 0x5a));
    // Bytes flipped inside V8's data: V8 itself checks only its header and would crash on them.
    await rewrittenAfter((bytes) => {
      for (let i = bytes.length - 100_000; i < bytes.length - 99_000; i++) bytes[i] = bytes[i]! ^ 0xff;
      return bytes;
    });
    // Longer than its header says (read no further than the header).
    await rewrittenAfter((bytes) => Buffer.concat([bytes, Buffer.alloc(1 << 20)]));
    // Another source of the same length: made for an earlier edit of the chunk.
    await rewrittenAfter((bytes) => {
      const at = bytes.indexOf('function');
      bytes.write('FUNCTION', at);
      return bytes;
    });
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  it('passes over an entry that is a link, a FIFO, or not the user’s alone, and replaces it with a file of 0600', async () => {
    const { home, dir, chunk } = await filled();
    const path = join(dir, chunk);
    const copy = join(home, 'copy');
    copyFileSync(path, copy);
    const replaced = async (): Promise<void> => {
      await session(home);
      const stat = lstatSync(path);
      expect(stat.isFile()).toBe(true);
      expect(stat.mode & 0o777).toBe(0o600);
      expect(statSync(path).uid).toBe(process.getuid?.());
    };
    // A link to a good entry: not followed.
    rmSync(path);
    symlinkSync(copy, path);
    await replaced();
    // Writable by the group: not read (whatever it holds).
    const before = statSync(path).ino;
    chmodSync(path, 0o620);
    await replaced();
    expect(statSync(path).ino).not.toBe(before);
    // A FIFO would block a plain open for ever: the start must not wait on it.
    const fifo = spawnSync('mkfifo', ['--version']);
    if (fifo.status === 0) {
      rmSync(path);
      expect(spawnSync('mkfifo', [path]).status).toBe(0);
      await replaced();
    } else console.log('mkfifo is missing: skipping the FIFO case');
    if (process.getuid?.() === 0) {
      // Another user's file (root can give it away): not read, replaced by one of this user's.
      chownSync(path, 65534, 65534);
      await replaced();
    }
  });

  it('neither reads nor writes entries under a directory that is not the user’s alone', async () => {
    const { home, cacheDir, dir, chunk, files } = await filled();
    rmSync(join(dir, 'main.cjs'));
    for (const level of [dirname(cacheDir), cacheDir, dir]) {
      chmodSync(level, 0o777);
      await session(home);
      // Not rewritten though its mtime would not tell: the missing entry is not made again.
      expect(existsSync(join(dir, 'main.cjs'))).toBe(false);
      expect(statSync(join(dir, chunk)).ino).toBe(files.get(chunk)!.ino);
      chmodSync(level, 0o700);
    }
    await session(home);
    expect(existsSync(join(dir, 'main.cjs'))).toBe(true);
  });

  it('runs the chunks as they are now: an edit of the same length with the old modification time is seen', async () => {
    const home = newHome();
    const copy = join(home, 'build');
    mkdirSync(copy);
    cpSync(DIST, join(copy, 'dist'), { recursive: true, preserveTimestamps: true });
    const bin = join(copy, 'dist', 'index.js');
    expect(await session(home, {}, undefined, bin)).toContain('ice-agent-mcp: credentials:');
    let edited = 0;
    for (const name of readdirSync(join(copy, 'dist')).filter((f) => f.endsWith('.cjs'))) {
      const file = join(copy, 'dist', name);
      const text = readFileSync(file, 'utf8');
      if (!text.includes('ice-agent-mcp: credentials:')) continue;
      const { atime, mtime } = statSync(file);
      writeFileSync(file, text.replaceAll('ice-agent-mcp: credentials:', 'ice-agent-mcp: CREDENTIALS:'));
      utimesSync(file, atime, mtime);
      edited++;
    }
    expect(edited).toBeGreaterThan(0);
    expect(await session(home, {}, undefined, bin)).toContain('ice-agent-mcp: CREDENTIALS:');
  });

  it('over HTTP, is taken once the first client has initialized, not when the server starts listening', async () => {
    const home = newHome();
    const cacheDir = codeCacheDir({ HOME: home })!;
    const replica = await startReplica({ endpoint: '127.0.0.1:9', flags: ['--confirm', 'elicit'], env: { HOME: home } });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(existsSync(cacheDir)).toBe(false);
      const client = await connect(replica.url);
      await client.listTools();
      const written = (): boolean => existsSync(cacheDir) && readdirSync(cacheDir).some((d) => existsSync(join(cacheDir, d, 'main.cjs')));
      for (let i = 0; i < 500 && !written(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(entries(cacheDir).files.has('main.cjs')).toBe(true);
      await client.close();
    } finally {
      await replica.stop();
    }
  });

  it('runs chunks as Node would: strict, with their own __dirname, one instance each, and stack positions as in the file', async () => {
    // A program of three chunks of its own behind a copy of the built entry.
    const home = newHome();
    const dist = join(home, 'dist');
    mkdirSync(join(dist, 'sub'), { recursive: true });
    copyFileSync(join(DIST, 'index.js'), join(dist, 'index.js'));
    copyFileSync(join(DIST, 'package.json'), join(dist, 'package.json'));
    writeFileSync(join(dist, 'shared.cjs'), 'exports.made = {};\n');
    writeFileSync(join(dist, 'sub', 'nested.cjs'), 'exports.dir = __dirname; exports.shared = require("../shared.cjs").made;\n');
    writeFileSync(
      join(dist, 'main.cjs'),
      [
        'exports.main = async () => { const where = new Error().stack.split("\\n")[1];',
        '  const nested = require("./sub/nested.cjs");',
        '  process.stdout.write(JSON.stringify({ strict: (function () { return this; })() === undefined, where, dir: __dirname, nested: nested.dir,',
        '    oneShared: nested.shared === require("./shared.cjs").made, url: __ice_import_meta_url }));',
        '  return 0; };',
      ].join('\n'),
    );
    const run = await runBin([], cleanEnv({ HOME: home }), undefined, undefined, join(dist, 'index.js'));
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      strict: true,
      where: `    at exports.main (${join(dist, 'main.cjs')}:1:44)`,
      dir: dist,
      nested: join(dist, 'sub'),
      oneShared: true,
      url: pathToFileURL(join(dist, 'main.cjs')).href,
    });
  });

  it('is made nowhere when off, when the home is missing, when the cache directory is not the user’s alone, or by a run that serves nothing', async () => {
    const home = newHome();
    // --version and doctor never reach the checkpoint: what they compiled would make a poor cache.
    for (const args of [['--version'], ['doctor', '--sandbox']]) {
      const run = await runBin(args, cleanEnv({ HOME: home }));
      expect(run.code, run.stderr).toBe(0);
    }
    expect(existsSync(join(home, '.cache'))).toBe(false);
    await session(home, { ICE_MCP_CODE_CACHE: 'off' });
    expect(existsSync(join(home, '.cache'))).toBe(false);
    const missing = join(home, 'no-such-home');
    await session(missing);
    expect(existsSync(missing)).toBe(false);
    const shared = join(home, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    await session(missing, { XDG_CACHE_HOME: shared });
    expect(readdirSync(shared)).toEqual([]);
  });

  it('keeps a directory per set of Node options, leaving the others as they are', async () => {
    const { home, cacheDir, dir, files } = await filled();
    await session(home, { NODE_OPTIONS: '--max-old-space-size=256' });
    const dirs = readdirSync(cacheDir).map((d) => join(cacheDir, d));
    expect(dirs).toHaveLength(2);
    expect(dirs.find((d) => d !== dir)).toMatch(/-[0-9a-f]{8}$/);
    await session(home);
    expect(new Map([...readdirSync(dir)].map((name) => [name, statSync(join(dir, name)).ino]))).toEqual(
      new Map([...files].map(([name, file]) => [name, file.ino])),
    );
  });

  it("removes other builds' directories once they have gone unused for a month, and leftovers of killed writes", async () => {
    const home = newHome();
    const cacheDir = codeCacheDir({ HOME: home })!;
    const old = join(cacheDir, '0123456789abcdef-v20.0.0-x64');
    const recent = join(cacheDir, 'fedcba9876543210-v20.0.0-x64');
    for (const dir of [old, recent]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const daysAgo = (days: number): number => (Date.now() - days * 86_400_000) / 1000;
    const stale = join(recent, 'main.cjs.123-abc.tmp');
    const fresh = join(recent, 'main.cjs.456-def.tmp');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    utimesSync(stale, daysAgo(2), daysAgo(2));
    utimesSync(old, daysAgo(40), daysAgo(40));
    utimesSync(recent, daysAgo(2), daysAgo(2));
    await session(home);
    const left = readdirSync(cacheDir);
    expect(left).toContain('fedcba9876543210-v20.0.0-x64');
    expect(left).not.toContain('0123456789abcdef-v20.0.0-x64');
    expect(left).toHaveLength(2);
    expect(readdirSync(recent)).toEqual(['main.cjs.456-def.tmp']);
    // The build in use is touched at each start, so clean-up never takes it for unused.
    const ours = left.map((d) => join(cacheDir, d)).find((d) => d !== recent)!;
    utimesSync(ours, daysAgo(40), daysAgo(40));
    await session(home);
    expect(Date.now() - statSync(ours).mtimeMs).toBeLessThan(86_400_000);
  });

  const other = otherNode();
  it.skipIf(!other)('under another Node, keeps a directory of its own, and data made by another V8 is refused and rewritten', async () => {
    const { home, cacheDir, dir, chunk, files } = await filled();
    await session(home, {}, other!.node);
    const theirs = readdirSync(cacheDir)
      .map((d) => join(cacheDir, d))
      .find((d) => d !== dir)!;
    expect(theirs).toContain(`-${other!.version}-`);
    // This Node's entries, put where the other Node looks: whole and for the same sources, but made
    // by another V8, which must refuse every one.
    for (const name of files.keys()) copyFileSync(join(dir, name), join(theirs, name));
    await session(home, {}, other!.node);
    expect(readFileSync(join(theirs, chunk)).equals(readFileSync(join(dir, chunk)))).toBe(false);
    const rewritten = statSync(join(theirs, chunk)).ino;
    await session(home, {}, other!.node);
    expect(statSync(join(theirs, chunk)).ino).toBe(rewritten);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });
});
