/** A bare HTTP client for the approval page: sets Host and Origin freely, as a browser or an attacker could. */
import { request } from 'node:http';

export interface PageReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function fetchPage(
  url: string,
  options: { method?: string; host?: string; origin?: string; form?: Record<string, string> } = {},
): Promise<PageReply> {
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: {
          host: options.host ?? target.host,
          ...(options.origin ? { origin: options.origin } : {}),
          ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The nonce the page's buttons carry. */
export const nonceOf = (html: string): string => /name="nonce" value="([^"]+)"/.exec(html)?.[1] ?? '';
