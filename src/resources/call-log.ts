/**
 * Fetches the JSON behind an instance's CallLogUrl. The URL comes from the cloud, so it is treated as
 * untrusted: https only (or http to the configured endpoint when that is http, as with the sandbox),
 * never to a loopback, private, link-local or metadata address (call-log-address.ts), no redirect to
 * another host, a size cap and the request timeout. node:http(s) rather than fetch, because only they
 * take a `lookup`, which is what lets the address be checked on the connection itself.
 */
import type { IncomingMessage } from 'node:http';
import { isIP as isIpLiteral } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CallLogError, type CallLogFetcher } from './call-log-types.js';
import { guardedLookup, isRefusedAddress, REFUSED_ADDRESS, RefusedAddressError, type ResolveAll } from './call-log-address.js';

export const CALL_LOG_MAX_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface CallLogPolicy {
  protocol: 'https' | 'http';
  /** host[:port] the ICE client talks to; http call logs are allowed only there. */
  endpoint: string;
  timeoutMs: number;
  maxBytes?: number;
  /** Name resolution (all addresses); tests inject one so no real lookup happens. Default dns.lookup. */
  resolve?: ResolveAll;
}

function checkUrl(raw: string, policy: CallLogPolicy, firstHost?: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CallLogError('the CallLogUrl is not a valid URL');
  }
  if (firstHost !== undefined && url.host !== firstHost) {
    throw new CallLogError(`the call log redirected to another host (${url.hostname}); not followed`);
  }
  // The configured http endpoint (sandbox, emulator) is the one place allowed to be local.
  if (url.protocol === 'http:' && policy.protocol === 'http' && url.host === policy.endpoint) return url;
  if (url.protocol === 'https:') {
    if (isIP(url.hostname) && isRefusedAddress(url.hostname)) throw new CallLogError(REFUSED_ADDRESS);
    return url;
  }
  throw new CallLogError(
    url.protocol === 'http:'
      ? `the CallLogUrl uses plain http to ${url.hostname}; only https (or http to the configured endpoint when it is http) is fetched`
      : `the CallLogUrl uses ${url.protocol.replace(':', '')}; only https is fetched`,
  );
}

const isIP = (hostname: string): boolean => isIpLiteral(hostname.replace(/^\[|\]$/g, '')) !== 0;

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    response.destroy();
    throw new CallLogError(`the call log is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      response.destroy();
      throw new CallLogError(`the call log is over the ${maxBytes}-byte limit`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One GET on a fresh connection (no pooling: every connection goes through the address check). */
function get(url: URL, trusted: boolean, signal: AbortSignal, resolve: ResolveAll | undefined): Promise<IncomingMessage> {
  return new Promise((done, fail) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      agent: false,
      signal,
      ...(trusted ? {} : { lookup: guardedLookup(resolve) }),
    });
    req.once('response', done);
    req.once('error', fail);
    req.end();
  });
}

export function createCallLogFetcher(policy: CallLogPolicy): CallLogFetcher {
  const maxBytes = policy.maxBytes ?? CALL_LOG_MAX_BYTES;
  const trusted = (url: URL): boolean => url.protocol === 'http:' && policy.protocol === 'http' && url.host === policy.endpoint;
  return async (raw) => {
    let url = checkUrl(raw, policy);
    const host = url.host;
    const signal = AbortSignal.timeout(policy.timeoutMs);
    try {
      for (let hop = 0; ; hop++) {
        const response = await get(url, trusted(url), signal, policy.resolve);
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          const location = response.headers.location;
          if (!location || hop >= MAX_REDIRECTS) throw new CallLogError('the call log redirected too many times (or without a location)');
          url = checkUrl(new URL(location, url).href, policy, host);
          continue;
        }
        if (status < 200 || status >= 300) {
          response.resume();
          throw new CallLogError(`the call log download answered HTTP ${status}`);
        }
        const text = await readCapped(response, maxBytes);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new CallLogError('the call log is not JSON');
        }
      }
    } catch (error) {
      if (error instanceof CallLogError) throw error;
      if (error instanceof RefusedAddressError) throw new CallLogError(REFUSED_ADDRESS);
      if (signal.aborted) throw new CallLogError(`the call log did not arrive within ${policy.timeoutMs} ms`);
      throw new CallLogError('the call log could not be downloaded (network error)');
    }
  };
}

export { CallLogError, type CallLogFetcher } from './call-log-types.js';
