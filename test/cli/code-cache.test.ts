/**
 * The built server's code cache (src/cli/code-cache.ts), through the real bin: where it goes, that a
 * second start uses it as written, that data V8 or this process must refuse (garbage, another Node,
 * another user's file) is passed over and rewritten, and that old builds' directories go.
 */
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCacheDir } from '../../src/cli/code-cache.js';
import { otherNode } from '../helpers/other-node.js';
import { cleanEnv, runBin } from './run-bin.js';

const OWN = new Set(['/home/ops', '/home/ops/.cache', '/var/cache/ops', 'C:\\Users\\ops\\AppData\\Local', 'C:\\Users\\ops']);
const own = (dir: string): boolean => OWN.has(dir);
const exists = (dir: string): boolean => OWN.has(dir) || dir === '/home/shared/.cache';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});
function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'ice-code-cache-'));
  homes.push(home);
  return home;
}

const SERVE = ['--endpoint', '127.0.0.1:9', '--protocol', 'http'];
const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'x', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'y' };

/** One session: the handshake, then stdin closed once the credentials line is out; it must have answered. */
async function session(home: string, extra: Record<string, string> = {}, node?: string): Promise<void> {
  const run = await runBin(SERVE, cleanEnv({ HOME: home, ...KEYS, ...extra }), /ice-agent-mcp: credentials/, node);
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout.split('\n')[0]!)).toMatchObject({ id: 1, result: { serverInfo: { name: 'ice-agent-mcp' } } });
}

/** The entries of the one build directory under `cacheDir`: name -> inode, size and mode. */
function entries(cacheDir: string): { dir: string; files: Map<string, { ino: number; size: number; mode: number }> } {
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
const biggest = (files: Map<string, { size: number }>): string => [...files].sort((a, b) => b[1].size - a[1].size)[0]![0];

describe('the code cache', () => {
  it("goes to the user's own cache directory: absolute, existing and theirs (or a missing ~/.cache), never made up; off on request", () => {
    const dir = (env: Record<string, string>): string | undefined => codeCacheDir(env, own, exists);
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
    expect(dir({ HOME: '/home/ops', ICE_MCP_CODE_CACHE: 'off' })).toBeUndefined();
    expect(dir({ USERPROFILE: 'C:\\Users\\ops', LOCALAPPDATA: 'C:\\Users\\ops\\AppData\\Local' })).toBe(
      'C:\\Users\\ops\\AppData\\Local/ice-agent-mcp/code-cache',
    );
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

  it('is filled by a first start (directories 0700, entries 0600) and used as it is by the next', async () => {
    const home = newHome();
    const cacheDir = codeCacheDir({ HOME: home })!;
    await session(home);
    const first = entries(cacheDir);
    expect(first.dir).toMatch(new RegExp(`/[0-9a-f]{16}-${process.version.replaceAll('.', '\\.')}-${process.arch}$`));
    expect(statSync(first.dir).mode & 0o777).toBe(0o700);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    // The entry chunk, the start-up chunk, and the chunks loaded after the handshake (credentials).
    expect([...first.files.keys()]).toEqual(expect.arrayContaining([expect.stringMatching(/^main\.cjs-\d+-\d+$/)]));
    expect(first.files.size).toBeGreaterThanOrEqual(4);
    for (const [name, file] of first.files) expect(file.mode, name).toBe(0o600);
    expect(first.files.get(biggest(first.files))!.size).toBeGreaterThan(100_000);

    // Used, not rewritten: V8 took every entry (a refused one would be written again).
    await session(home);
    expect(entries(cacheDir).files).toEqual(first.files);
  });

  it('passes over data V8 refuses, or that is not the user’s alone, and writes it again', async () => {
    const home = newHome();
    const cacheDir = codeCacheDir({ HOME: home })!;
    await session(home);
    const { dir, files } = entries(cacheDir);
    const chunk = biggest(files);
    const garbage = Buffer.alloc(files.get(chunk)!.size, 0x5a);
    writeFileSync(join(dir, chunk), garbage);
    await session(home);
    expect(readFileSync(join(dir, chunk)).equals(garbage)).toBe(false);
    expect(entries(cacheDir).files.get(chunk)!.size).toBeGreaterThan(100_000);

    // Writable by the group: not read (whatever it holds), and replaced by a file of 0600.
    const before = entries(cacheDir).files.get(chunk)!;
    chmodSync(join(dir, chunk), 0o620);
    await session(home);
    const after = entries(cacheDir).files.get(chunk)!;
    expect(after.mode).toBe(0o600);
    expect(after.ino).not.toBe(before.ino);
    if (process.getuid?.() === 0) {
      // Another user's file (root can give it away): not read, replaced by one of this user's.
      chownSync(join(dir, chunk), 65534, 65534);
      await session(home);
      expect(statSync(join(dir, chunk)).uid).toBe(0);
    }
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

  it("removes other builds' directories once they have gone unused for a month, and only those", async () => {
    const home = newHome();
    const cacheDir = codeCacheDir({ HOME: home })!;
    const old = join(cacheDir, '0123456789abcdef-v20.0.0-x64');
    const recent = join(cacheDir, 'fedcba9876543210-v20.0.0-x64');
    for (const dir of [old, recent]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const daysAgo = (days: number): number => (Date.now() - days * 86_400_000) / 1000;
    utimesSync(old, daysAgo(40), daysAgo(40));
    utimesSync(recent, daysAgo(2), daysAgo(2));
    await session(home);
    const left = readdirSync(cacheDir);
    expect(left).toContain('fedcba9876543210-v20.0.0-x64');
    expect(left).not.toContain('0123456789abcdef-v20.0.0-x64');
    expect(left).toHaveLength(2);
  });

  const other = otherNode();
  it.skipIf(!other)('under another Node, keeps a directory of its own, and data made by another V8 is refused and rewritten', async () => {
    const home = newHome();
    const cacheDir = codeCacheDir({ HOME: home })!;
    await session(home);
    const ours = entries(cacheDir);
    // This Node's entries, put where the other Node looks: its V8 must refuse every one.
    const theirs = ours.dir.replace(`-${process.version}-`, `-${other!.version}-`);
    cpSync(ours.dir, theirs, { recursive: true });
    await session(home, {}, other!.node);
    const chunk = biggest(ours.files);
    expect(readFileSync(join(theirs, chunk)).equals(readFileSync(join(ours.dir, chunk)))).toBe(false);
    const rewritten = statSync(join(theirs, chunk)).ino;
    await session(home, {}, other!.node);
    expect(statSync(join(theirs, chunk)).ino).toBe(rewritten);
    expect(readdirSync(cacheDir).sort()).toEqual([ours.dir, theirs].map((d) => d.slice(cacheDir.length + 1)).sort());
  });
});
