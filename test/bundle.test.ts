/**
 * The built bundle: it loads, answers over stdio, and start-up leaves the lazy parts alone. The load
 * probe (test/helpers/load-probe.mjs) reports what the process has really loaded, so a static import
 * that drags a lazy part into start-up fails here, whatever the loaders in src/ intend. Not timed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, DEMO_KEYS, type Emulator } from '../src/emulator/index.js';
import { liveInstance } from './helpers/harness.js';

const root = new URL('..', import.meta.url).pathname;
const dist = `${root}dist/`;
const metafilePath = `${root}node_modules/.cache/ice-agent-mcp/metafile.json`;
const PROBE = `${root}test/helpers/load-probe.mjs`;

interface Report {
  esm: string[];
  cjs: string[];
  builtins: string[];
}
type Message = { id?: number; method?: string; params?: unknown; result?: Record<string, unknown>; error?: unknown };

/** The lazy parts, each named by the bundled sources that mark it. */
const LAZY: Record<string, (input: string) => boolean> = {
  'tool table': (input) => input === 'src/operations/index.ts',
  'browser approval': (input) => input === 'src/approval/pages.ts' || input.includes('node_modules/open/'),
  'Alibaba Cloud client': (input) => input.includes('node_modules/@alicloud/'),
  'HTTP transport': (input) => input === 'src/http/serve.ts',
  emulator: (input) => input.startsWith('src/emulator/'),
  ajv: (input) => input.includes('node_modules/ajv/'),
};

interface Output {
  inputs: Record<string, unknown>;
  imports: { path: string; kind?: string; external?: boolean }[];
}
const metafile = () => JSON.parse(readFileSync(metafilePath, 'utf8')) as { outputs: Record<string, Output> };

/** Which lazy parts the reported ES modules, CommonJS files and built-ins include. */
function lazyPartsIn(report: Report): string[] {
  const { outputs } = metafile();
  // The entry and the server's chunks are CommonJS (the chunks loaded by the entry, src/cli/code-cache.ts).
  const files = [...report.esm.filter((url) => url.startsWith('file://')).map((url) => new URL(url).pathname), ...report.cjs];
  const loaded = new Set(files.filter((path) => path.startsWith(root)).map((path) => path.slice(root.length)));
  const parts = Object.entries(LAZY)
    .filter(([, marks]) => Object.entries(outputs).some(([out, o]) => loaded.has(out) && Object.keys(o.inputs).some(marks)))
    .map(([name]) => name);
  if (report.cjs.includes(`${dist}ajv.cjs`) && !parts.includes('ajv')) parts.push('ajv');
  if (report.builtins.includes('crypto')) parts.push('node:crypto');
  return parts;
}

/** A raw JSON-RPC peer on the server's stdio that answers elicitation with "confirm". */
function peer(child: ChildProcessWithoutNullStreams) {
  const waiting = new Map<number, (m: Message) => void>();
  let reports: ((r: Report) => void)[] = [];
  let out = '';
  let err = '';
  let log = '';
  let logged: (() => void)[] = [];
  const send = (m: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk;
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const message = JSON.parse(out.slice(0, nl)) as Message;
      out = out.slice(nl + 1);
      if (message.method === 'elicitation/create') send({ id: message.id, result: { action: 'accept', content: { confirm: true } } });
      else if (message.id !== undefined) waiting.get(message.id)?.(message);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk;
    log += chunk;
    if (/ice-agent-mcp: (credentials|WARNING)/.test(log)) for (const done of logged.splice(0)) done();
    const m = /load-probe (.*)\n/.exec(err);
    if (m) ((err = err.slice(m.index + m[0].length)), reports.shift()?.(JSON.parse(m[1]!) as Report));
  });
  let nextId = 1;
  return {
    request: (method: string, params: object = {}): Promise<Message> =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        send({ id, method, params });
      }),
    notify: (method: string) => send({ method }),
    /** Resolves once the start-up credentials line is on stderr. */
    credentialLine: (): Promise<void> =>
      /ice-agent-mcp: (credentials|WARNING)/.test(log) ? Promise.resolve() : new Promise((resolve) => logged.push(resolve)),
    loaded: (): Promise<Report> => new Promise((resolve) => ((reports = [...reports, resolve]), child.kill('SIGUSR2'))),
  };
}

let emu: Emulator;
beforeAll(async () => {
  if (!existsSync(metafilePath)) throw new Error('the bundle is missing: run npm run build');
  emu = await startEmulator();
});
afterAll(() => emu.close());

/** The first tools/list answer of dist/index.js started with `flags`. */
async function builtToolsList(flags: string[]): Promise<unknown> {
  const child = spawn(process.execPath, [`${dist}index.js`, '--endpoint', '127.0.0.1:9', '--protocol', 'http', ...flags], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ALIBABA_CLOUD_ACCESS_KEY_ID: 'x', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'y' },
  });
  const server = peer(child);
  await server.request('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'bundle-test', version: '0' },
  });
  const list = await server.request('tools/list');
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  return list.result?.tools;
}

describe('the bundle in dist/', () => {
  it.each([
    ['default', []],
    ['read-only', ['--read-only']],
    ['all', ['--toolsets', 'all']],
    ['telephony', ['--toolsets', 'telephony']],
  ])('answers tools/list (%s) exactly as the sources do (the golden file)', async (name, flags) => {
    const golden = JSON.parse(readFileSync(new URL('./mcp/tools-list.golden.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(golden[name]).toBeDefined();
    expect(await builtToolsList(flags)).toEqual(golden[name]);
  });

  it('builds the emulator on its own: loading it does not load the server', () => {
    const { outputs } = metafile();
    const holdsServer = (file: string): boolean => Object.keys(outputs[file]?.inputs ?? {}).includes('src/cli/main.ts');
    const seen = new Set<string>();
    const reach = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of outputs[file]?.imports ?? []) if (!i.external && i.kind !== 'dynamic-import') reach(i.path);
    };
    reach('dist/emulator/index.cjs');
    expect([...seen].filter(holdsServer)).toEqual([]);
    expect(holdsServer('dist/index.js') || [...Object.keys(outputs)].some(holdsServer)).toBe(true);
  });

  it('leaves external only Node built-ins, the declared run-time dependencies (redis, loaded on demand) and its own files', () => {
    const { outputs } = metafile();
    expect(Object.keys(outputs)).toContain('dist/ajv.cjs');
    const declared = Object.keys((JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies?: object }).dependencies ?? {});
    // The emulator, built on its own, is imported by path: that path must be a file of the build.
    const ownFile = (from: string, path: string): boolean => path.startsWith('./') && Object.hasOwn(outputs, join(dirname(from), path));
    for (const [file, output] of Object.entries(outputs)) {
      expect(
        output.imports
          .filter((i) => i.external && !isBuiltin(i.path) && !declared.includes(i.path) && !ownFile(file, i.path))
          .map((i) => i.path),
        file,
      ).toEqual([]);
    }
  });

  it('answers initialize without loading a lazy part, tools/list from the built listing, a confirmed write with the rest, and an error answered as XML', async () => {
    const key = DEMO_KEYS[0]!;
    const child = spawn(
      process.execPath,
      ['--import', PROBE, `${dist}index.js`, '--endpoint', emu.endpoint, '--protocol', 'http', '--confirm', 'elicit'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: '/nonexistent',
          ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
        },
      },
    );
    const server = peer(child);
    const init = await server.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: { elicitation: { form: {} } },
      clientInfo: { name: 'bundle-test', version: '0' },
    });
    expect(init.result).toMatchObject({ serverInfo: { name: 'ice-agent-mcp' } });
    const atStart = await server.loaded();
    expect(lazyPartsIn(atStart)).toEqual([]);
    // The anchor in scripts/build.mjs keeps start-up in a few files: the entry, the program's entry
    // chunk, one chunk of start-up code and esbuild's helpers (the emulator, built on its own, shares none).
    // (Under the probe's --import, Node runs even a CommonJS entry through its ES module loader: each file once.)
    const startFiles = new Set([
      ...atStart.esm.filter((url) => url.startsWith(`file://${dist}`)).map((url) => new URL(url).pathname),
      ...atStart.cjs.filter((p) => p.startsWith(dist)),
    ]);
    expect([...startFiles].sort()).toEqual(expect.arrayContaining([`${dist}index.js`, `${dist}main.cjs`]));
    expect(startFiles.size).toBeLessThanOrEqual(4);
    expect(atStart.cjs).toContain(`${dist}main.cjs`);
    // After the handshake, not in its way, the server resolves its credentials for the start-up line.
    server.notify('notifications/initialized');
    await server.credentialLine();
    const afterCredentials = lazyPartsIn(await server.loaded());
    expect(afterCredentials).not.toContain('tool table');
    expect(afterCredentials).toContain('Alibaba Cloud client');

    const list = await server.request('tools/list');
    expect((list.result?.tools as { name: string }[]).map((t) => t.name)).toContain('ice_send_agent_speech');
    // Answered from the listing the build computed: the tool table loads with the first call.
    expect(lazyPartsIn(await server.loaded())).toEqual(afterCredentials);

    // The write reads the instance, asks (elicitation, answered by the peer: ajv checks the answer), sends.
    const call = await server.request('tools/call', {
      name: 'ice_send_agent_speech',
      arguments: { InstanceId: liveInstance(), Text: 'hi' },
    });
    expect(call.result).toMatchObject({ structuredContent: { status: 'executed' } });
    expect(lazyPartsIn(await server.loaded())).toEqual(['tool table', 'Alibaba Cloud client', 'ajv', 'node:crypto']);

    // The client library's XML helper is a stand-in in the bundle (scripts/build.mjs), loaded when an
    // error first comes as XML: such an error still reaches the result with its code and status.
    emu.injectFault({ action: 'DescribeAIAgentInstance', xml: true, status: 403, code: 'Forbidden.RAM' });
    const refused = await server.request('tools/call', { name: 'ice_describe_agent_instance', arguments: { InstanceId: liveInstance() } });
    expect(refused.result).toMatchObject({ isError: true });
    expect(JSON.stringify(refused.result)).toMatch(/Forbidden\.RAM \(HTTP 403\)/);
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  });
});
