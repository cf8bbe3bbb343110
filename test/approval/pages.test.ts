/** The approval page server over real HTTP on loopback: what a browser, or a hostile page, can do. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalPages, type ApprovalPages, type Decision } from '../../src/approval/pages.js';
import type { Preview } from '../../src/domain/operation.js';
import { fetchPage, nonceOf } from '../helpers/page-client.js';

const preview: Preview = {
  action: 'UpdateAIAgentInstance',
  InstanceId: 'inst-0001',
  RegionId: 'cn-shanghai',
  Status: 'Executing',
  changes: [{ field: 'AgentConfig.Greeting', from: 'Hi <b>there</b>', to: 'Hello\u202E' }],
  summary: ['AgentConfig.Greeting: "Hi <b>there</b>" -> "Hello<U+202E>"', 'Merged into the running configuration.'],
};

let pages: ApprovalPages;
beforeAll(() => void (pages = createApprovalPages()));
afterAll(() => pages.close());

/** Starts an approval and hands back its URL and the pending decision. */
async function opened(timeoutMs = 60_000, signal?: AbortSignal): Promise<{ url: string; decision: Promise<Decision>; origin: string }> {
  let url = '';
  let ready!: () => void;
  const shownUp = new Promise<void>((resolve) => (ready = resolve));
  const decision = pages.ask({ preview, timeoutMs, ...(signal ? { signal } : {}) }, async (u) => {
    url = u;
    ready();
  });
  await shownUp;
  return { url, decision, origin: new URL(url).origin };
}

describe('the approval page', () => {
  it('is served on 127.0.0.1 under an unguessable path, with a strict CSP and the preview escaped', async () => {
    const { url, decision, origin } = await opened();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/a\/[A-Za-z0-9_-]{43}$/);
    const page = await fetchPage(url);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'; form-action 'self'; frame-ancestors 'none'/,
    );
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).not.toMatch(/<script/i);
    expect(page.body).toContain('inst-0001');
    expect(page.body).toContain('Hi &lt;b&gt;there&lt;/b&gt;'); // instance data cannot inject markup
    expect(page.body).toContain('Hello&lt;U+202E&gt;');
    expect(page.body).not.toContain('\u202E');
    expect(nonceOf(page.body)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await fetchPage(`${url}/decline`, { origin, form: { nonce: nonceOf(page.body) } });
    expect(await decision).toBe('decline');
  });

  it('answers only to its own Host (DNS rebinding) and unknown paths get 404', async () => {
    const { url, decision, origin } = await opened();
    const port = new URL(url).port;
    for (const host of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`]) {
      expect((await fetchPage(url, { host })).status, host).toBe(403);
    }
    expect((await fetchPage(`${origin}/a/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await fetchPage(`${origin}/`)).status).toBe(404);
    const nonce = nonceOf((await fetchPage(url)).body);
    await fetchPage(`${url}/decline`, { origin, form: { nonce } });
    expect(await decision).toBe('decline');
  });

  it('takes a decision only as a POST from its own origin carrying the page nonce; a replay changes nothing', async () => {
    const { url, decision, origin } = await opened();
    const nonce = nonceOf((await fetchPage(url)).body);
    expect((await fetchPage(`${url}/approve`, { origin, form: {} })).status).toBe(403);
    expect((await fetchPage(`${url}/approve`, { origin, form: { nonce: 'x'.repeat(32) } })).status).toBe(403);
    expect((await fetchPage(`${url}/approve`, { origin: 'http://evil.example', form: { nonce } })).status).toBe(403);
    expect((await fetchPage(`${url}/approve`, { form: { nonce } })).status).toBe(403); // no Origin at all
    expect((await fetchPage(`${url}/approve`, { method: 'GET' })).status).toBe(405);
    const approved = await fetchPage(`${url}/approve`, { origin, form: { nonce } });
    expect(approved.status).toBe(200);
    expect(approved.body).toContain('Approved');
    expect(await decision).toBe('approve');
    const replay = await fetchPage(`${url}/decline`, { origin, form: { nonce } });
    expect(replay.status).toBe(409);
    expect(replay.body).toContain('Approved');
    expect((await fetchPage(url)).status).toBe(410);
  });

  it('says when the request expired, and an expired page takes no decision', async () => {
    const { url, decision, origin } = await opened(50);
    const nonce = nonceOf((await fetchPage(url)).body);
    expect(await decision).toBe('expired');
    const late = await fetchPage(`${url}/approve`, { origin, form: { nonce } });
    expect(late.status).toBe(409);
    expect(late.body).toContain('expired');
    expect((await fetchPage(url)).body).toContain('expired');
  });

  it('says when the call was cancelled', async () => {
    const controller = new AbortController();
    const { url, decision } = await opened(60_000, controller.signal);
    controller.abort();
    expect(await decision).toBe('cancelled');
    const page = await fetchPage(url);
    expect(page.status).toBe(410);
    expect(page.body).toContain('cancelled');
  });

  it('fails the ask when the browser cannot be opened, leaving nothing pending', async () => {
    await expect(pages.ask({ preview, timeoutMs: 60_000 }, async () => Promise.reject(new Error('no browser')))).rejects.toThrow(
      'no browser',
    );
  });
});
