/**
 * A small load balancer on loopback: new clients go round-robin, a request naming an Mcp-Session-Id
 * goes to the backend that created that session (sticky sessions). It can cut an SSE response just
 * before an event that matches a pattern, as a proxy timing out a stream would.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  url: string;
  /** Cut the next SSE response that is about to carry an event containing `text`; resolves when cut. */
  cutBefore(text: string): Promise<void>;
  /** Backends by port, to route to again after a restart. */
  setBackends(ports: number[]): void;
  close(): Promise<void>;
}

export async function startProxy(ports: number[]): Promise<Proxy> {
  let backends = [...ports];
  let next = 0;
  const sticky = new Map<string, number>();
  let cut: { text: string; done: () => void } | undefined;

  const server: Server = createServer((req, res) => {
    const session = req.headers['mcp-session-id'];
    const port = (typeof session === 'string' ? sticky.get(session) : undefined) ?? backends[next++ % backends.length]!;
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${port}` }, agent: false },
      (up: IncomingMessage) => {
        const id = up.headers['mcp-session-id'];
        if (typeof id === 'string') sticky.set(id, port);
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (!String(up.headers['content-type']).startsWith('text/event-stream')) {
          up.pipe(res);
          return;
        }
        let pending = '';
        up.on('data', (chunk: Buffer) => {
          pending += chunk.toString('utf8');
          let end: number;
          while ((end = pending.indexOf('\n\n')) >= 0) {
            const event = pending.slice(0, end + 2);
            pending = pending.slice(end + 2);
            if (cut && event.includes(cut.text)) {
              const { done } = cut;
              cut = undefined;
              // End (not reset) the client's side, so what was already written reaches it; the server
              // sees its stream close, as when a proxy times one out.
              res.end();
              up.destroy();
              done();
              return;
            }
            res.write(event);
          }
        });
        up.on('end', () => res.end(pending));
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    cutBefore: (text) => new Promise((resolve) => void (cut = { text, done: resolve })),
    setBackends: (list) => {
      backends = [...list];
      sticky.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
