/**
 * A person at the approval page, driven over plain HTTP: reads the page, then approves or declines
 * with its buttons' form. Used as the `open` of a browser approval, in place of a real browser.
 */
import { createApprovalPages } from '../../src/approval/pages.js';
import type { BrowserApproval } from '../../src/mcp/browser.js';
import { fetchPage, nonceOf } from './page-client.js';

export interface PersonAtBrowser {
  browser: BrowserApproval;
  /** Every page the person was shown (HTML). */
  pages: string[];
  /** Every URL opened: tests check it never shows up anywhere else. */
  urls: string[];
  /** What the person does next; may wait for something first. */
  decide: (choice: () => Promise<'approve' | 'decline' | 'ignore'>) => void;
}

export function personAtBrowser(options: { progressEveryMs?: number; auto?: boolean } = {}): PersonAtBrowser {
  const pages: string[] = [];
  const urls: string[] = [];
  let choice: () => Promise<'approve' | 'decline' | 'ignore'> = async () => 'approve';
  let server: ReturnType<typeof createApprovalPages> | undefined;
  const open = async (url: string): Promise<void> => {
    urls.push(url);
    void (async () => {
      const page = await fetchPage(url);
      pages.push(page.body);
      const what = await choice();
      if (what === 'ignore') return;
      await fetchPage(`${url}/${what}`, { origin: new URL(url).origin, form: { nonce: nonceOf(page.body) } });
    })();
  };
  return {
    browser: {
      available: true,
      auto: options.auto ?? true,
      open,
      pages: async () => (server ??= createApprovalPages()),
      progressEveryMs: options.progressEveryMs ?? 60_000,
    },
    pages,
    urls,
    decide: (c) => void (choice = c),
  };
}
