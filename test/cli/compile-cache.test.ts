import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheDir } from '../../src/cli/compile-cache.js';
import { nodeWithCompileCache } from '../helpers/node-with-cache.js';

const BIN = new URL('../../dist/index.js', import.meta.url).pathname;
const OWN = new Set(['/home/ops', '/var/cache/ops', 'C:\\Users\\ops\\AppData\\Local', 'C:\\Users\\ops']);
const own = (dir: string): boolean => OWN.has(dir);

/** Runs the built server's --version under `node` with only `env`; it must answer as usual. */
function version(node: string, env: Record<string, string>): void {
  const run = spawnSync(node, [BIN, '--version'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  expect(run.stderr).toBe('');
}

describe("Node's compile cache", () => {
  it("goes to the user's own cache directory: absolute, existing and theirs, never made up", () => {
    expect(compileCacheDir({ HOME: '/home/ops' }, own)).toBe('/home/ops/.cache/ice-agent-mcp/compile-cache');
    expect(compileCacheDir({ HOME: '/home/ops', XDG_CACHE_HOME: '/var/cache/ops' }, own)).toBe(
      '/var/cache/ops/ice-agent-mcp/compile-cache',
    );
    // Relative (the working directory, which a client chooses), missing, or somebody else's: skipped.
    expect(compileCacheDir({ HOME: '/home/ops', XDG_CACHE_HOME: 'cache' }, own)).toBe('/home/ops/.cache/ice-agent-mcp/compile-cache');
    expect(compileCacheDir({ HOME: '/home/ops', XDG_CACHE_HOME: '/tmp/shared' }, own)).toBe('/home/ops/.cache/ice-agent-mcp/compile-cache');
    expect(compileCacheDir({ HOME: '/nonexistent' }, own)).toBeUndefined();
    expect(compileCacheDir({ HOME: 'home/ops' }, own)).toBeUndefined();
    expect(compileCacheDir({}, own)).toBeUndefined();
    expect(compileCacheDir({ USERPROFILE: 'C:\\Users\\ops', LOCALAPPDATA: 'C:\\Users\\ops\\AppData\\Local' }, own)).toBe(
      'C:\\Users\\ops\\AppData\\Local/ice-agent-mcp/compile-cache',
    );
    expect(compileCacheDir({ USERPROFILE: 'C:\\Users\\ops' }, own)).toBe('C:\\Users\\ops/.cache/ice-agent-mcp/compile-cache');
  });

  it('on this Node, with or without a cache of its own, the built server starts and makes no directory', () => {
    const home = join(tmpdir(), `ice-compile-cache-missing-${process.pid}`);
    version(process.execPath, { HOME: home });
    expect(existsSync(home)).toBe(false);
  });

  const node = nodeWithCompileCache();
  it.skipIf(!node)('on a Node with one, the built server fills it in its own directory, and only there', () => {
    const home = mkdtempSync(join(tmpdir(), 'ice-compile-cache-'));
    try {
      const missing = join(home, 'no-such-home');
      version(node!, { HOME: missing });
      expect(existsSync(missing)).toBe(false); // Node would have made it
      version(node!, { HOME: home, XDG_CACHE_HOME: 'relative-cache' });
      expect(existsSync('relative-cache')).toBe(false);
      const dir = compileCacheDir({ HOME: home })!;
      expect(readdirSync(dir).length).toBeGreaterThan(0);
      rmSync(dir, { recursive: true });
      version(node!, { HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' });
      expect(existsSync(dir)).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
