/** Helpers for one HTTP exchange: a header's value, the size-capped JSON body, and the JSON replies the HTTP layer sends itself. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A header's first value (Node gives arrays for a few repeated headers). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/**
 * Reads and parses a JSON body of at most `maxBytes`. A declared Content-Length over the cap is refused
 * before anything is read; a chunked body is cut off as soon as it passes the cap. Either way the
 * caller should close the connection, since the rest of the body may still be on its way.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `Request body larger than ${maxBytes} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish(tooLarge);
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        finish({ ok: false, status: 400, message: 'Parse error: the request body is not valid JSON' });
      }
    };
    const onError = (): void => finish({ ok: false, status: 400, message: 'The request body could not be read' });
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** Sends a JSON body with an exact length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** An HTTP-level failure in the shape the MCP transport itself uses: a JSON-RPC error with id null. */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

/** JSON-RPC error codes used at the HTTP layer. */
export const RPC = { parseError: -32700, invalidRequest: -32600, serverError: -32000, sessionNotFound: -32001 } as const;
