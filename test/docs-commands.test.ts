/**
 * The rest of what the README shows, checked against the code: npm scripts, emulator and admin API
 * commands, the RAM policies, the variables it names, the "after publishing" marking of the
 * unpublished npm name, and its own links. (docs.test.ts checks client entries and server flags.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFault } from '../src/emulator/faults.js';
import { OPERATIONS } from '../src/operations/index.js';

const root = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const readme = read('README.md');
const blocks = (lang: string): string[] => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const shLines = blocks('sh')
  .flatMap((b) => b.split('\n'))
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter(Boolean);
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

describe('README commands', () => {
  it('every npm command runs a script package.json has', () => {
    const runs = shLines.flatMap((l) => [...l.matchAll(/\bnpm (run )?([a-z:-]+)/g)].map((m) => ({ run: Boolean(m[1]), name: m[2]! })));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const { run, name } of runs) {
      if (!run && ['install', 'ci'].includes(name)) continue;
      expect(scripts, `npm ${run ? 'run ' : ''}${name}`).toHaveProperty(name);
    }
  });

  it('every emulator command uses only its options', () => {
    const lines = shLines.filter((l) => / emulator( |$)/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      const flags = line.split(/\s+/).filter((w) => w.startsWith('--'));
      for (const flag of flags) expect(['--port', '--seed', '--help'], line).toContain(flag);
    }
  });

  it('every admin API call names a route the emulator has, with a body it accepts', () => {
    const admin = read('src/emulator/admin.ts');
    const calls = shLines.filter((l) => l.startsWith('curl ') && l.includes('/_emulator/'));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const line of calls) {
      const method = /-X (\w+)/.exec(line)?.[1] ?? (line.includes(' -d ') ? 'POST' : 'GET');
      const path = /\/_emulator\/([a-z/]+)/.exec(line)![1]!;
      expect(admin, line).toContain(`case '${method} ${path}':`);
      const body = /-d '([^']*)'/.exec(line)?.[1];
      if (body !== undefined && path === 'faults') expect(() => parseFault(JSON.parse(body)), line).not.toThrow();
    }
  });

  it('the routes table documents every admin route', () => {
    const routes = [...read('src/emulator/admin.ts').matchAll(/case '(GET|POST|DELETE) ([a-z]+)':/g)].map(
      (m) => `${m[1]} /_emulator/${m[2]}`,
    );
    for (const route of routes) expect(readme, route).toContain(route);
  });
});

describe('README facts', () => {
  it('the RAM policies allow exactly the read actions, then every action, of the tools', () => {
    const policies = blocks('json')
      .map((b) => JSON.parse(b) as { Statement?: { Action: string[] }[] })
      .filter((p) => p.Statement);
    // Order inside a policy does not matter; the set does.
    const actions = (kind?: 'read' | 'write') =>
      OPERATIONS.filter((op) => !kind || op.kind === kind)
        .map((op) => `ice:${op.action}`)
        .sort();
    expect(policies.map((p) => p.Statement!.flatMap((s) => s.Action).sort())).toEqual([actions('read'), actions()]);
  });

  it('every ICE_ variable it names is read by the server', () => {
    const sources = ['src/config/config.ts', 'src/cli/help.ts'].map(read).join('\n');
    const named = new Set([...readme.matchAll(/\bICE_[A-Z_]+\b/g)].map((m) => m[0]));
    for (const name of named) expect(sources, name).toContain(name);
  });

  it('the unpublished npm name appears only where marked "after publishing"', () => {
    const paragraphs = readme.split(/\n(?=```|#)/);
    for (const [i, text] of paragraphs.entries()) {
      for (const line of text.split('\n').filter((l) => /npx -y ice-agent-mcp|"ice-agent-mcp"\]/.test(l))) {
        const marked = /after publishing/.test(line) || /after publishing/.test(paragraphs[i - 1] ?? '');
        expect(marked, line).toBe(true);
      }
    }
    expect(read('mcp.json')).not.toContain('npx');
  });

  it('every link to a section of the README points at a heading', () => {
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-');
    const anchors = new Set([...readme.matchAll(/^#{1,4} (.+)$/gm)].map((m) => slug(m[1]!)));
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const link of links) expect(anchors, `#${link}`).toContain(link);
  });
});
