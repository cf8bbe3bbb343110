/**
 * The call-log resource through a real MCP client, with the server's own fetcher (built by
 * buildDeps from the config). The configured endpoint is a front that passes ICE calls to the
 * emulator and serves misbehaving call logs itself; another loopback port plays "another host".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { SeedInstance } from '../../src/emulator/index.js';
import { CALL_LOG_MAX_BYTES } from '../../src/resources/call-log.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { parseCommand } from '../../src/config/config.js';
import { buildDeps } from '../../src/mcp/deps.js';
import { jsonOfSize, redirect, sendChunked, sendJson, startFront, startServer, type TestServer } from './servers.js';

const AGENT = 'agent-call-logs';
const SECRETS = ['test-secret-runtime-token-Xy12', 'test-secret-log-token-Ab34', 'test-secret-log-bearer-Cd56', 'test-secret-url-sig-Ef78'];
const GOOD_LOG = [
  { Role: 'agent', Text: 'Hello', Time: '2025-07-18T06:39:10Z' },
  { Role: 'tool', Name: 'crm', Args: { AuthToken: SECRETS[1], Header: `Bearer ${SECRETS[2]}` } },
];

let emulatorHost = '';
let front: TestServer;
let other: TestServer;
let h: Harness;

const instance = (InstanceId: string, CallLogUrl: string): SeedInstance => ({
  InstanceId,
  Status: 'Finished',
  GmtCreate: '2025-07-18T06:39:08Z',
  RuntimeConfig: { AuthToken: SECRETS[0] },
  CallLogUrl,
});

beforeAll(async () => {
  other = await startServer((_req, res) => sendJson(res, JSON.stringify(GOOD_LOG)));
  front = await startFront(
    {
      '/logs/ok.json': (_req, res) => sendJson(res, JSON.stringify(GOOD_LOG)),
      '/logs/moved.json': (_req, res) => redirect(res, '/logs/ok.json'),
      '/logs/away.json': (_req, res) => redirect(res, `${other.baseUrl}/logs/ok.json`),
      '/logs/big.json': (_req, res) => sendJson(res, jsonOfSize(CALL_LOG_MAX_BYTES + 1)),
      '/logs/big-chunked.json': (_req, res) => sendChunked(res, jsonOfSize(CALL_LOG_MAX_BYTES + 1)),
      '/logs/page.json': (_req, res) => sendChunked(res, '<html><title>Access denied</title></html>', 'text/html'),
    },
    () => emulatorHost,
  );
  const logs = `${front.baseUrl}/logs`;
  h = await startHarness({
    flags: ['--endpoint', front.host, '--timeout-ms', '2000'], // the last --endpoint wins
    emulator: {
      seed: {
        agents: [
          {
            AIAgentId: AGENT,
            instances: [
              instance('log-ok', `${logs}/ok.json?Expires=1&Signature=${SECRETS[3]}`),
              instance('log-moved', `${logs}/moved.json`),
              instance('log-away', `${logs}/away.json`),
              instance('log-big', `${logs}/big.json`),
              instance('log-big-chunked', `${logs}/big-chunked.json`),
              instance('log-page', `${logs}/page.json`),
              instance('log-other-http', `${other.baseUrl}/logs/ok.json`),
              instance('log-https-down', 'https://127.0.0.1:1/logs/ok.json'),
            ],
          },
        ],
        secrets: SECRETS,
      },
    },
  });
  emulatorHost = h.emu.endpoint;
});

afterAll(async () => {
  await h?.close();
  await front?.close();
  await other?.close();
});

async function refusal(instanceId: string): Promise<McpError> {
  const error = await h.client.readResource({ uri: `ice://instances/${instanceId}/call-log` }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  const mcp = error as McpError;
  expect(mcp.code).toBe(ErrorCode.InvalidRequest);
  for (const secret of SECRETS) expect(mcp.message).not.toContain(secret);
  return mcp;
}

describe('call-log resource against the configured http endpoint', () => {
  it('reaches ICE through the front (the front is the configured endpoint)', async () => {
    expect(h.config.endpoint).toBe(front.host);
    const result = await h.client.readResource({ uri: 'ice://instances/log-ok' });
    expect(result.contents[0]?.uri).toBe('ice://instances/log-ok');
    expect(h.requests('DescribeAIAgentInstance').length).toBeGreaterThan(0);
  });

  it('fetches http from the configured endpoint and redacts the secrets in it', async () => {
    const result = await h.client.readResource({ uri: 'ice://instances/log-ok/call-log' });
    const first = result.contents[0];
    const text = first && 'text' in first ? first.text : '';
    const log = JSON.parse(text) as typeof GOOD_LOG;
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual(GOOD_LOG[0]);
    expect(log[1]).toMatchObject({ Role: 'tool', Name: 'crm', Args: { AuthToken: '[redacted]', Header: 'Bearer [redacted]' } });
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('redacts the signature in the CallLogUrl of the instance resource', async () => {
    const result = await h.client.readResource({ uri: 'ice://instances/log-ok' });
    const text = JSON.stringify(result);
    expect(text).toContain('Signature=[redacted]');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('follows a redirect on the same host', async () => {
    const result = await h.client.readResource({ uri: 'ice://instances/log-moved/call-log' });
    expect(JSON.stringify(result)).toContain('Hello');
  });

  it('refuses a redirect to another host, without contacting it', async () => {
    const before = other.paths.length;
    const error = await refusal('log-away');
    expect(error.message).toContain('Call log unavailable: the call log redirected to another host (127.0.0.1); not followed');
    expect(other.paths.length).toBe(before);
  });

  it('refuses plain http to a host other than the configured endpoint, without contacting it', async () => {
    const before = other.paths.length;
    const error = await refusal('log-other-http');
    expect(error.message).toMatch(/Call log unavailable: the CallLogUrl uses plain http to 127\.0\.0\.1; only https/);
    expect(other.paths.length).toBe(before);
  });

  it('refuses an oversize call log (declared length)', async () => {
    const error = await refusal('log-big');
    expect(error.message).toContain(`over the ${CALL_LOG_MAX_BYTES}-byte limit`);
  });

  it('refuses an oversize call log (chunked, no length)', async () => {
    const error = await refusal('log-big-chunked');
    expect(error.message).toContain(`the call log is over the ${CALL_LOG_MAX_BYTES}-byte limit`);
  });

  it('refuses a body that is not JSON, without quoting it', async () => {
    const error = await refusal('log-page');
    expect(error.message).toContain('Call log unavailable: the call log is not JSON');
    expect(error.message).not.toContain('Access denied');
  });

  it('refuses an https URL on a loopback address before connecting', async () => {
    const error = await refusal('log-https-down');
    expect(error.message).toContain('Call log unavailable: the call log URL points to an address this server does not fetch from');
  });
});

describe('the fetcher buildDeps makes from the config', () => {
  const fetcherFor = (argv: string[]) => {
    const command = parseCommand(argv, {});
    if (command.kind !== 'serve') throw new Error('expected a serve command');
    const { fetchCallLog } = buildDeps(command.config, { log: () => undefined });
    if (!fetchCallLog) throw new Error('buildDeps made no call-log fetcher');
    return fetchCallLog;
  };

  it('allows http toward the configured endpoint only when the protocol is http', async () => {
    const url = `${front.baseUrl}/logs/ok.json`;
    await expect(fetcherFor(['--endpoint', front.host, '--protocol', 'http'])(url)).resolves.toEqual(GOOD_LOG);
    await expect(fetcherFor(['--endpoint', front.host, '--protocol', 'https'])(url)).rejects.toThrow(
      /plain http to 127\.0\.0\.1; only https/,
    );
    await expect(fetcherFor(['--protocol', 'http'])(url)).rejects.toThrow(/plain http/); // default endpoint: ice.<region>.aliyuncs.com
  });
});
