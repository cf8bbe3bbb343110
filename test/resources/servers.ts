/** Tiny loopback HTTP servers that play misbehaving call-log hosts, and a front for the emulator. */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  baseUrl: string;
  /** Paths requested, in order. */
  paths: string[];
  close: () => Promise<void>;
}

/** Starts a server on a free loopback port; `close` also drops hanging and keep-alive sockets. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sendJson = (res: ServerResponse, body: string, headers: Record<string, string | number> = {}): void => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
};

/** A JSON document of exactly `bytes` bytes: one string. */
export const jsonOfSize = (bytes: number): string => `"${'a'.repeat(bytes - 2)}"`;

/** Sends `body` in chunks without a content-length (chunked transfer encoding). */
export function sendChunked(res: ServerResponse, body: string, contentType = 'application/json'): void {
  res.writeHead(200, { 'content-type': contentType });
  const chunk = 64 * 1024;
  for (let i = 0; i < body.length; i += chunk) res.write(body.slice(i, i + chunk));
  res.end();
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-length': 0 });
  res.end();
}

/**
 * A front that serves `routes` itself and passes every other request to the emulator, unchanged.
 * Configured as the ICE endpoint, it is "the configured endpoint" whose http call logs are allowed.
 */
export async function startFront(routes: Record<string, Handler>, upstream: () => string): Promise<TestServer> {
  return startServer((req, res) => {
    const own = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (own) return own(req, res);
    const [hostname, port] = upstream().split(':');
    const out = request({ hostname, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
}
