import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_LOG_MAX_BYTES, CallLogError, createCallLogFetcher, type CallLogPolicy } from '../../src/resources/call-log.js';
import { jsonOfSize, redirect, sendChunked, sendJson, startServer, type TestServer } from './servers.js';

const LOG = [{ Role: 'agent', Text: 'Hello' }];

let home: TestServer; // plays the configured (http) endpoint
let other: TestServer; // another host: same address, other port

beforeAll(async () => {
  other = await startServer((req, res) => sendJson(res, JSON.stringify({ from: 'other', path: req.url })));
  home = await startServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/log.json') return sendJson(res, JSON.stringify(LOG));
    if (path === '/moved') return redirect(res, '/log.json');
    if (path === '/moved-absolute') return redirect(res, `${home.baseUrl}/log.json`, 301);
    if (path === '/away') return redirect(res, `${other.baseUrl}/log.json`);
    if (path === '/away-https') return redirect(res, 'https://127.0.0.1:1/log.json', 307);
    if (path === '/to-file') return redirect(res, 'file:///etc/passwd');
    if (path === '/loop') return redirect(res, '/loop');
    if (path === '/no-location') return void res.writeHead(302).end();
    if (path === '/at-cap') return sendJson(res, jsonOfSize(CALL_LOG_MAX_BYTES));
    if (path === '/over-cap') return sendJson(res, jsonOfSize(CALL_LOG_MAX_BYTES + 1));
    if (path === '/over-cap-chunked') return sendChunked(res, jsonOfSize(CALL_LOG_MAX_BYTES + 1));
    if (path === '/small-cap') return sendChunked(res, jsonOfSize(200));
    if (path === '/html') return sendChunked(res, '<html><body>Access denied</body></html>', 'text/html');
    if (path === '/empty') return void res.writeHead(200, { 'content-length': 0 }).end();
    if (path === '/gone') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no');
    if (path === '/hang') return; // never answers
    if (path === '/hang-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.write('[{"Role":');
    }
    sendJson(res, '{}');
  });
});

afterAll(async () => {
  await home?.close();
  await other?.close();
});

const policy = (overrides: Partial<CallLogPolicy> = {}): CallLogPolicy => ({
  protocol: 'http',
  endpoint: home.host,
  timeoutMs: 2000,
  ...overrides,
});

/** The CallLogError a fetch fails with. */
async function refusal(url: string, overrides: Partial<CallLogPolicy> = {}): Promise<CallLogError> {
  const error = await createCallLogFetcher(policy(overrides))(url).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallLogError);
  return error as CallLogError;
}

describe('URL policy', () => {
  it('fetches plain http from the configured endpoint when the endpoint is http', async () => {
    await expect(createCallLogFetcher(policy())(`${home.baseUrl}/log.json`)).resolves.toEqual(LOG);
  });

  it('refuses plain http to the configured endpoint when the configured protocol is https', async () => {
    const before = home.paths.length;
    const error = await refusal(`${home.baseUrl}/log.json`, { protocol: 'https' });
    expect(error.message).toMatch(/plain http to 127\.0\.0\.1; only https/);
    expect(home.paths.length).toBe(before); // nothing was sent
  });

  it('refuses plain http to another host, even on the same address', async () => {
    const before = other.paths.length;
    const error = await refusal(`${other.baseUrl}/log.json`);
    expect(error.message).toMatch(/plain http .*only https/);
    expect(other.paths.length).toBe(before); // nothing was sent
  });

  it.each([
    ['ftp://127.0.0.1/log.json', /uses ftp; only https/],
    ['file:///etc/passwd', /uses file; only https/],
    ['data:application/json,[]', /uses data; only https/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', async (url, message) => {
    expect((await refusal(url)).message).toMatch(message);
  });

  it('tries https anywhere, and a failed connection reads as a network error', async () => {
    const error = await refusal('https://127.0.0.1:1/log.json');
    expect(error.message).toBe('the call log could not be downloaded (network error)');
  });

  it('reports a TLS failure (https to a plain http server) as a network error, not a refusal', async () => {
    const error = await refusal(`https://${home.host}/log.json`);
    expect(error.message).toMatch(/network error/);
  });
});

describe('redirects', () => {
  it('follows a relative redirect on the same host', async () => {
    await expect(createCallLogFetcher(policy())(`${home.baseUrl}/moved`)).resolves.toEqual(LOG);
  });

  it('follows an absolute redirect on the same host', async () => {
    await expect(createCallLogFetcher(policy())(`${home.baseUrl}/moved-absolute`)).resolves.toEqual(LOG);
  });

  it('refuses a redirect to another host and never contacts it', async () => {
    const before = other.paths.length;
    const error = await refusal(`${home.baseUrl}/away`);
    expect(error.message).toMatch(/redirected to another host \(127\.0\.0\.1\); not followed/);
    expect(other.paths.length).toBe(before);
  });

  it('refuses a redirect to another host even over https', async () => {
    expect((await refusal(`${home.baseUrl}/away-https`)).message).toMatch(/another host/);
  });

  it('refuses a redirect to a file URL', async () => {
    expect((await refusal(`${home.baseUrl}/to-file`)).message).toMatch(/another host|uses file/);
  });

  it('gives up on a redirect loop', async () => {
    expect((await refusal(`${home.baseUrl}/loop`)).message).toMatch(/redirected too many times/);
  });

  it('refuses a redirect without a location', async () => {
    expect((await refusal(`${home.baseUrl}/no-location`)).message).toMatch(/without a location/);
  });
});

describe('size cap', () => {
  it('is 1 MiB by default', () => {
    expect(CALL_LOG_MAX_BYTES).toBe(1024 * 1024);
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const log = await createCallLogFetcher(policy())(`${home.baseUrl}/at-cap`);
    expect(typeof log === 'string' && log.length).toBe(CALL_LOG_MAX_BYTES - 2);
  });

  it('refuses a declared content-length over the cap', async () => {
    const error = await refusal(`${home.baseUrl}/over-cap`);
    expect(error.message).toBe(`the call log is ${CALL_LOG_MAX_BYTES + 1} bytes, over the ${CALL_LOG_MAX_BYTES}-byte limit`);
  });

  it('refuses a chunked body (no content-length) once it passes the cap', async () => {
    const error = await refusal(`${home.baseUrl}/over-cap-chunked`);
    expect(error.message).toBe(`the call log is over the ${CALL_LOG_MAX_BYTES}-byte limit`);
  });

  it('honours a smaller maxBytes', async () => {
    expect((await refusal(`${home.baseUrl}/small-cap`, { maxBytes: 100 })).message).toMatch(/over the 100-byte limit/);
    await expect(createCallLogFetcher(policy({ maxBytes: 200 }))(`${home.baseUrl}/small-cap`)).resolves.toHaveLength(198);
  });
});

describe('bodies, statuses and time', () => {
  it('refuses a body that is not JSON', async () => {
    expect((await refusal(`${home.baseUrl}/html`)).message).toBe('the call log is not JSON');
  });

  it('refuses an empty body as not JSON', async () => {
    expect((await refusal(`${home.baseUrl}/empty`)).message).toBe('the call log is not JSON');
  });

  it('reports an error status', async () => {
    expect((await refusal(`${home.baseUrl}/gone`)).message).toBe('the call log download answered HTTP 404');
  });

  it('times out a server that never answers', async () => {
    // The server never answers, so only the 150 ms timeout can end this call (no stopwatch needed).
    const error = await refusal(`${home.baseUrl}/hang`, { timeoutMs: 150 });
    expect(error.message).toBe('the call log did not arrive within 150 ms');
  });

  it('times out a body that stops half way', async () => {
    const error = await refusal(`${home.baseUrl}/hang-body`, { timeoutMs: 150 });
    expect(error.message).toBe('the call log did not arrive within 150 ms');
  });

  it('never puts the URL (which may carry a signature) in its messages', async () => {
    const error = await refusal(`${other.baseUrl}/log.json?Signature=s3cr3t-value&OSSAccessKeyId=k`);
    expect(error.message).not.toContain('s3cr3t-value');
    expect(error.message).not.toContain('/log.json');
  });
});
