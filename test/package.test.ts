/** The published package: what `npm pack` puts in the tarball, and that its bin runs from there. */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
let dir: string;
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ice-pack-'));
  // dist/ is already built by `npm test`; --ignore-scripts keeps pack from building it again.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  files = info!.files.map((f) => f.path);
  execFileSync('tar', ['-xzf', join(dir, info!.filename), '-C', dir]);
  // No node_modules next to the unpacked package: everything it runs must be inside dist/.
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships the bin, its bundle, the demo seed and the docs, and nothing of test/, src/ or bench/', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'mcp.json',
        'dist/index.js',
        'dist/package.json',
        'dist/emulator/index.cjs',
        'seed/demo.json',
      ]),
    );
    expect(files.filter((f) => /^(test|src|bench|scripts|\.ci)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('declares only redis as a run-time dependency (loaded when ICE_MCP_REDIS_URL is set); the SDK, zod and the Alibaba Cloud libraries are bundled', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['redis']);
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    for (const up of ['package', '.']) expect(existsSync(join(dir, up, 'node_modules'))).toBe(false);
  });

  it('the packed bin, with no node_modules anywhere, answers --version and serves a sandbox session', async () => {
    const bin = join(dir, 'package', 'dist', 'index.js');
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const child = spawn(process.execPath, [bin, '--sandbox'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    const rpc = (id: number, method: string, params: unknown) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
    child.stdin.write(
      rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pack', version: '0' } }),
    );
    child.stdin.write(
      rpc(2, 'tools/call', { name: 'ice_describe_agent_instance', arguments: { InstanceId: '39f8e0bc005e4f309379701645f4a1c2' } }),
    );
    await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('"id":2') && resolve()));
    child.stdin.end();
    await once(child, 'exit');
    const reply = JSON.parse(
      stdout
        .trim()
        .split('\n')
        .find((l) => l.includes('"id":2'))!,
    ) as { result: { structuredContent: { sandbox: boolean; Instance: { Status: string } } } };
    expect(reply.result.structuredContent).toMatchObject({ sandbox: true, Instance: { Status: 'Executing' } });
  }, 30_000);
});
