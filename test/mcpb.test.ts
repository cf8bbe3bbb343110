/**
 * The MCP Bundle (`npm run bundle`): its manifest validates, it packs, and the unpacked archive runs
 * the server on its own (nothing from this checkout) as a host would start it from the manifest.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const archive = join(root, 'build', `ice-agent-mcp-${version}.mcpb`);
const mcpb = (...args: string[]) =>
  execFileSync(process.execPath, [join(root, 'node_modules/@anthropic-ai/mcpb/dist/cli/cli.js'), ...args], { encoding: 'utf8' });

interface UserConfigField {
  type: string;
  sensitive?: boolean;
  default?: string | boolean;
}
interface Manifest {
  manifest_version: string;
  version: string;
  tools: { name: string }[];
  server: { entry_point: string; mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  user_config: Record<string, UserConfigField>;
}

let dir: string;
let manifest: Manifest;
beforeAll(() => {
  // dist/ is built by `npm test`; the bundle script validates and packs.
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'ice-mcpb-'));
  mcpb('unpack', archive, dir);
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the host does: ${__dirname} is the unpacked bundle, ${user_config.x} the person's value or the default. */
function launch(values: Record<string, string | boolean>): { args: string[]; env: Record<string, string> } {
  const fill = (text: string): string =>
    text
      .replaceAll('${__dirname}', dir)
      .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => String(values[key] ?? manifest.user_config[key]?.default ?? ''));
  const { args, env } = manifest.server.mcp_config;
  return { args: args.map(fill), env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)])) };
}

/** Starts the server with stdio, asks initialize and tools/list, and returns the answers. */
async function handshake(args: string[], env: Record<string, string>): Promise<{ serverName: string; tools: string[] }> {
  const child = spawn(process.execPath, args, { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: dir, ...env } });
  const rpc = (id: number, method: string, params: unknown) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
  child.stdin.write(rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcpb', version: '0' } }));
  child.stdin.write(rpc(2, 'tools/list', {}));
  let stdout = '';
  const replies = await new Promise<{ id: number; result: Record<string, unknown> }[]>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before answering`)));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const messages = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { id: number; result: Record<string, unknown> });
      if (messages.some((m) => m.id === 2)) resolve(messages);
    });
  });
  child.stdin.end();
  const info = replies.find((m) => m.id === 1)!.result.serverInfo as { name: string };
  const tools = replies.find((m) => m.id === 2)!.result.tools as { name: string }[];
  return { serverName: info.name, tools: tools.map((t) => t.name) };
}

describe('npm run bundle', () => {
  it('writes a manifest that mcpb validates, with the keys as sensitive settings passed through the environment', () => {
    expect(mcpb('validate', join(dir, 'manifest.json'))).toContain('passes');
    expect(manifest).toMatchObject({ manifest_version: '0.3', version, server: { entry_point: 'dist/index.js' } });
    const { user_config: settings, server } = manifest;
    expect(settings.access_key_id).toMatchObject({ type: 'string', sensitive: true });
    expect(settings.access_key_secret).toMatchObject({ type: 'string', sensitive: true });
    expect(settings.region).toMatchObject({ type: 'string', default: 'cn-shanghai' });
    expect(settings.confirm).toMatchObject({ type: 'string', default: 'auto' });
    expect(settings.sandbox).toMatchObject({ type: 'boolean', default: false });
    expect(server.mcp_config.env).toMatchObject({
      ALIBABA_CLOUD_ACCESS_KEY_ID: '${user_config.access_key_id}',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: '${user_config.access_key_secret}',
      ICE_MCP_SANDBOX: '${user_config.sandbox}',
    });
    // Secrets never ride on the command line, where process listings show them.
    expect(server.mcp_config.args.join(' ')).not.toMatch(/access_key/);
  });

  it('carries its icon: a 512 x 512 PNG the manifest names', () => {
    expect((JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { icon?: string }).icon).toBe('icon.png');
    const png = readFileSync(join(dir, 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('holds dist/, icon.png, package.json, seed/ and exactly the production packages npm lists', () => {
    const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(1)
      .map((p) => relative(root, p))
      .sort();
    // dist/ bundles its dependencies, so today there are none to ship; the check holds if that changes.
    const packages = listed.length > 0 ? ['node_modules'] : [];
    expect(readdirSync(dir).sort()).toEqual(['dist', 'icon.png', 'manifest.json', ...packages, 'package.json', 'seed']);
    if (listed.length === 0) return;
    const bundled = (base: string): string[] =>
      readdirSync(join(dir, base), { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== '.bin')
        .flatMap((e) => {
          const path = join(base, e.name);
          if (e.name.startsWith('@')) return bundled(path);
          const nested = readdirSync(join(dir, path)).includes('node_modules') ? bundled(join(path, 'node_modules')) : [];
          return [path, ...nested];
        });
    expect(bundled('node_modules').sort()).toEqual(listed);
  });

  it('the unpacked bundle starts as the host starts it, with the sandbox switch on, and lists its tools', async () => {
    const { args, env } = launch({ sandbox: true });
    const { serverName, tools } = await handshake(args, env);
    expect(serverName).toBe('ice-agent-mcp');
    expect(tools).toEqual(manifest.tools.map((t) => t.name));
  }, 30_000);

  it('the unpacked bundle also runs with --sandbox given directly', async () => {
    const { tools } = await handshake([join(dir, 'dist', 'index.js'), '--sandbox'], {});
    expect(tools.length).toBeGreaterThan(0);
  }, 30_000);
});
