/** `ice-agent-mcp doctor`, run as a user runs it, against the emulator on loopback. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, DEMO_KEYS, type Emulator } from '../../src/emulator/index.js';
import { OPERATIONS } from '../../src/operations/index.js';
import { allSecrets } from '../helpers/harness.js';

/** Every read action the server's tools use: the only requests the doctor may send. */
const READS = [...new Set(OPERATIONS.filter((op) => op.kind === 'read').map((op) => op.action))].sort();
import { cleanEnv, runBin } from './run-bin.js';

const key = DEMO_KEYS[0]!;
const AGENT = '5f1e9c2ab3d84e7f9a0b1c2d3e4f5a6b';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
});
afterAll(() => emu.close());

const lines = (stdout: string): string[] => stdout.trim().split('\n');
const against = (extra: Record<string, string>) =>
  runBin(['doctor', '--endpoint', emu.endpoint, '--protocol', 'http'], cleanEnv({ ICE_AGENT_IDS: AGENT, ...extra }));
const demoKeys = { ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret };

describe('doctor --sandbox', () => {
  it('passes every check against the built-in emulator, one line each, and exits 0', async () => {
    const { code, stdout } = await runBin(['doctor', '--sandbox']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok {4}credentials: static_ak \(type access_key, AccessKey LTAI\.\.\.ey01\)$/m);
    expect(stdout).toMatch(/^skip {2}endpoint DNS: 127\.0\.0\.1 is an IP address/m);
    expect(stdout).toMatch(/^skip {2}endpoint TLS: the endpoint uses plain http/m);
    expect(stdout).toMatch(new RegExp(`^ok {4}agent ${AGENT}: signed read ok`, 'm'));
    expect(stdout).toMatch(/^ok {4}RAM: ice:DescribeAIAgentInstance granted/m);
    expect(stdout).toMatch(/^ok {4}RAM: ice:GetAIAgentConcurrency granted/m);
    expect(stdout).toMatch(/^note {2}RAM: ice:UpdateAIAgentInstance, ice:SendAIAgentSpeech, .*: not checked; a write cannot be probed/m);
    expect(lines(stdout).at(-1)).toBe('All checks passed.');
    for (const secret of allSecrets()) expect(stdout).not.toContain(secret);
  });

  it('an unknown agent is a 0-instances warning, not a failure', async () => {
    const { code, stdout } = await runBin(['doctor', '--sandbox'], cleanEnv({ ICE_AGENT_IDS: 'no-such-agent' }));
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^warn {2}agent no-such-agent: signed read ok, but 0 instances in cn-shanghai .* -> fix: check the AIAgentId and the region/m,
    );
    expect(lines(stdout).at(-1)).toBe('All checks passed, with 1 warning(s).');
  });
});

describe('doctor against an emulator with the environment as credentials', () => {
  it('names the provider and masks the id; the signed read and RAM probes pass', async () => {
    const { code, stdout } = await against(demoKeys);
    expect(stdout).toMatch(/^ok {4}credentials: default\/env \(type default, AccessKey LTAI\.\.\.ey01\)$/m);
    expect(code).toBe(0);
    expect([...new Set(emu.requests.map((r) => r.action))].sort()).toEqual(READS);
  });

  it('wrong keys: the credentials are found, the signed read fails with one clear line, exit 1', async () => {
    const { code, stdout } = await against({ ...demoKeys, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-secret-Zq81' });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ok {4}credentials: default\/env/m);
    expect(stdout).toMatch(
      new RegExp(
        `^FAIL  agent ${AGENT}: ICE error SignatureDoesNotMatch \\(HTTP 400\\) from ListAIAgentInstance: .* -> fix: check the credentials source`,
        'm',
      ),
    );
    expect(stdout).not.toContain('not-the-secret-Zq81');
    expect(lines(stdout).at(-1)).toMatch(/^\d+ check\(s\) failed/);
  });

  it('no credentials anywhere: says so, sends nothing, exit 1', async () => {
    const { code, stdout } = await against({});
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL  credentials: no Alibaba Cloud credentials found/m);
    expect(stdout).toMatch(/^skip {2}signed reads: not attempted/m);
    expect(emu.requests).toEqual([]);
  });

  it('a read refused by RAM proves the action is missing', async () => {
    emu.injectFault({ action: 'DescribeAIAgentInstance', status: 403, code: 'Forbidden.RAM', message: 'User not authorized.' });
    const { code, stdout } = await against(demoKeys);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ok {4}RAM: ice:ListAIAgentInstance granted/m);
    expect(stdout).toMatch(
      /^FAIL  RAM: ice:DescribeAIAgentInstance missing \(ICE answered Forbidden\) -> fix: grant ice:DescribeAIAgentInstance/m,
    );
    expect(emu.requests.every((r) => READS.includes(r.action))).toBe(true);
  });

  it('a bad option is a failed configuration check', async () => {
    const { code, stdout } = await runBin(['doctor', '--timeout-ms', '-5']);
    expect(code).toBe(1);
    expect(stdout).toBe('FAIL  configuration: --timeout-ms / ICE_TIMEOUT_MS must be an integer from 100 to 600000 (got "-5")\n');
  });
});
