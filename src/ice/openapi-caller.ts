/**
 * With credentials.ts, the only module that touches @alicloud/*: one signed RPC call through the official client.
 * The library is CommonJS and slow to load, so it is imported on the first call; the build bundles
 * it into a chunk of its own, which `import()` keeps out of start-up.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { toIceError } from './classify.js';
import { commonJs } from './common-js.js';
import { lazyCrypto } from '../util/lazy-crypto.js';
import { createCredential, type CredentialLike, type StaticCredentials } from './credentials.js';
import type { CallKind, WireParams } from './types.js';

export type { StaticCredentials } from './credentials.js';

export interface OpenApiCallerOptions {
  protocol: 'https' | 'http';
  timeoutMs: number;
  /** Explicit keys (sandbox, tests). Without them the default credentials chain is used. */
  credentials?: StaticCredentials;
  /** The credential to sign with (buildDeps shares it with the start-up line); else one from `credentials`. */
  credential?: CredentialLike;
}

/** One signed call to `endpoint` (host[:port]); resolves to the parsed JSON body or throws IceError. */
export type SignedCall = (action: string, query: WireParams, endpoint: string, kind: CallKind) => Promise<Record<string, unknown>>;

interface OpenApiModule {
  default: new (config: unknown) => { callApi(params: unknown, request: unknown, runtime: unknown): Promise<{ body: unknown }> };
  Config: new (map: Record<string, unknown>) => unknown;
  Params: new (map: Record<string, unknown>) => unknown;
  OpenApiRequest: new (map: Record<string, unknown>) => unknown;
}
interface Libraries {
  openapi: OpenApiModule;
}

let libraries: Promise<Libraries> | undefined;
function load(): Promise<Libraries> {
  libraries ??= (async () => {
    const openapi = await import('@alicloud/openapi-client');
    watchExchanges(await import('node:diagnostics_channel'));
    return { openapi: commonJs(openapi) as unknown as OpenApiModule };
  })();
  return libraries;
}

// Two defects of the client library are mended by watching each call's HTTP exchange. Every call signs
// its own nonce, so an exchange on the wire can be matched back to the call that caused it.
// 1. It drops the HTTP status when an error body is not JSON: the status is noted here.
// 2. Its transport (httpx) arms a read timer per request that only its own body reader clears, but
//    the library reads bodies another way, so every finished call stayed referenced by a pending
//    timer, with its request and response, for the whole read timeout (tens of MB under load). The
//    timer is noted when the response starts and cleared when the call ends.
const NONCE = 'x-acs-signature-nonce';
interface Exchange {
  status?: number;
  readTimer?: NodeJS.Timeout;
}
const exchanges = new Map<string, Exchange>();
let readTimerKey: symbol | undefined;

function readTimerOf(socket: object | null): NodeJS.Timeout | undefined {
  if (!socket) return undefined;
  readTimerKey ??= Object.getOwnPropertySymbols(socket).find((key) => key.description === 'TIMER::READ_TIMER');
  const timer = readTimerKey ? (socket as Record<symbol, unknown>)[readTimerKey] : undefined;
  return timer && typeof timer === 'object' ? (timer as NodeJS.Timeout) : undefined;
}

function watchExchanges(diagnostics: typeof import('node:diagnostics_channel')): void {
  diagnostics.subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const nonce = request.getHeader(NONCE);
    const exchange = typeof nonce === 'string' ? exchanges.get(nonce) : undefined;
    if (!exchange) return;
    exchange.status = response.statusCode ?? 0;
    exchange.readTimer = readTimerOf(request.socket);
  });
}

export function createOpenApiCaller(options: OpenApiCallerOptions): SignedCall {
  const clients = new Map<string, InstanceType<OpenApiModule['default']>>();
  let credential: CredentialLike | undefined;

  function clientFor(lib: Libraries, endpoint: string): InstanceType<OpenApiModule['default']> {
    let client = clients.get(endpoint);
    if (!client) {
      credential ??= options.credential ?? createCredential(options.credentials);
      client = new lib.openapi.default(
        new lib.openapi.Config({
          credential,
          endpoint,
          protocol: options.protocol.toUpperCase(),
          connectTimeout: options.timeoutMs,
          readTimeout: options.timeoutMs,
        }),
      );
      clients.set(endpoint, client);
    }
    return client;
  }

  return async (action, query, endpoint, kind) => {
    const lib = await load();
    const nonce = lazyCrypto().randomUUID();
    const exchange: Exchange = {};
    exchanges.set(nonce, exchange);
    try {
      const params = new lib.openapi.Params({
        action,
        version: '2020-11-09',
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      const request = new lib.openapi.OpenApiRequest({ query, headers: { [NONCE]: nonce } });
      const response = await clientFor(lib, endpoint).callApi(params, request, {});
      const body = response.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw toIceError(new SyntaxError('not an object'), action, kind, 200);
      }
      return body as Record<string, unknown>;
    } catch (error) {
      throw toIceError(error, action, kind, exchange.status);
    } finally {
      exchanges.delete(nonce);
      if (exchange.readTimer) clearTimeout(exchange.readTimer);
    }
  };
}
