/**
 * Fetches the JSON behind an instance's CallLogUrl. The URL comes from the cloud, so it is treated as
 * untrusted: https only (or http to the configured endpoint when that is http, as with the sandbox),
 * no redirect to another host, a size cap and the request timeout.
 */
export const CALL_LOG_MAX_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export type CallLogFetcher = (url: string) => Promise<unknown>;

export interface CallLogPolicy {
  protocol: 'https' | 'http';
  /** host[:port] the ICE client talks to; http call logs are allowed only there. */
  endpoint: string;
  timeoutMs: number;
  maxBytes?: number;
}

/** A refusal or failure while fetching a call log; the message is safe to show. */
export class CallLogError extends Error {
  override readonly name = 'CallLogError';
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
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && policy.protocol === 'http' && url.host === policy.endpoint) return url;
  throw new CallLogError(
    url.protocol === 'http:'
      ? `the CallLogUrl uses plain http to ${url.hostname}; only https (or http to the configured endpoint when it is http) is fetched`
      : `the CallLogUrl uses ${url.protocol.replace(':', '')}; only https is fetched`,
  );
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new CallLogError(`the call log is ${declared} bytes, over the ${maxBytes}-byte limit`);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new CallLogError(`the call log is over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createCallLogFetcher(policy: CallLogPolicy): CallLogFetcher {
  const maxBytes = policy.maxBytes ?? CALL_LOG_MAX_BYTES;
  return async (raw) => {
    let url = checkUrl(raw, policy);
    const host = url.host;
    const signal = AbortSignal.timeout(policy.timeoutMs);
    try {
      for (let hop = 0; ; hop++) {
        const response = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/json' } });
        if (response.status >= 300 && response.status < 400) {
          const location = response.headers.get('location');
          if (!location || hop >= MAX_REDIRECTS) throw new CallLogError('the call log redirected too many times (or without a location)');
          url = checkUrl(new URL(location, url).href, policy, host);
          continue;
        }
        if (!response.ok) throw new CallLogError(`the call log download answered HTTP ${response.status}`);
        const text = await readCapped(response, maxBytes);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new CallLogError('the call log is not JSON');
        }
      }
    } catch (error) {
      if (error instanceof CallLogError) throw error;
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new CallLogError(`the call log did not arrive within ${policy.timeoutMs} ms`);
      }
      throw new CallLogError('the call log could not be downloaded (network error)');
    }
  };
}
