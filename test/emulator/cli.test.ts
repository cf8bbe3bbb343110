import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KEYS, runEmulatorCli, type Emulator } from '../../src/emulator/index.js';
import { rawRequest } from './helpers.js';

interface Run {
  out: string[];
  err: string[];
}

async function runToCompletion(argv: string[]): Promise<Run> {
  const run: Run = { out: [], err: [] };
  await runEmulatorCli(argv, { stdout: (l) => run.out.push(l), stderr: (l) => run.err.push(l) });
  return run;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('ice-agent-mcp emulator', () => {
  it('prints usage for --help and exits normally', async () => {
    const run = await runToCompletion(['emulator', '--help']);
    expect(run.out.join('\n')).toMatch(/Usage: ice-agent-mcp emulator \[--port/);
    expect(run.err).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it.each([
    [['--bogus'], /unknown option "--bogus"; allowed: --port <0-65535>, --seed <file.json>, --help/],
    [['--port', 'abc'], /--port must be an integer from 0 to 65535, got "abc"/],
    [['--port=70000'], /--port must be an integer from 0 to 65535/],
    [['--port'], /--port needs a value/],
    [['--seed', '/nonexistent/seed.json'], /--seed must name a valid seed JSON file: .*\/nonexistent\/seed\.json/],
  ])('refuses %j with one stderr line and exit code 2', async (argv, message) => {
    const run = await runToCompletion(argv);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(message);
    expect(run.out).toEqual([]);
    expect(process.exitCode).toBe(2);
  });

  it('starts, prints endpoint, keys and env lines, serves, and stops on abort', async () => {
    const sigintListeners = process.listenerCount('SIGINT');
    const controller = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    let started: Emulator | undefined;
    const done = runEmulatorCli(['emulator', '--port', '0'], {
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
      signal: controller.signal,
      onStarted: (emu) => {
        started = emu;
      },
    });
    await expect.poll(() => started).toBeDefined();
    const emu = started as Emulator;
    const text = out.join('\n');
    const plain = DEMO_KEYS.find((k) => k.securityToken === undefined);
    const sts = DEMO_KEYS.find((k) => k.securityToken !== undefined);
    expect(text).toContain(`export ICE_ENDPOINT=${emu.endpoint}`);
    expect(text).toContain('export ICE_PROTOCOL=http');
    expect(text).toContain(`export ALIBABA_CLOUD_ACCESS_KEY_ID=${plain?.accessKeyId ?? '?'}`);
    expect(text).toContain(`export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${plain?.accessKeySecret ?? '?'}`);
    expect(text).toContain(sts?.securityToken ?? '?');
    expect((await rawRequest(`${emu.baseUrl}/_emulator/health`)).status).toBe(200);
    controller.abort();
    await done;
    expect(err.at(-1)).toMatch(/stopped/);
    await expect(rawRequest(`${emu.baseUrl}/_emulator/health`)).rejects.toThrow(/ECONNREFUSED/);
    expect(process.listenerCount('SIGINT')).toBe(sigintListeners);
  });
});
