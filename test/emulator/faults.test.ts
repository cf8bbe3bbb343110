import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEYS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { EXECUTING_ID, SUPPORT_AGENT, admin, failure, iceClient, rawRequest, signedRaw, type Caller } from './helpers.js';
import { until } from '../helpers/until.js';

const key = DEMO_KEYS[0] ?? { accessKeyId: '', accessKeySecret: '' };
let emu: Emulator;
let call: Caller;
beforeEach(async () => {
  emu = await startEmulator();
  call = iceClient(emu.endpoint, key, 2000);
});
afterEach(async () => {
  await emu.close();
});

const list = () => call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT });
const describeOne = () => call('DescribeAIAgentInstance', { InstanceId: EXECUTING_ID });

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

describe('error faults', () => {
  it('fail the next `times` calls of one action with the real error body, then clear themselves', async () => {
    emu.injectFault({ action: 'ListAIAgentInstance', times: 2, status: 503, code: 'ServiceUnavailable', message: 'try later' });
    const first = await failure(list());
    expect([first.statusCode, first.code]).toEqual([503, 'ServiceUnavailable']);
    expect(first.data).toMatchObject({
      Message: 'try later',
      HostId: emu.endpoint,
      Recommend: expect.stringContaining('ServiceUnavailable'),
    });
    expect(first.data?.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect((await describeOne()).statusCode).toBe(200);
    expect((await failure(list())).code).toBe('ServiceUnavailable');
    expect((await list()).statusCode).toBe(200);
    expect(emu.requests.map((r) => [r.action, r.status, r.code])).toEqual([
      ['ListAIAgentInstance', 503, 'ServiceUnavailable'],
      ['DescribeAIAgentInstance', 200, undefined],
      ['ListAIAgentInstance', 503, 'ServiceUnavailable'],
      ['ListAIAgentInstance', 200, undefined],
    ]);
  });

  it('default to every action, derive a status from a code and a code from a status', async () => {
    emu.injectFault({ code: 'Throttling.User' });
    emu.injectFault({ status: 500 });
    emu.injectFault({ code: 'Forbidden.RAM' });
    const throttled = await failure(describeOne());
    expect([throttled.statusCode, throttled.code]).toEqual([400, 'Throttling.User']);
    const internal = await failure(list());
    expect([internal.statusCode, internal.code]).toEqual([500, 'InternalError']);
    const denied = await failure(describeOne());
    expect([denied.statusCode, denied.code]).toEqual([403, 'Forbidden.RAM']);
    expect((await list()).statusCode).toBe(200);
  });

  it('pre-empts signature checks: a faulted call fails the same way whatever its signature', async () => {
    emu.injectFault({ status: 503 });
    const res = await signedRaw(emu.endpoint, { ...key, accessKeySecret: 'wrong' }, { query: { AIAgentId: SUPPORT_AGENT } });
    expect([res.status, res.json().Code]).toEqual([503, 'ServiceUnavailable']);
  });

  it('rejects an invalid fault', () => {
    expect(() => emu.injectFault({ times: 0 })).toThrow(/times/);
    expect(() => emu.injectFault({ status: 99 })).toThrow(/status/);
    expect(() => emu.injectFault({ bogus: true } as never)).toThrow(/bogus/);
  });
});

describe('transport faults', () => {
  it('adds latency for one call, and setLatency adds it to every call', async () => {
    emu.injectFault({ latencyMs: 150 });
    const [slow, slowMs] = await timed(list);
    expect(slow.statusCode).toBe(200);
    expect(slowMs).toBeGreaterThanOrEqual(140);
    // The fault was for one call: it is used up, so the next call has no latency added.
    expect((await admin(emu.baseUrl, 'GET', 'faults')).json().faults).toEqual([]);
    emu.setLatency(120);
    const [, latencyMs] = await timed(describeOne);
    expect(latencyMs).toBeGreaterThanOrEqual(110);
    expect((await admin(emu.baseUrl, 'GET', 'latency')).json()).toEqual({ ms: 120 });
    expect(() => emu.setLatency(-1)).toThrow();
  });

  it('resets the connection', async () => {
    emu.injectFault({ action: 'DescribeAIAgentInstance', reset: true });
    const err = await failure(describeOne());
    expect(`${err.code ?? ''} ${err.message}`).toMatch(/ECONNRESET|socket hang up/);
    expect(emu.requests.at(-1)).toMatchObject({ action: 'DescribeAIAgentInstance', status: 0 });
    expect((await describeOne()).statusCode).toBe(200);
  });

  it('answers with an HTML page that the client cannot parse (status 502 by default)', async () => {
    emu.injectFault({ nonJson: true, times: 2 });
    const err = await failure(list());
    expect(err.name).toBe('SyntaxError');
    expect(err.statusCode).toBeUndefined();
    const raw = await rawRequest(`${emu.baseUrl}/`, { method: 'POST' });
    expect(raw.status).toBe(502);
    expect(raw.headers['content-type']).toBe('text/html');
    expect(raw.text).toMatch(/^<!DOCTYPE html>/);
    emu.injectFault({ nonJson: true, status: 503 });
    expect((await rawRequest(`${emu.baseUrl}/`, { method: 'POST' })).text).toContain('503 Service Unavailable');
    expect(emu.requests.map((r) => r.status)).toEqual([502, 502, 503]);
  });

  it('answers an error as XML, which the client library parses into its code, message and RequestId', async () => {
    emu.injectFault({ xml: true, status: 403, code: 'Forbidden.RAM', message: 'You are not authorized <to> do this & that.' });
    const err = await failure(describeOne());
    expect(err.code).toBe('Forbidden.RAM');
    expect(err.statusCode).toBe(403);
    const recorded = emu.requests.at(-1)!;
    expect(recorded).toMatchObject({ action: 'DescribeAIAgentInstance', status: 403, code: 'Forbidden.RAM' });
    expect(err.message).toContain('You are not authorized <to> do this & that.');
    expect(err.message).toContain(recorded.requestId);
    emu.injectFault({ xml: true });
    const raw = await rawRequest(`${emu.baseUrl}/`, { method: 'POST' });
    expect(raw.status).toBe(400);
    expect(raw.headers['content-type']).toBe('text/xml;charset=utf-8');
    expect(raw.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><RequestId>[0-9A-F-]{36}<\/RequestId>.*<Code>InvalidParameter<\/Code>/,
    );
  });

  it('hangs until the client times out, and close() still returns promptly', async () => {
    emu.injectFault({ hang: true });
    const err = await failure(iceClient(emu.endpoint, key, 300)('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }));
    expect(`${err.name} ${err.message}`).toMatch(/Timeout/);
    expect(emu.requests.at(-1)).toMatchObject({ action: 'ListAIAgentInstance', status: 0 });
    emu.injectFault({ hang: true });
    const seen = emu.requests.length;
    const pending = rawRequest(`${emu.baseUrl}/`, { method: 'POST' }).catch((e: Error) => e);
    await until(() => emu.requests.length > seen);
    // A hanging request would hold a plain server.close() open for ever; resolving at all is the point.
    await emu.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('clearFaults disarms everything', async () => {
    emu.injectFault({ status: 500, times: 5 });
    emu.clearFaults();
    expect((await list()).statusCode).toBe(200);
  });
});

describe('admin API over HTTP', () => {
  it('arms, lists and clears faults', async () => {
    const armed = await admin(emu.baseUrl, 'POST', 'faults', { action: 'ListAIAgentInstance', code: 'Throttling', times: 2 });
    expect(armed.status).toBe(201);
    expect(armed.json().faults).toEqual([expect.objectContaining({ code: 'Throttling', remaining: 2 })]);
    expect((await failure(list())).code).toBe('Throttling');
    expect((await admin(emu.baseUrl, 'GET', 'faults')).json().faults).toEqual([expect.objectContaining({ remaining: 1 })]);
    expect((await admin(emu.baseUrl, 'DELETE', 'faults')).status).toBe(200);
    expect((await list()).statusCode).toBe(200);
  });

  it('refuses bad fault and latency bodies with a message', async () => {
    const unknown = await admin(emu.baseUrl, 'POST', 'faults', { explode: true });
    expect(unknown.status).toBe(400);
    expect(String(unknown.json().error)).toContain('explode');
    expect((await admin(emu.baseUrl, 'POST', 'faults', { times: 'twice' })).status).toBe(400);
    expect((await rawRequest(`${emu.baseUrl}/_emulator/faults`, { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await admin(emu.baseUrl, 'POST', 'latency', { ms: -5 })).status).toBe(400);
  });

  it('sets latency', async () => {
    expect((await admin(emu.baseUrl, 'POST', 'latency', { ms: 100 })).json()).toEqual({ ms: 100 });
    const [, ms] = await timed(list);
    expect(ms).toBeGreaterThanOrEqual(90);
    await admin(emu.baseUrl, 'POST', 'latency', { ms: 0 });
    expect((await admin(emu.baseUrl, 'GET', 'latency')).json()).toEqual({ ms: 0 });
  });
});
