/** Asking the person on a local approval page in their browser, with progress while they decide. */
import type { ApprovalPages, Decision } from '../approval/index.js';
import type { Answer, Ask } from '../guard/enforce.js';
import type { Extra } from './elicitation.js';

export interface BrowserApproval {
  /** An approval page can reach the person here: a desktop session, or ICE_MCP_BROWSER. */
  available: boolean;
  /** `auto` may choose it: only on stdio, where the server runs on the person's own machine. */
  auto: boolean;
  open: (url: string) => Promise<void>;
  /** The page server, started on first use. */
  pages: () => Promise<ApprovalPages>;
  /** How often a waiting call sends a progress notification. */
  progressEveryMs: number;
}

const ANSWERS: Record<Decision, Answer> = { approve: 'confirm', decline: 'decline', expired: 'timeout', cancelled: 'cancel' };

export function browse(browser: BrowserApproval, extra: Extra, timeoutMs: number): Ask {
  return async (shown) => {
    const pages = await browser.pages();
    const token = extra._meta?.progressToken;
    let ticks = 0;
    // Progress keeps a client's own request timeout from ending the call while the person reads.
    const ticker =
      token === undefined
        ? undefined
        : setInterval(() => {
            ticks += 1;
            void extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken: token, progress: ticks, message: 'Waiting for the person to approve or decline in the browser' },
              })
              .catch(() => undefined);
          }, browser.progressEveryMs);
    try {
      return ANSWERS[await pages.ask({ preview: shown.preview, timeoutMs, signal: extra.signal }, browser.open)];
    } finally {
      if (ticker) clearInterval(ticker);
    }
  };
}
