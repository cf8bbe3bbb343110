/** The README and mcp.json are checked against the code, so the docs cannot rot. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/config/config.js';
import { OPERATIONS as TOOLS } from '../src/operations/index.js';
import { jsonSchemaOf } from '../src/mcp/listing.js';

const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

const blocks = (lang: string): string[] => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

/** The CLI arguments of a client entry: whatever follows the package name or the bin path. */
function cliArgs(command: string, args: string[]): string[] {
  const at = args.findIndex((a) => a === 'ice-agent-mcp' || a.endsWith('dist/index.js'));
  expect(at, `${command} ${args.join(' ')} runs ice-agent-mcp`).toBeGreaterThanOrEqual(0);
  return args.slice(at + 1);
}

function entries(config: Record<string, unknown>): [string, { command?: string; args?: string[]; type?: string; url?: string }][] {
  const servers = (config.mcpServers ?? config.servers) as Record<string, { command?: string; args?: string[] }> | undefined;
  expect(servers, 'a mcpServers or servers object').toBeTruthy();
  return Object.entries(servers!);
}

const accepted = (args: string[]): void => {
  expect(() => parseCommand(args, { ICE_MCP_HTTP_TOKEN: 'a-long-enough-test-token' }), args.join(' ')).not.toThrow();
};

describe('client configuration snippets', () => {
  it('mcp.json has a sandbox entry and a real-credentials entry with placeholders only', () => {
    const config = JSON.parse(readFileSync(new URL('mcp.json', root), 'utf8')) as Record<string, unknown>;
    const servers = entries(config);
    expect(servers.map(([name]) => name)).toEqual(['ice-agent-sandbox', 'ice-agent']);
    // It must work today: a local checkout, not the unpublished npm name.
    for (const [, entry] of servers) {
      expect(entry.command).toBe('node');
      expect(entry.args![0]).toBe('/path/to/ice-agent-mcp/dist/index.js');
      accepted(cliArgs(entry.command!, entry.args!));
    }
    expect(cliArgs('node', servers[0]![1].args!)).toContain('--sandbox');
    const env = (servers[1]![1] as { env: Record<string, string> }).env;
    for (const value of Object.values(env)) expect(value).toMatch(/^<[a-z-]+>$/);
  });

  it('every JSON snippet in the README parses, and every server entry is a command line the CLI accepts', () => {
    const json = blocks('json');
    expect(json.length).toBeGreaterThanOrEqual(5);
    let checked = 0;
    for (const text of json) {
      const value = JSON.parse(text) as Record<string, unknown>;
      if (!('mcpServers' in value) && !('servers' in value)) continue;
      for (const [, entry] of entries(value)) {
        if (entry.args?.includes('mcp-remote')) {
          // A bridge to the HTTP server: a loopback /mcp URL, and the bearer header it needs.
          expect(entry.args.find((a) => a.startsWith('http'))).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
          expect(entry.args[entry.args.indexOf('--header') + 1]).toMatch(/^Authorization:/);
        } else if (entry.type === 'http') {
          expect(entry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
        } else {
          accepted(cliArgs(entry.command!, entry.args!));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('every shell command that starts the server uses flags the CLI accepts', () => {
    const lines = blocks('sh')
      .flatMap((b) => b.split('\n'))
      .filter((l) => /dist\/index\.js|ice-agent-mcp (--|$)/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      const words = line
        .replace(/#.*$/, '')
        .replace(/^\S+=\S+\s+/, '')
        .trim()
        .split(/\s+/);
      const at = words.findIndex((w) => w === 'ice-agent-mcp' || w.endsWith('dist/index.js'));
      if (at < 0 || words[at + 1] === 'emulator') continue;
      accepted(words.slice(at + 1));
    }
  });
});

describe('tools reference', () => {
  const sections = new Map([...readme.matchAll(/^### (ice_[a-z_]+)\n([\s\S]*?)(?=^###? )/gm)].map((m) => [m[1]!, m[2]!]));

  it('documents exactly the tools the server offers', () => {
    expect([...sections.keys()]).toEqual(TOOLS.map((t) => t.name));
  });

  it.each(TOOLS.map((t) => [t.name, t] as const))('%s: the parameter table matches the advertised schema', (name, tool) => {
    const documented = [...sections.get(name)!.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
    const advertised = Object.keys((jsonSchemaOf(tool.input, 'input') as { properties: object }).properties);
    expect(documented.sort()).toEqual(advertised.sort());
  });

  it.each(TOOLS.map((t) => [t.name, t] as const))('%s: the example is valid input', (name, tool) => {
    const example = /Example:\s*`(\{.*\})`/s.exec(sections.get(name)!)?.[1] ?? /`(\{"InstanceId".*?\})`/.exec(sections.get(name)!)?.[1];
    expect(example, `${name} has an example`).toBeTruthy();
    expect(tool.input.safeParse(JSON.parse(example!)).success).toBe(true);
  });
});
