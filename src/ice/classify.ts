/** Turns whatever the client library threw into an IceError. */
import { redactText } from '../redact/redact.js';
import { IceError, isThrottlingCode } from '../errors/ice-error.js';
import { nonEmpty as str } from '../util/values.js';
import type { CallKind } from './types.js';

const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ESOCKETTIMEDOUT']);
// Codes that prove nothing reached the service, so even a write is known not to have happened.
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED']);

interface Raw {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  data?: unknown;
}

/**
 * Turns whatever the client library threw into an IceError.
 * `status` is the HTTP status observed on the wire, when the library lost it (non-JSON bodies).
 */
export function toIceError(err: unknown, action: string, kind: CallKind, status?: number): IceError {
  if (err instanceof IceError) return err;
  const error = classify(err, action, kind, status);
  error.write = kind === 'write';
  return error;
}

function classify(err: unknown, action: string, kind: CallKind, status?: number): IceError {
  const raw: Raw = typeof err === 'object' && err !== null ? (err as Raw) : {};
  const name = str(raw.name) ?? '';
  const code = str(raw.code) ?? '';
  const write = kind === 'write';

  if (raw.data && typeof raw.data === 'object' && typeof raw.statusCode === 'number') {
    const body = raw.data as Record<string, unknown>;
    const httpStatus = raw.statusCode;
    const serviceCode = str(body.Code) ?? (code || `HTTP${httpStatus}`);
    const transient = isThrottlingCode(serviceCode) || serviceCode === 'ServiceUnavailable' || httpStatus >= 500;
    return new IceError({
      kind: 'service',
      action,
      code: serviceCode,
      httpStatus,
      requestId: str(body.RequestId),
      message: redactText(str(body.Message) ?? `ICE returned HTTP ${httpStatus}`),
      retryable: transient,
      // A 5xx may come after the change was applied; throttling is refused before anything happens.
      ambiguous: write && httpStatus >= 500 && !isThrottlingCode(serviceCode),
    });
  }
  if (name === 'SyntaxError') {
    const known = status !== undefined && status > 0;
    return new IceError({
      kind: 'bad-response',
      action,
      code: 'InvalidResponse',
      ...(known ? { httpStatus: status } : {}),
      message: known
        ? `ICE answered HTTP ${status} with a body that is not JSON (typically a gateway or proxy error page)`
        : 'ICE answered with a body that is not JSON (typically a gateway or proxy error page)',
      // A garbled success or gateway page is worth another read; a non-JSON 4xx (a wrong endpoint) is not.
      retryable: !known || status < 400 || status >= 500,
      ambiguous: write,
    });
  }
  if (name === 'RequestTimeoutError' || name.endsWith('RequestTimeoutError')) {
    return new IceError({
      kind: 'timeout',
      action,
      code: 'RequestTimeout',
      message: 'ICE did not answer within the configured timeout',
      retryable: true,
      ambiguous: write,
    });
  }
  if (code === 'InvalidCredentials' || code === 'CredentialsUnavailable') {
    return new IceError({
      kind: 'credentials',
      action,
      code: 'InvalidCredentials',
      message: 'No usable Alibaba Cloud credentials were found',
    });
  }
  if (code && /^E[A-Z_]+$/.test(code)) {
    return new IceError({
      kind: 'network',
      action,
      code: 'NetworkError',
      message: `Network error talking to ICE (${code})`,
      retryable: TRANSIENT_NETWORK.has(code),
      ambiguous: write && !NEVER_SENT.has(code),
    });
  }
  const message = str(raw.message) ?? '';
  if (/socket hang up/i.test(message)) {
    return new IceError({
      kind: 'network',
      action,
      code: 'NetworkError',
      message: 'Network error talking to ICE (connection closed before a response)',
      retryable: true,
      ambiguous: write,
    });
  }
  return new IceError({
    kind: 'bad-response',
    action,
    code: code && /^[A-Za-z.]+$/.test(code) ? code : 'UnexpectedError',
    // Library messages can embed the request URL; keep only a redacted first line without URLs.
    message: redactText(message.split('\n')[0]?.replace(/\bhttps?:\/\/\S+/g, '[url]') ?? 'Unexpected error'),
    ambiguous: write,
  });
}
