/** Test helpers: the real Alibaba Cloud client pointed at the emulator, plus raw signed requests. */
import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import type { EmulatorKey } from '../../src/emulator/index.js';

const require = createRequire(import.meta.url);
const OpenApi = require('@alicloud/openapi-client') as typeof import('@alicloud/openapi-client');
const TeaUtil = require('@alicloud/tea-util') as typeof import('@alicloud/tea-util');
const OpenApiUtil = (require('@alicloud/openapi-util') as typeof import('@alicloud/openapi-util')).default;

export const SUPPORT_AGENT = '5f1e9c2ab3d84e7f9a0b1c2d3e4f5a6b';
export const SALES_AGENT = '8c7d6e5f4a3b4c2d9e1f0a9b8c7d6e5f';
export const TUTOR_AGENT = '2b4d6f8a0c1e4a3b8d7f9e1c2a3b4c5d';
/** Seed instances by status. */
export const EXECUTING_ID = '39f8e0bc005e4f309379701645f4a1c2';
export const FINISHED_ID = '4a0c1e2f3b5d4c6e8f9a0b1c2d3e4f51';
export const CREATED_ID = '5b1d2f3a4c6e4d7f9a0b1c2d3e4f5a62';
export const EXTERNAL_LOG_ID = '6c2e3a4b5d7f4e8a0b1c2d3e4f5a6b73';

export interface CallResult {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The shape @alicloud/openapi-client throws for a 4xx/5xx JSON answer. */
export interface ClientError extends Error {
  code?: string;
  statusCode?: number;
  data?: Record<string, unknown>;
}

export type Caller = (action: string, query?: Record<string, string>, headers?: Record<string, string>) => Promise<CallResult>;

/** A caller using the official client exactly as the generated ICE SDK does. */
export function iceClient(endpoint: string, key: EmulatorKey, timeoutMs = 3000): Caller {
  const client = new OpenApi.default(
    new OpenApi.Config({ ...key, endpoint, protocol: 'HTTP', readTimeout: timeoutMs, connectTimeout: timeoutMs }),
  );
  return async (action, query = {}, headers) => {
    const params = new OpenApi.Params({
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
    const request = new OpenApi.OpenApiRequest({ query, ...(headers ? { headers } : {}) });
    return (await client.callApi(params, request, new TeaUtil.RuntimeOptions({}))) as CallResult;
  };
}

/** Awaits a call expected to fail and returns the client's error. */
export async function failure(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (err) {
    return err as ClientError;
  }
  throw new Error('expected the call to fail');
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface SignedRawOptions {
  action?: string;
  version?: string;
  query?: Record<string, string>;
  body?: string;
  /** Overrides or removals (undefined) applied to the headers before signing. */
  headers?: Record<string, string | undefined>;
  /** Changes applied after signing (to break the signature on purpose). */
  afterSigning?: Record<string, string | undefined>;
  pathname?: string;
}

/** A request signed by openapi-util's own V3 signer, sent with node:http (no client involved). */
export function signedRaw(endpoint: string, key: EmulatorKey, options: SignedRawOptions = {}): Promise<RawResponse> {
  const body = options.body ?? '';
  const query = options.query ?? {};
  const headers: Record<string, string> = {
    host: endpoint,
    'x-acs-action': options.action ?? 'ListAIAgentInstance',
    'x-acs-version': options.version ?? '2020-11-09',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
  };
  if (key.securityToken !== undefined) {
    headers['x-acs-accesskey-id'] = key.accessKeyId;
    headers['x-acs-security-token'] = key.securityToken;
  }
  applyChanges(headers, options.headers);
  const pathname = options.pathname ?? '/';
  const request = { pathname, method: 'POST', query, headers } as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0];
  headers.authorization = OpenApiUtil.getAuthorization(
    request,
    'ACS3-HMAC-SHA256',
    headers['x-acs-content-sha256'] ?? '',
    key.accessKeyId,
    key.accessKeySecret,
  );
  applyChanges(headers, options.afterSigning);
  const search = new URLSearchParams(query).toString();
  return rawRequest(`http://${endpoint}${pathname}${search === '' ? '' : `?${search}`}`, { method: 'POST', headers, body });
}

function applyChanges(headers: Record<string, string>, changes: Record<string, string | undefined> | undefined): void {
  for (const [name, value] of Object.entries(changes ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
}

/** JSON over HTTP to the admin API. */
export async function admin(baseUrl: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return rawRequest(`${baseUrl}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
