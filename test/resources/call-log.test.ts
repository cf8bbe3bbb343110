import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_LOG_MAX_BYTES, CallLogError, createCallLogFetcher, type CallLogPolicy } from '../../src/resources/call-log.js';
import { guardedLookup, isRefusedAddress, type ResolveAll } from '../../src/resources/call-log-address.js';
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

  it('reports a name that does not resolve as a network error', async () => {
    const resolve: ResolveAll = (_host, _options, callback) => callback(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }), []);
    const error = await refusal('https://logs.example.invalid/log.json', { resolve });
    expect(error.message).toBe('the call log could not be downloaded (network error)');
  });
});

describe('addresses', () => {
  const REFUSED = 'the call log URL points to an address this server does not fetch from';
  const resolvingTo =
    (...addresses: string[]): ResolveAll =>
    (_host, _options, callback) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  it.each([
    'https://127.0.0.1:1/log.json',
    'https://127.8.9.10/log.json',
    'https://[::1]:8443/log.json',
    'https://[::ffff:127.0.0.1]/log.json',
    'https://2130706433/log.json',
    'https://0x7f.1/log.json',
    'https://10.1.2.3/log.json',
    'https://172.16.0.1/log.json',
    'https://172.31.255.255/log.json',
    'https://192.168.1.1/log.json',
    'https://100.64.0.1/log.json',
    'https://100.100.100.200/latest/meta-data/',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fe80::1]/log.json',
    'https://[fd12:3456::1]/log.json',
    'https://[::]/log.json',
    'https://0.0.0.0/log.json',
    'https://[64:ff9b::a00:1]/log.json',
    'https://[2002:c0a8:101::1]/log.json',
  ])('refuses the literal %s, with the one text, before connecting', async (url) => {
    const resolve: ResolveAll = () => {
      throw new Error('a literal needs no lookup');
    };
    expect((await refusal(url, { resolve })).message).toBe(REFUSED);
  });

  it.each([
    ['loopback', ['127.0.0.1']],
    ['IPv6 loopback', ['::1']],
    ['a private address', ['10.0.0.8']],
    ['the metadata service', ['100.100.100.200']],
    ['link-local', ['169.254.169.254']],
    ['a public and a private address (DNS answers both)', ['203.0.113.7', '192.168.0.10']],
  ])('refuses a name that resolves to %s, on the connection itself', async (_name, addresses) => {
    const error = await refusal('https://logs.example.test/log.json', { resolve: resolvingTo(...addresses) });
    expect(error.message).toBe(REFUSED);
  });

  it('checks the address in the connection own lookup: resolved once, for the connection that uses it', async () => {
    let calls = 0;
    const resolve: ResolveAll = (_h, _o, callback) => {
      calls++;
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    };
    expect((await refusal('https://rebind.example.test/log.json', { resolve })).message).toBe(REFUSED);
    expect(calls).toBe(1);
  });

  it('lets public addresses through the lookup (checked without connecting)', () => {
    const results: unknown[] = [];
    const lookup = guardedLookup(resolvingTo('203.0.113.7', '2001:db8::5'));
    lookup('logs.example.test', { all: true }, (error, addresses) => results.push(error, addresses));
    lookup('logs.example.test', {}, (error, address, family) => results.push(error, address, family));
    expect(results).toEqual([
      null,
      [
        { address: '203.0.113.7', family: 4 },
        { address: '2001:db8::5', family: 6 },
      ],
      null,
      '203.0.113.7',
      4,
    ]);
    expect(isRefusedAddress('47.100.1.1')).toBe(false);
    expect(isRefusedAddress('[2400:3200::1]')).toBe(false);
    expect(isRefusedAddress('[64:ff9b::2f64:101]')).toBe(false);
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
