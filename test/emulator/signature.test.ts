import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS, startEmulator, type Emulator, type EmulatorKey } from '../../src/emulator/index.js';
import { EXECUTING_ID, SUPPORT_AGENT, failure, iceClient, rawRequest, signedRaw } from './helpers.js';

const plain = DEMO_KEYS.find((k) => k.securityToken === undefined) as EmulatorKey;
const sts = DEMO_KEYS.find((k) => k.securityToken !== undefined) as EmulatorKey;
const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});

function lastRecorded() {
  const entry = emu.requests.at(-1);
  if (entry === undefined) throw new Error('nothing recorded');
  return entry;
}

describe('V3 signature verification with the real client', () => {
  it('accepts a plain AccessKey pair and answers with a fresh upper-case RequestId', async () => {
    const call = iceClient(emu.endpoint, plain);
    const first = await call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT });
    const second = await call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT });
    expect(first.statusCode).toBe(200);
    expect(first.body.RequestId).toMatch(REQUEST_ID);
    expect(second.body.RequestId).not.toBe(first.body.RequestId);
    expect(first.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(first.headers['x-acs-request-id']).toBe(first.body.RequestId);
    expect(lastRecorded()).toMatchObject({
      action: 'ListAIAgentInstance',
      accessKeyId: plain.accessKeyId,
      status: 200,
      params: { AIAgentId: SUPPORT_AGENT },
    });
  });

  it('accepts an STS triple', async () => {
    const result = await iceClient(emu.endpoint, sts)('DescribeAIAgentInstance', { InstanceId: EXECUTING_ID });
    expect(result.statusCode).toBe(200);
    expect(lastRecorded().accessKeyId).toBe(sts.accessKeyId);
  });

  it('rejects an STS key with the wrong token, or with none', async () => {
    const wrong = await failure(
      iceClient(emu.endpoint, { ...sts, securityToken: 'not-the-token' })('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.code).toBe('InvalidSecurityToken.MismatchWithAccessKey');
    const none = await failure(
      iceClient(emu.endpoint, { accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret })('ListAIAgentInstance', {
        AIAgentId: SUPPORT_AGENT,
      }),
    );
    expect(none.code).toBe('MissingSecurityToken');
    const plainWithToken = await failure(
      iceClient(emu.endpoint, { ...plain, securityToken: sts.securityToken ?? '' })('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }),
    );
    expect(plainWithToken.code).toBe('InvalidSecurityToken.MismatchWithAccessKey');
  });

  it('rejects a wrong secret with 400 SignatureDoesNotMatch in the real error shape, without leaking the secret', async () => {
    const err = await failure(
      iceClient(emu.endpoint, { ...plain, accessKeySecret: 'wrong-secret' })('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }),
    );
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(Object.keys(err.data ?? {}).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId', 'statusCode']);
    expect(err.data?.HostId).toBe(emu.endpoint);
    expect(String(err.data?.Message)).toContain('ACS3-HMAC-SHA256');
    expect(JSON.stringify(err.data)).not.toContain(plain.accessKeySecret);
    expect(lastRecorded()).toMatchObject({ status: 400, code: 'SignatureDoesNotMatch', accessKeyId: plain.accessKeyId });
  });

  it('rejects an unknown AccessKey ID with 404 InvalidAccessKeyId.NotFound', async () => {
    const err = await failure(
      iceClient(emu.endpoint, { accessKeyId: 'LTAInobody', accessKeySecret: 'x' })('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }),
    );
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('InvalidAccessKeyId.NotFound');
  });

  it('signs values with reserved and non-ASCII characters the way the client does', async () => {
    const call = iceClient(emu.endpoint, plain);
    const userData = `{"note":"a b+c!'()*~ é 😀 & = ? / %20"}`;
    await call('UpdateAIAgentInstance', { InstanceId: EXECUTING_ID, UserData: userData });
    const described = await call('DescribeAIAgentInstance', { InstanceId: EXECUTING_ID });
    expect((described.body.Instance as Record<string, unknown>).UserData).toBe(userData);
  });
});

describe('timestamps and nonces', () => {
  const stamp = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

  it('rejects a timestamp more than 15 minutes off, in either direction, and accepts 14 minutes', async () => {
    const call = iceClient(emu.endpoint, plain);
    for (const offset of [-16 * 60_000, 16 * 60_000]) {
      const err = await failure(call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }, { 'x-acs-date': stamp(offset) }));
      expect(err.statusCode).toBe(400);
      expect(err.code).toBe('InvalidTimeStamp.Expired');
    }
    const ok = await call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }, { 'x-acs-date': stamp(-14 * 60_000) });
    expect(ok.statusCode).toBe(200);
  });

  it('rejects a malformed timestamp', async () => {
    const err = await failure(
      iceClient(emu.endpoint, plain)(
        'ListAIAgentInstance',
        { AIAgentId: SUPPORT_AGENT },
        { 'x-acs-date': 'Mon, 21 Jul 2025 10:00:00 GMT' },
      ),
    );
    expect(err.code).toBe('InvalidTimeStamp.Format');
  });

  it('rejects a reused nonce, and a forged request does not use the nonce up', async () => {
    const nonce = `test-nonce-${Date.now()}`;
    const forged = await failure(
      iceClient(emu.endpoint, { ...plain, accessKeySecret: 'forged' })(
        'ListAIAgentInstance',
        { AIAgentId: SUPPORT_AGENT },
        { 'x-acs-signature-nonce': nonce },
      ),
    );
    expect(forged.code).toBe('SignatureDoesNotMatch');
    const call = iceClient(emu.endpoint, plain);
    expect((await call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }, { 'x-acs-signature-nonce': nonce })).statusCode).toBe(200);
    const replay = await failure(call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }, { 'x-acs-signature-nonce': nonce }));
    expect(replay.statusCode).toBe(400);
    expect(replay.code).toBe('SignatureNonceUsed');
    expect(lastRecorded()).toMatchObject({ status: 400, code: 'SignatureNonceUsed' });
  });

  it('uses the injected clock for the timestamp check', async () => {
    const skewed = await startEmulator({ now: () => Date.now() + 20 * 60_000 });
    try {
      const err = await failure(iceClient(skewed.endpoint, plain)('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT }));
      expect(err.code).toBe('InvalidTimeStamp.Expired');
    } finally {
      await skewed.close();
    }
  });
});

describe('raw requests', () => {
  it('refuses an unsigned request and still records it with its action', async () => {
    const res = await rawRequest(`${emu.baseUrl}/?AIAgentId=${SUPPORT_AGENT}`, {
      method: 'POST',
      headers: { 'x-acs-action': 'ListAIAgentInstance', 'x-acs-version': '2020-11-09' },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ Code: 'MissingAuthorization' });
    expect(lastRecorded()).toMatchObject({
      action: 'ListAIAgentInstance',
      status: 400,
      code: 'MissingAuthorization',
      params: { AIAgentId: SUPPORT_AGENT },
    });
    expect(lastRecorded().accessKeyId).toBeUndefined();
  });

  it('accepts a request signed by openapi-util, including a form body with a signed content-type', async () => {
    expect((await signedRaw(emu.endpoint, plain, { query: { AIAgentId: SUPPORT_AGENT } })).status).toBe(200);
    const form = await signedRaw(emu.endpoint, sts, {
      body: `AIAgentId=${SUPPORT_AGENT}&PageSize=1`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(200);
    expect((form.json().Instances as unknown[]).length).toBe(1);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await signedRaw(emu.endpoint, plain, {
      query: { AIAgentId: SUPPORT_AGENT },
      afterSigning: { authorization: 'HMAC-SHA1 nonsense' },
    });
    expect(res.status).toBe(400);
    expect(res.json().Code).toBe('IncompleteSignature');
  });

  it('rejects a body that does not match x-acs-content-sha256', async () => {
    const res = await signedRaw(emu.endpoint, plain, {
      query: { AIAgentId: SUPPORT_AGENT },
      body: 'PageSize=1',
      headers: { 'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    expect(String(res.json().Message)).toContain('x-acs-content-sha256');
  });

  it('rejects an x-acs header added after signing, and a tampered signed header', async () => {
    const extra = await signedRaw(emu.endpoint, plain, { query: { AIAgentId: SUPPORT_AGENT }, afterSigning: { 'x-acs-extra': '1' } });
    expect(extra.json()).toMatchObject({ Code: 'IncompleteSignature' });
    expect(String(extra.json().Message)).toContain('x-acs-extra');
    const tampered = await signedRaw(emu.endpoint, plain, {
      query: { InstanceId: EXECUTING_ID },
      afterSigning: { 'x-acs-action': 'DescribeAIAgentInstance' },
    });
    expect(tampered.status).toBe(400);
    expect(tampered.json().Code).toBe('SignatureDoesNotMatch');
  });

  it('answers missing and unknown actions, wrong versions and wrong paths like the gateway', async () => {
    const noAction = await signedRaw(emu.endpoint, plain, { headers: { 'x-acs-action': undefined } });
    expect([noAction.status, noAction.json().Code]).toEqual([400, 'MissingParameter']);
    const unknown = await signedRaw(emu.endpoint, plain, { action: 'DeleteEverything' });
    expect([unknown.status, unknown.json().Code]).toEqual([404, 'InvalidAction.NotFound']);
    const version = await signedRaw(emu.endpoint, plain, { version: '2017-09-06' });
    expect([version.status, version.json().Code]).toEqual([400, 'InvalidVersion']);
    const path = await signedRaw(emu.endpoint, plain, { pathname: '/v1/list', query: { AIAgentId: SUPPORT_AGENT } });
    expect([path.status, path.json().Code]).toEqual([404, 'InvalidAction.NotFound']);
    const viaClient = await failure(iceClient(emu.endpoint, plain)('StopEverything', {}));
    expect([viaClient.statusCode, viaClient.code]).toEqual([404, 'InvalidAction.NotFound']);
  });

  it('never puts the demo keys’ secrets or token in any recorded request or error', () => {
    const recorded = JSON.stringify(emu.requests);
    expect(emu.requests.length).toBeGreaterThan(10);
    for (const key of DEMO_KEYS) {
      expect(recorded).not.toContain(key.accessKeySecret);
      if (key.securityToken !== undefined) expect(recorded).not.toContain(key.securityToken);
    }
  });
});
