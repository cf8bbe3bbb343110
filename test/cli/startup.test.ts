/** What start-up says on stderr about credentials, and how it fails on a busy port. */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../../src/emulator/index.js';
import { cleanEnv, runBin } from './run-bin.js';

const key = DEMO_KEYS[0]!;
const CREDENTIAL_LINE = /ice-agent-mcp: (credentials|WARNING: no Alibaba)[^\n]*\n/;

describe('the credentials line, after the handshake', () => {
  it('names the provider and the masked AccessKey id, never the secret', async () => {
    const env = cleanEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret });
    const { stderr } = await runBin(['--endpoint', '127.0.0.1:9', '--protocol', 'http'], env, CREDENTIAL_LINE);
    expect(stderr).toContain('ice-agent-mcp: credentials: default/env (type default, AccessKey LTAI...ey01)\n');
    expect(stderr).not.toContain(key.accessKeySecret);
  });

  it('warns in one line when no source is set up, instead of probing the ECS metadata service', async () => {
    const { stderr } = await runBin([], cleanEnv(), CREDENTIAL_LINE);
    const line = stderr.split('\n').find((l) => l.includes('WARNING'));
    expect(line).toMatch(/^ice-agent-mcp: WARNING: no Alibaba Cloud credentials found: .*ALIBABA_CLOUD_ECS_METADATA.*ice-agent-mcp doctor/);
  });

  it('the sandbox names its demo keys', async () => {
    const { stderr } = await runBin(['--sandbox'], cleanEnv(), CREDENTIAL_LINE);
    expect(stderr).toContain('ice-agent-mcp: credentials: static_ak (type access_key, AccessKey LTAI...ey01)');
  });
});

describe('--http on a port that is taken', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it.each([[[]], [['--sandbox']]])('%j: one line, exit 1, and the process ends', async (extra) => {
    const { code, stderr } = await runBin([...extra, '--http', '--port', String(port)]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe(
      `ice-agent-mcp: cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --port`,
    );
    expect(stderr).not.toContain('failed to start');
  });
});
