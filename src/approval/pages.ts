/**
 * One-time approval pages on 127.0.0.1. Each request gets an unguessable path (it travels only to the
 * browser, never to a tool result, resource, prompt or log) and a nonce its two buttons must carry.
 * Host must be this address and port (DNS rebinding); a POST must come from the page's own origin;
 * the page loads nothing (strict CSP) and runs no script.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Preview } from '../domain/operation.js';
import { STYLE, approvalPage, messagePage } from './html.js';

export type Decision = 'approve' | 'decline' | 'expired' | 'cancelled';

export interface ApprovalRequest {
  preview: Preview;
  timeoutMs: number;
  /** Aborted when the tool call is cancelled. */
  signal?: AbortSignal;
}

export interface ApprovalPages {
  /** Opens a page with `open(url)` and resolves with the person's decision. */
  ask(request: ApprovalRequest, open: (url: string) => Promise<void>): Promise<Decision>;
  close(): Promise<void>;
}

interface Pending {
  preview: Preview;
  nonce: string;
  expiresAt: Date;
  settle: (d: Decision) => void;
  /** Set once decided; later visits see the outcome. */
  outcome?: Decision;
}

const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
const HEADERS = {
  'content-security-policy': CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};
const OUTCOME_TEXT: Record<Decision, [string, string]> = {
  approve: ['Approved', 'The change is being sent. You can close this tab.'],
  decline: ['Declined', 'Nothing was sent. You can close this tab.'],
  expired: ['This request expired', 'Nobody decided in time, so nothing was sent. Ask your assistant again if you still want it.'],
  cancelled: ['This request was cancelled', 'The assistant withdrew it, so nothing was sent.'],
};

const same = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 4096) req.destroy();
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', () => resolve(new URLSearchParams()));
  });
}

export function createApprovalPages(now: () => number = Date.now): ApprovalPages {
  const pending = new Map<string, Pending>();
  let server: Server | undefined;
  let origin = '';

  const send = (res: ServerResponse, status: number, html: string): void => {
    res.writeHead(status, { ...HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    res.end(html);
  };
  const outcomePage = (res: ServerResponse, status: number, d: Decision): void => send(res, status, messagePage(...OUTCOME_TEXT[d]));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== origin.slice('http://'.length)) return send(res, 403, messagePage('Forbidden', 'Wrong Host for this page.'));
    const match = /^\/a\/([A-Za-z0-9_-]{43})(?:\/(approve|decline))?$/.exec(req.url ?? '');
    const page = match ? pending.get(match[1]!) : undefined;
    if (!match || !page) return send(res, 404, messagePage('Not found', 'There is no approval waiting here.'));
    if (req.method === 'GET' && !match[2]) {
      if (page.outcome) return outcomePage(res, 410, page.outcome);
      const view = { preview: page.preview, action: `/a/${match[1]}`, nonce: page.nonce, expiresAt: page.expiresAt.toISOString() };
      return send(res, 200, approvalPage(view));
    }
    if (req.method !== 'POST' || !match[2]) return send(res, 405, messagePage('Not allowed', 'Use the buttons on the page.'));
    if (req.headers.origin !== origin)
      return send(res, 403, messagePage('Forbidden', 'This decision did not come from the approval page.'));
    const nonce = (await readForm(req)).get('nonce') ?? '';
    if (!same(nonce, page.nonce)) return send(res, 403, messagePage('Forbidden', 'This decision did not come from the approval page.'));
    if (page.outcome) return outcomePage(res, 409, page.outcome);
    const decision: Decision = now() >= page.expiresAt.getTime() ? 'expired' : (match[2] as 'approve' | 'decline');
    page.settle(decision);
    return outcomePage(res, decision === 'expired' ? 410 : 200, decision);
  }

  async function listening(): Promise<void> {
    if (server) return;
    const s = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
    s.headersTimeout = 10_000;
    s.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => s.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    s.unref(); // an open page must not keep the process alive
    origin = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    server = s;
  }

  return {
    async ask(request, open) {
      await listening();
      const id = randomBytes(32).toString('base64url');
      return new Promise<Decision>((resolve, reject) => {
        const finish = (d: Decision): void => {
          const page = pending.get(id);
          if (!page || page.outcome) return;
          page.outcome = d;
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', onAbort);
          // The page stays answerable for a while, so a late visit says what happened.
          setTimeout(() => pending.delete(id), 60_000).unref();
          resolve(d);
        };
        const onAbort = (): void => finish('cancelled');
        const timer = setTimeout(() => finish('expired'), request.timeoutMs);
        timer.unref();
        pending.set(id, {
          preview: request.preview,
          nonce: randomBytes(24).toString('base64url'),
          expiresAt: new Date(now() + request.timeoutMs),
          settle: finish,
        });
        if (request.signal?.aborted) return finish('cancelled');
        request.signal?.addEventListener('abort', onAbort, { once: true });
        open(`${origin}/a/${id}`).catch((error: unknown) => {
          pending.delete(id);
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      });
    },
    async close() {
      for (const page of pending.values()) page.settle('cancelled');
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
