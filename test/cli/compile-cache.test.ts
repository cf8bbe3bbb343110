import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheDir } from '../../src/cli/compile-cache.js';

const BIN = new URL('../../dist/index.js', import.meta.url).pathname;
const nodeHasOne = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe("Node's compile cache", () => {
  it("goes to the user's own cache directory, never to the shared temporary one", () => {
    expect(compileCacheDir({ HOME: '/home/ops' })).toBe('/home/ops/.cache/ice-agent-mcp/compile-cache');
    expect(compileCacheDir({ HOME: '/home/ops', XDG_CACHE_HOME: '/var/cache/ops' })).toBe('/var/cache/ops/ice-agent-mcp/compile-cache');
    expect(compileCacheDir({ USERPROFILE: 'C:\\Users\\ops' })).toBe('C:\\Users\\ops/.cache/ice-agent-mcp/compile-cache');
    expect(compileCacheDir({})).toBeUndefined();
    expect(compileCacheDir({ HOME: '', XDG_CACHE_HOME: '' })).toBeUndefined();
  });

  it(`is ${nodeHasOne ? 'filled' : 'not made'} by the built server on this Node (${process.version}), which starts either way`, () => {
    const home = mkdtempSync(join(tmpdir(), 'ice-compile-cache-'));
    try {
      for (const env of [{ HOME: home }, { HOME: '/nonexistent' }]) {
        const run = spawnSync(process.execPath, [BIN, '--version'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
        expect(run.stderr).toBe('');
      }
      const dir = compileCacheDir({ HOME: home })!;
      expect(existsSync(dir)).toBe(nodeHasOne);
      if (nodeHasOne) expect(readdirSync(dir).length).toBeGreaterThan(0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
