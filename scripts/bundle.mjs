#!/usr/bin/env node
// npm run bundle: builds build/ice-agent-mcp-<version>.mcpb, an MCP Bundle for Claude Desktop.
// The bundle holds what the server needs at run time: dist/, package.json (the version is read from
// it), seed/ (the sandbox's demo data), its icon and the production packages (bundle-files.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productionPackages } from './bundle-files.mjs';
import { manifest } from './mcpb-manifest.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'build');
const stage = join(out, 'mcpb');
const bundle = join(out, `ice-agent-mcp-${pkg.version}.mcpb`);
const mcpb = (...args) =>
  execFileSync(process.execPath, [join(root, 'node_modules/@anthropic-ai/mcpb/dist/cli/cli.js'), ...args], { encoding: 'utf8' });

/** The tools as the built server lists them (default toolsets), for the install dialog. */
async function listTools() {
  const rpc = (id, method, params) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
  // No credentials or network are needed to list tools; closing stdin stops the server.
  const child = spawn(process.execPath, [join(root, 'dist/index.js')], {
    // No code cache: the build machine's compiled code must not land in the bundle.
    env: { PATH: process.env.PATH ?? '', HOME: stage, ICE_MCP_CODE_CACHE: 'off' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  child.stdin.write(
    rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bundle', version: '0' } }),
  );
  child.stdin.write(rpc(2, 'tools/list', {}));
  let buffered = '';
  for await (const chunk of child.stdout) {
    buffered += chunk;
    const reply = buffered
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((m) => m.id === 2);
    if (reply) {
      child.stdin.end();
      if (!reply.result) break;
      return reply.result.tools.map(({ name, description }) => ({ name, description }));
    }
  }
  throw new Error('dist/index.js did not answer tools/list: run npm run build');
}

// Type declarations and source maps: mcpb pack leaves them out anyway, so they are not copied either.
const UNPACKED = /\.(d\.[cm]?ts|map)$/;

rmSync(out, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const path of ['dist', 'seed', 'package.json']) cpSync(join(root, path), join(stage, path), { recursive: true });
// The icon the app shows for the extension: the server's SVG icon rendered by scripts/render-icon.mjs.
cpSync(join(root, 'assets/icon.png'), join(stage, 'icon.png'));
const packages = productionPackages(root);
for (const dir of packages) {
  // A package's own node_modules holds packages that appear in the list by themselves, or are not needed.
  const nested = join(root, dir, 'node_modules');
  const wanted = (src) => src !== nested && !src.startsWith(nested + sep) && !UNPACKED.test(src);
  cpSync(join(root, dir), join(stage, dir), { recursive: true, filter: wanted });
}
writeFileSync(
  join(stage, 'manifest.json'),
  `${JSON.stringify(manifest({ version: pkg.version, description: pkg.description, tools: await listTools() }), null, 2)}\n`,
);
mcpb('validate', join(stage, 'manifest.json'));
mcpb('pack', stage, bundle);
process.stdout.write(`${bundle}\n  ${packages.length} packages; install it by opening the file with Claude Desktop\n`);
