/** The approval page: the preview and two buttons, as static HTML that loads nothing. */
import type { Preview } from '../domain/operation.js';
import { shown } from '../util/visible.js';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The page's only style; the CSP allows exactly this text by its hash. */
export const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
td code{white-space:pre-wrap;word-break:break-all}.meta{color:#555}ul{padding-left:1.2rem}
form{display:inline-block;margin-right:1rem}button{font-size:1rem;padding:.6rem 1.4rem;border-radius:.3rem;border:1px solid #444;cursor:pointer}
.approve{background:#0b6b2b;color:#fff}.decline{background:#fff}.done{padding:1rem;border:1px solid #999;border-radius:.3rem}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export interface PageView {
  preview: Preview;
  /** Where the buttons post to (the page's own path). */
  action: string;
  nonce: string;
  expiresAt: string;
}

/** What the write acts on; a write that creates its instance (an outbound call) has none yet. */
const target = (preview: Preview): string =>
  preview.InstanceId === undefined
    ? 'placing a new call'
    : `on instance <code>${escape(preview.InstanceId)}</code>, status ${escape(preview.Status ?? 'unknown')}`;

export function approvalPage(view: PageView): string {
  const { preview } = view;
  const rows = (preview.changes ?? [])
    .map(
      (c) =>
        `<tr><td><code>${escape(c.field)}</code></td><td><code>${escape(shown(c.from))}</code></td><td><code>${escape(shown(c.to))}</code></td></tr>`,
    )
    .join('');
  const table = rows ? `<table><thead><tr><th>Field</th><th>Now</th><th>Will be sent</th></tr></thead><tbody>${rows}</tbody></table>` : '';
  const effects = preview.summary.slice((preview.changes ?? []).length);
  const button = (decision: string, label: string) =>
    `<form method="post" action="${escape(view.action)}/${decision}"><input type="hidden" name="nonce" value="${escape(view.nonce)}"><button class="${decision}" type="submit">${label}</button></form>`;
  return layout(
    `Approve ${preview.action}?`,
    `<h1>Approve this change to a live AI agent call?</h1>
<p class="meta"><strong>${escape(preview.action)}</strong> ${target(preview)}, region ${escape(preview.RegionId)}.</p>
${table}${effects.length ? `<ul>${effects.map((line) => `<li>${escape(line)}</li>`).join('')}</ul>` : ''}
<p class="meta">Your assistant asked for this. Nothing is sent unless you approve. This page expires at ${escape(view.expiresAt)}.</p>
${button('approve', 'Approve and send')}${button('decline', 'Decline')}`,
  );
}

/** The page after a decision, or when there is nothing left to decide. */
export function messagePage(title: string, text: string): string {
  return layout(title, `<h1>${escape(title)}</h1><p class="done">${escape(text)}</p>`);
}
