/** One ICE API request: record it, apply faults and latency, check it, run the action, answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError, errorBody, newRequestId } from './gateway-error.js';
import { htmlErrorPage, xmlErrorBody, type FaultOutcome, type FaultQueue } from './faults.js';
import type { NonceCache } from './nonce-cache.js';
import type { OperationContext } from './operation-context.js';
import { API_VERSION, operationFor } from './operations.js';
import type { RequestLog } from './request-log.js';
import { credentialOf, verifySignature } from './signature.js';
import type { EmulatorKey, RecordedRequest } from './types.js';

export interface ApiDeps {
  keys: readonly EmulatorKey[];
  now: () => number;
  nonces: NonceCache;
  faults: FaultQueue;
  log: RequestLog;
  ctx: OperationContext;
  latencyMs: () => number;
  /** Runs `fn` after `ms`, on a timer the emulator cancels when it closes. */
  schedule: (ms: number, fn: () => void) => void;
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string, requestId: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'x-acs-request-id': requestId });
  res.end(text);
}

const sendJson = (res: ServerResponse, status: number, body: unknown, requestId: string): void =>
  sendText(res, status, 'application/json;charset=utf-8', JSON.stringify(body), requestId);

/** Query parameters plus, for a form-encoded body, the body's fields (the query wins). */
function readParams(url: URL, req: IncomingMessage, body: Buffer): { query: Record<string, string>; params: Record<string, string> } {
  const query = Object.fromEntries(url.searchParams);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0 || !type.startsWith('application/x-www-form-urlencoded')) return { query, params: query };
  return { query, params: { ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))), ...query } };
}

/** Everything known about one API call while it is being answered. */
interface ApiCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: Record<string, string>;
  params: Record<string, string>;
  body: Buffer;
  record: RecordedRequest;
}

export function handleApiRequest(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, deps: ApiDeps): void {
  const requestId = newRequestId();
  const { query, params } = readParams(url, req, body);
  const actionHeader = req.headers['x-acs-action'];
  const action = (typeof actionHeader === 'string' ? actionHeader : undefined) ?? params.Action ?? '';
  const record = deps.log.add({
    time: new Date(deps.now()).toISOString(),
    action,
    params,
    accessKeyId: credentialOf(req.headers.authorization),
    status: 0,
    requestId,
  });
  const call: ApiCall = { req, res, url, query, params, body, record };
  const fault = deps.faults.take(action);
  const answer = (): void => {
    if (fault === undefined || fault.kind === 'delay') respond(call, deps);
    else applyFault(fault, call);
  };
  const delay = deps.latencyMs() + (fault?.latencyMs ?? 0);
  if (delay > 0) deps.schedule(delay, answer);
  else answer();
}

function applyFault(fault: Exclude<FaultOutcome, { kind: 'delay' }>, { req, res, record }: ApiCall): void {
  switch (fault.kind) {
    case 'reset':
      req.socket.destroy();
      return;
    case 'hang':
      return;
    case 'html': {
      const page = htmlErrorPage(fault.status);
      record.status = fault.status;
      res.writeHead(fault.status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    case 'error': {
      record.status = fault.status;
      record.code = fault.code;
      const body = errorBody(record.requestId, req.headers.host ?? '', fault.code, fault.message);
      // text/xml;charset=utf-8: the exact type the Alibaba Cloud client reads as XML (it compares the whole header).
      if (fault.xml) sendText(res, fault.status, 'text/xml;charset=utf-8', xmlErrorBody(body), record.requestId);
      else sendJson(res, fault.status, body, record.requestId);
    }
  }
}

function respond({ req, res, url, query, params, body, record }: ApiCall, deps: ApiDeps): void {
  try {
    const operation = checkRequest(req, url, record.action);
    verifySignature(
      { method: req.method ?? '', path: url.pathname, query, headers: req.headersDistinct, body },
      deps.keys,
      deps.now(),
      deps.nonces,
    );
    const result = operation(params, deps.ctx);
    record.status = 200;
    sendJson(res, 200, { RequestId: record.requestId, ...result }, record.requestId);
  } catch (err) {
    const failure =
      err instanceof GatewayError ? err : new GatewayError(500, 'InternalError', 'The emulator failed to process the request.');
    record.status = failure.status;
    record.code = failure.code;
    sendJson(res, failure.status, errorBody(record.requestId, req.headers.host ?? '', failure.code, failure.message), record.requestId);
  }
}

/** Gateway-level checks that come before the signature: path, method, action and version. */
function checkRequest(req: IncomingMessage, url: URL, action: string): ReturnType<typeof operationFor> {
  if (url.pathname !== '/') {
    throw new GatewayError(404, 'InvalidAction.NotFound', `RPC-style requests use the path "/", not "${url.pathname}".`);
  }
  if (req.method !== 'POST' && req.method !== 'GET') {
    throw new GatewayError(400, 'UnsupportedHTTPMethod', `The HTTP method ${req.method ?? ''} is not supported; use POST or GET.`);
  }
  if (action === '') throw new GatewayError(400, 'MissingParameter', 'The required header "x-acs-action" is missing.');
  const version = req.headers['x-acs-version'];
  if (typeof version !== 'string' || version === '') {
    throw new GatewayError(400, 'MissingParameter', 'The required header "x-acs-version" is missing.');
  }
  if (version !== API_VERSION) {
    throw new GatewayError(400, 'InvalidVersion', `The API version "${version}" is not valid for ICE; use ${API_VERSION}.`);
  }
  return operationFor(action);
}
