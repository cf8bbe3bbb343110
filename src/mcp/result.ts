/** The only producers of tool results: one for success, one (the error funnel's) for every refusal and failure. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Preview } from '../domain/operation.js';
import { errorText } from '../errors/error-text.js';
import { redact } from '../redact/redact.js';
import { resourceLinksFor } from '../resources/links.js';
import { boundedJson, limitOutput } from '../util/output-limit.js';

const HOW_TO_GET_MORE =
  'ask for less at once: Detail "summary", a smaller PageSize or time window, RoundLimit for a transcript, or one instance at a time (ice://instances/{InstanceId})';

/**
 * The text copy of a result is whole up to this size. A larger result is whole once, in
 * structuredContent; its text copy keeps the same shape cut to this size, with a `TextCopy` note, so
 * a big describe costs its size on the wire once rather than twice.
 */
export const TEXT_COPY_LIMIT_BYTES = 64 * 1024;
const WHOLE = 'read structuredContent, which holds the whole result';

/**
 * The first text block: the JSON of `output`, or when that is large, the same JSON cut to a readable
 * size, saying where the rest is: structuredContent, and for a client that shows only text the
 * linked resources when there are any, and how to ask for less.
 */
function textCopy(output: Record<string, unknown>, json: { text: string; bytes: number }, linked: boolean): string {
  if (json.bytes <= TEXT_COPY_LIMIT_BYTES) return json.text;
  const howToGetMore = `${WHOLE}; a client that shows only text can ${linked ? 'read the linked ice:// resources or ' : ''}${HOW_TO_GET_MORE}`;
  const copy = limitOutput(output, { limitBytes: TEXT_COPY_LIMIT_BYTES, howToGetMore });
  return JSON.stringify({ ...(copy.value as Record<string, unknown>), TextCopy: copy.note?.text });
}

export interface Shown {
  /** A write's preview exactly as the person saw it. Made safe by guard/render.ts, so it is not redacted again. */
  preview?: Preview | undefined;
  previewText?: string | undefined;
}

/**
 * structuredContent, the same JSON as the first text block (cut when large, see TEXT_COPY_LIMIT_BYTES),
 * the next step and preview as a second one (some clients show only text), and links to resources.
 * Everything else is redacted here.
 */
export function successResult(structured: Record<string, unknown>, configuredRegion: string, shown: Shown = {}): CallToolResult {
  const whole: Record<string, unknown> = { ...redact(structured), ...(shown.preview ? { preview: shown.preview } : {}) };
  // A result over the output limit is cut with a note of what was left out and how to get it.
  const bounded = boundedJson(whole, HOW_TO_GET_MORE);
  const output = bounded.value as Record<string, unknown>;
  const next = typeof output.next === 'string' ? output.next : undefined;
  const guidance = [next, shown.previewText].filter(Boolean).join('\n');
  const links = resourceLinksFor(output, configuredRegion);
  return {
    content: [
      { type: 'text', text: textCopy(output, bounded, links.length > 0) },
      ...(guidance ? [{ type: 'text' as const, text: guidance }] : []),
      ...links,
    ],
    structuredContent: output,
  };
}

export function errorResult(error: unknown): CallToolResult {
  return { content: [{ type: 'text', text: errorText(error) }], isError: true };
}
