/**
 * MCP Registry metadata: server.json, package.json `mcpName` and every other place that names the
 * project's home agree, so publishing means replacing one owner placeholder everywhere at once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_INFO, WEBSITE_URL } from '../src/mcp/server-info.js';

const root = new URL('..', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Record<string, unknown>;
const BUNDLE_URL = /WEBSITE_URL = '([^']+)'/.exec(readFileSync(new URL('scripts/mcpb-manifest.mjs', root), 'utf8'))?.[1];
const pkg = json('package.json') as { name: string; version: string; mcpName: string; homepage: string; repository: { url: string } };
const server = json('server.json') as {
  name: string;
  description: string;
  version: string;
  websiteUrl: string;
  repository: { url: string; source: string };
  packages: {
    registryType: string;
    identifier: string;
    version: string;
    transport: { type: string };
    environmentVariables: { name: string; isSecret?: boolean }[];
  }[];
};

describe('server.json', () => {
  it('follows the registry rules: reverse-DNS name with one slash, a short description, exact versions', () => {
    expect(server.name).toMatch(/^io\.github\.[A-Za-z0-9-]+\/ice-agent-mcp$/);
    expect(server.description.length).toBeGreaterThan(0);
    expect(server.description.length).toBeLessThanOrEqual(100);
    expect(server.version).toBe(pkg.version);
    expect(server.packages).toEqual([
      expect.objectContaining({ registryType: 'npm', identifier: pkg.name, version: pkg.version, transport: { type: 'stdio' } }),
    ]);
  });

  it('matches package.json mcpName, which is how the registry checks that the npm package is ours', () => {
    expect(pkg.mcpName).toBe(server.name);
  });

  it('names one owner everywhere: registry name, repository, home page, server info and the bundle', () => {
    const owner = server.name.slice('io.github.'.length).split('/')[0]!;
    const home = `https://github.com/${owner}/ice-agent-mcp`;
    expect([server.websiteUrl, server.repository.url, pkg.homepage, WEBSITE_URL, BUNDLE_URL, SERVER_INFO.websiteUrl]).toEqual(
      Array(6).fill(home),
    );
    expect(pkg.repository.url).toBe(`git+${home}.git`);
  });

  it('marks the AccessKey variables secret, and lists only variables the server reads', () => {
    const vars = server.packages[0]!.environmentVariables;
    expect(vars.filter((v) => v.isSecret).map((v) => v.name)).toEqual(['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET']);
    const help = readFileSync(new URL('src/cli/help.ts', root), 'utf8');
    for (const { name } of vars)
      expect(help, `${name} is documented in --help`).toContain(name.startsWith('ALIBABA_CLOUD_ACCESS') ? 'environment variables' : name);
  });
});
