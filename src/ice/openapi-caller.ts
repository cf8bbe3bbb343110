/**
 * The only module that touches @alicloud/*: one signed RPC call through the official client.
 * The library is CommonJS and slow to load, so it is imported on the first call; the build bundles
 * it into a chunk of its own, which `import()` keeps out of start-up.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { toIceError } from './classify.js';
import { lazyCrypto } from '../util/lazy-crypto.js';
import type { CallKind, WireParams } from './types.js';

export interface StaticCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface OpenApiCallerOptions {
  protocol: 'https' | 'http';
  timeoutMs: number;
  /** Explicit keys (sandbox, tests). Without them the default credentials chain is used. */
  credentials?: StaticCredentials;
}

/** One signed call to `endpoint` (host[:port]); resolves to the parsed JSON body or throws IceError. */
export type SignedCall = (action: string, query: WireParams, endpoint: string, kind: CallKind) => Promise<Record<string, unknown>>;

interface CredentialLike {
  getCredential(): Promise<unknown>;
}
interface OpenApiModule {
  default: new (config: unknown) => { callApi(params: unknown, request: unknown, runtime: unknown): Promise<{ body: unknown }> };
  Config: new (map: Record<string, unknown>) => unknown;
  Params: new (map: Record<string, unknown>) => unknown;
  OpenApiRequest: new (map: Record<string, unknown>) => unknown;
}
interface Libraries {
  openapi: OpenApiModule;
  Credential: new (config?: unknown) => CredentialLike;
  CredentialConfig: new (map: Record<string, unknown>) => unknown;
}

/**
 * module.exports of a CommonJS package from its import() namespace. Node puts it at `default`;
 * loaders that honour `__esModule` (vitest) spread it over the namespace. Both packages export Config.
 */
const commonJs = (ns: object): Record<string, unknown> =>
  ('Config' in ns ? ns : (ns as { default: object }).default) as Record<string, unknown>;

let libraries: Promise<Libraries> | undefined;
function load(): Promise<Libraries> {
  libraries ??= (async () => {
    const [openapi, credentials] = await Promise.all([import('@alicloud/openapi-client'), import('@alicloud/credentials')]);
    watchExchanges(await import('node:diagnostics_channel'));
    const { default: Credential, Config } = commonJs(credentials) as {
      default: Libraries['Credential'];
      Config: Libraries['CredentialConfig'];
    };
    return { openapi: commonJs(openapi) as unknown as OpenApiModule, Credential, CredentialConfig: Config };
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

/**
 * Wraps a credentials source so that after a failure the next call starts from a fresh one: the
 * default chain otherwise keeps retrying only its last provider.
 */
class RenewingCredential implements CredentialLike {
  private current: CredentialLike | undefined;
  constructor(private readonly build: () => CredentialLike) {}
  async getCredential(): Promise<unknown> {
    this.current ??= this.build();
    try {
      return await this.current.getCredential();
    } catch {
      this.current = undefined;
      throw Object.assign(new Error('credentials unavailable'), { code: 'CredentialsUnavailable' });
    }
  }
}

export function createOpenApiCaller(options: OpenApiCallerOptions): SignedCall {
  const clients = new Map<string, InstanceType<OpenApiModule['default']>>();
  let credential: RenewingCredential | undefined;

  function clientFor(lib: Libraries, endpoint: string): InstanceType<OpenApiModule['default']> {
    let client = clients.get(endpoint);
    if (!client) {
      const keys = options.credentials;
      credential ??= new RenewingCredential(() =>
        keys
          ? new lib.Credential(
              new lib.CredentialConfig({
                type: keys.securityToken ? 'sts' : 'access_key',
                accessKeyId: keys.accessKeyId,
                accessKeySecret: keys.accessKeySecret,
                securityToken: keys.securityToken,
              }),
            )
          : new lib.Credential(),
      );
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
