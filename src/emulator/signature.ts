/** Verification of ACS3-HMAC-SHA256 (V3) signed requests, as @alicloud/openapi-client signs them. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { GatewayError } from './gateway-error.js';
import type { NonceCache } from './nonce-cache.js';
import type { EmulatorKey } from './types.js';

const ALGORITHM = 'ACS3-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTH_PATTERN = /^(\S+)\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]*)\s*,\s*Signature=(\S+)$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The parts of an HTTP request that the signature covers. Header names are lower case. */
export interface SignedRequest {
  method: string;
  /** Path exactly as received, without the query string. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  headers: Record<string, string[] | undefined>;
  body: Buffer;
}

/** encodeURIComponent plus `!'()*`, the client's percent-encoding. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sorted `key=value` pairs; the client leaves keys unencoded and encodes values. */
export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${key}=${percentEncode(query[key] ?? '')}`)
    .join('&');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** StringToSign for the given request and signed header names (already sorted, lower case). */
export function stringToSign(req: SignedRequest, signedHeaders: string[], payloadHash: string): string {
  const headerLines = signedHeaders
    .map(
      (name) =>
        `${name}:${(req.headers[name] ?? [])
          .map((v) => v.trim())
          .sort()
          .join(',')}\n`,
    )
    .join('');
  const canonical = [req.method, req.path, canonicalQuery(req.query), headerLines, signedHeaders.join(';'), payloadHash].join('\n');
  return `${ALGORITHM}\n${sha256Hex(canonical)}`;
}

/** The access key id named by the Authorization header, if it parses (for request logs). */
export function credentialOf(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : AUTH_PATTERN.exec(authorization.trim())?.[2];
}

function header(req: SignedRequest, name: string): string | undefined {
  const values = req.headers[name];
  return values === undefined || values.length === 0 ? undefined : values.join(',');
}

function requireHeader(req: SignedRequest, name: string): string {
  const value = header(req, name);
  if (value === undefined || value === '') {
    throw new GatewayError(400, 'MissingParameter', `The required header "${name}" is missing.`);
  }
  return value;
}

/**
 * Checks the request's V3 signature against `keys` and returns the key that signed it.
 * Throws GatewayError with the gateway's codes. Error messages never carry a secret or the signature
 * the emulator expected; the server's StringToSign is included because it is only a hash.
 */
export function verifySignature(req: SignedRequest, keys: readonly EmulatorKey[], now: number, nonces: NonceCache): EmulatorKey {
  const authorization = header(req, 'authorization');
  if (authorization === undefined) {
    // The gateway's code for a missing Authorization header is not documented; our choice.
    throw new GatewayError(
      400,
      'MissingAuthorization',
      'The request is not signed: the Authorization header is missing (the emulator accepts ACS3-HMAC-SHA256 only).',
    );
  }
  const parts = AUTH_PATTERN.exec(authorization.trim());
  if (parts === null) {
    throw new GatewayError(
      400,
      'IncompleteSignature',
      'The Authorization header is malformed; expected "ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...".',
    );
  }
  const [, algorithm = '', accessKeyId = '', signedList = '', signature = ''] = parts;
  if (algorithm !== ALGORITHM) {
    throw new GatewayError(400, 'IncompleteSignature', `The signature algorithm "${algorithm}" is not supported; use ${ALGORITHM}.`);
  }
  const key = keys.find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) {
    throw new GatewayError(404, 'InvalidAccessKeyId.NotFound', 'The specified AccessKey ID does not exist.');
  }
  checkSecurityToken(req, key);

  const date = requireHeader(req, 'x-acs-date');
  const dateMs = DATE_PATTERN.test(date) ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(dateMs)) {
    throw new GatewayError(400, 'InvalidTimeStamp.Format', 'The x-acs-date header must be a UTC time like 2025-07-18T06:39:08Z.');
  }
  if (Math.abs(now - dateMs) > MAX_SKEW_MS) {
    throw new GatewayError(
      400,
      'InvalidTimeStamp.Expired',
      `The request time ${date} is more than 15 minutes away from the server time ${new Date(now).toISOString()}.`,
    );
  }
  const nonce = requireHeader(req, 'x-acs-signature-nonce');
  const payloadHash = requireHeader(req, 'x-acs-content-sha256');
  if (payloadHash !== sha256Hex(req.body)) {
    throw new GatewayError(400, 'SignatureDoesNotMatch', 'The x-acs-content-sha256 header does not match the SHA-256 of the request body.');
  }

  const signedHeaders = signedList.split(';').filter((name) => name !== '');
  const unsigned = Object.keys(req.headers).filter(
    (name) => (name === 'host' || name.startsWith('x-acs-')) && !signedHeaders.includes(name),
  );
  if (unsigned.length > 0) {
    throw new GatewayError(
      400,
      'IncompleteSignature',
      `These headers must be signed but are missing from SignedHeaders: ${unsigned.sort().join(', ')}.`,
    );
  }
  const sorted = [...signedHeaders].sort();
  const serverStringToSign = stringToSign(req, sorted, payloadHash);
  const expected = createHmac('sha256', key.accessKeySecret).update(serverStringToSign).digest();
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    const printable = serverStringToSign.replace('\n', '\\n');
    throw new GatewayError(
      400,
      'SignatureDoesNotMatch',
      `The request signature does not match the server's calculation. Check your AccessKey secret and signing method. Server StringToSign: ${printable}`,
    );
  }
  // Only a correctly signed request uses up its nonce, so forgeries cannot burn them.
  if (!nonces.use(`${accessKeyId}\n${nonce}`, now)) {
    throw new GatewayError(
      400,
      'SignatureNonceUsed',
      'The signature nonce has already been used; send a fresh x-acs-signature-nonce with every request.',
    );
  }
  return key;
}

/** STS credentials must send their token and the key id it belongs to; plain keys must not. */
function checkSecurityToken(req: SignedRequest, key: EmulatorKey): void {
  const token = header(req, 'x-acs-security-token');
  if (token === undefined) {
    if (key.securityToken !== undefined) {
      throw new GatewayError(
        400,
        'MissingSecurityToken',
        'This AccessKey is temporary (STS): send its security token in x-acs-security-token.',
      );
    }
    return;
  }
  const tokenOwner = header(req, 'x-acs-accesskey-id');
  if (key.securityToken === undefined || token !== key.securityToken || tokenOwner !== key.accessKeyId) {
    throw new GatewayError(
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
      'The security token does not belong to the AccessKey that signed the request.',
    );
  }
}
